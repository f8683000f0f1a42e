from django.urls import path

from research import files
from research.closing import views as acceptance
from research.councils import views as councils
from research.documents import views as minutes_documents
from research.orders import views as orders
from research.outputs import views as declarations
from research.personal import calendar_views as calendar
from research.personal import dashboard
from research.personal import inbox_views as inbox
from research.proposals.views import meetings as proposal_meetings
from research.proposals.views import workspace
from research.proposals.views import writing as proposal_forms
from research.standard import views as contribution
from research.topics import views as topics

app_name = "research"

urlpatterns = [
    path("research/files/<path:name>", files.private_file, name="private-file"),
    path("workspace/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("workspace/proposals/", workspace.ProposalListView.as_view(), name="proposal-list"),
    path(
        "workspace/proposals/new/",
        proposal_forms.ProposalCreateView.as_view(),
        name="proposal-create",
    ),
    path(
        "workspace/proposals/similar/",
        proposal_forms.SimilarDraftView.as_view(),
        name="proposal-similar",
    ),
    path(
        "workspace/proposals/<int:pk>/",
        workspace.ProposalDetailView.as_view(),
        name="proposal-detail",
    ),
    path(
        "workspace/proposals/<int:pk>/edit/",
        proposal_forms.ProposalUpdateView.as_view(),
        name="proposal-edit",
    ),
    path(
        "workspace/proposals/<int:pk>/submit/",
        proposal_forms.SubmitProposalView.as_view(),
        name="proposal-submit",
    ),
    path(
        "workspace/proposals/<int:pk>/withdraw/",
        workspace.WithdrawProposalView.as_view(),
        name="proposal-withdraw",
    ),
    path(
        "workspace/proposals/<int:pk>/compare/",
        workspace.CompareVersionsView.as_view(),
        name="proposal-compare",
    ),
    path(
        "workspace/proposals/<int:pk>/meeting/",
        proposal_meetings.MeetingView.as_view(),
        name="proposal-meeting",
    ),
    path(
        "workspace/proposals/<int:pk>/meeting/schedule/",
        proposal_meetings.ScheduleProposalMeetingView.as_view(),
        name="proposal-meeting-schedule",
    ),
    path(
        "workspace/proposals/<int:pk>/decision/",
        proposal_meetings.RecordDecisionView.as_view(),
        name="proposal-decision",
    ),
    path(
        "workspace/proposals/<int:pk>/minutes/",
        proposal_meetings.MinutesView.as_view(),
        name="proposal-minutes",
    ),
    path(
        "workspace/proposals/<int:pk>/minutes.docx",
        minutes_documents.ProposalMinutesDocumentView.as_view(),
        name="proposal-minutes-docx",
    ),
    path("workspace/topics/<int:pk>/", topics.TopicDetailView.as_view(), name="topic-detail"),
    path(
        "workspace/topics/<int:pk>/minutes.docx",
        minutes_documents.TopicMinutesDocumentView.as_view(),
        name="topic-minutes-docx",
    ),
    path(
        "workspace/topics/<int:pk>/report/",
        topics.SubmitProgressReportView.as_view(),
        name="topic-report",
    ),
    path(
        "workspace/topics/<int:pk>/request/",
        topics.RequestChangeView.as_view(),
        name="topic-request",
    ),
    path(
        "workspace/topics/<int:pk>/self-evaluation/",
        acceptance.SelfEvaluationView.as_view(),
        name="topic-self-evaluation",
    ),
    path(
        "workspace/topics/<int:pk>/meeting/",
        acceptance.TopicMeetingView.as_view(),
        name="topic-meeting",
    ),
    path(
        "workspace/topics/<int:pk>/meeting/schedule/",
        acceptance.ScheduleTopicMeetingView.as_view(),
        name="topic-meeting-schedule",
    ),
    path(
        "workspace/topics/<int:pk>/decision/",
        acceptance.RecordAcceptanceView.as_view(),
        name="topic-decision",
    ),
    path(
        "workspace/topics/<int:pk>/minutes/",
        acceptance.TopicMinutesView.as_view(),
        name="topic-minutes",
    ),
    path("workspace/orders/", orders.OrderListView.as_view(), name="order-list"),
    path("workspace/orders/<int:pk>/", orders.OrderDetailView.as_view(), name="order-detail"),
    path("workspace/inbox/", inbox.InboxView.as_view(), name="inbox"),
    path("workspace/inbox/<int:pk>/", inbox.MessageView.as_view(), name="inbox-message"),
    path("workspace/inbox/read/", inbox.MarkMessageView.as_view(), name="inbox-read-all"),
    path(
        "workspace/inbox/<int:pk>/unread/",
        inbox.MarkMessageView.as_view(),
        name="inbox-unread",
    ),
    path("workspace/calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path(
        "workspace/contribution/",
        contribution.ContributionView.as_view(),
        name="contribution",
    ),
    path(
        "workspace/declare/output/", declarations.DeclareOutputView.as_view(), name="declare-output"
    ),
    path(
        "workspace/declare/output/<int:pk>/",
        declarations.DeclareOutputView.as_view(),
        name="declare-output-edit",
    ),
    path(
        "workspace/declare/fieldwork/",
        declarations.DeclareFieldworkView.as_view(),
        name="declare-fieldwork",
    ),
    path(
        "workspace/declare/fieldwork/<int:pk>/",
        declarations.DeclareFieldworkView.as_view(),
        name="declare-fieldwork-edit",
    ),
    path(
        "workspace/declare/event/",
        declarations.DeclareParticipationView.as_view(),
        name="declare-event",
    ),
    path(
        "workspace/declare/event/<int:pk>/",
        declarations.DeclareParticipationView.as_view(),
        name="declare-event-edit",
    ),
    path(
        "workspace/authorships/<int:pk>/confirm/",
        declarations.ConfirmAuthorshipView.as_view(),
        name="confirm-authorship",
    ),
    path(
        "workspace/calendar/renew/",
        calendar.RenewCalendarTokenView.as_view(),
        name="calendar-renew",
    ),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
    path("workspace/reviews/", councils.ReviewListView.as_view(), name="review-list"),
    path("workspace/reviews/<int:pk>/", councils.ScoreSheetView.as_view(), name="review-detail"),
    path(
        "workspace/reviews/<int:pk>/conflict/",
        councils.DeclareConflictView.as_view(),
        name="review-conflict",
    ),
    path(
        "workspace/reviews/<int:pk>/resolve/",
        councils.ResolveConflictView.as_view(),
        name="review-resolve",
    ),
]
