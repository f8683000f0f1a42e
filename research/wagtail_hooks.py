import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from research import permissions
from research.actions import ChangeTopicStatus
from research.admin_proposals import (
    AssignView,
    EligibilityView,
    OverrideView,
    ProposalInspectView,
    ReturnView,
)
from research.admin_reports import DeadlineReportView, FundingReportView
from research.admin_views import (
    AssignAcceptanceCouncilView,
    ChangeDeadlineView,
    DecideReportView,
    DecideRequestView,
    ListingIndexView,
    TopicEditView,
    TopicInspectView,
    TopicStatusView,
)
from research.filters import OutputFilterSet, PersonFilterSet, TopicFilterSet
from research.forms import CouncilAdminForm, TopicAdminForm
from research.models import (
    Call,
    ChangeKind,
    Council,
    DeadlineKind,
    DeadlineRule,
    FundingSource,
    OrderingBody,
    Output,
    Person,
    Proposal,
    ProposalStatus,
    ReportStatus,
    RequestStatus,
    ResearchField,
    Rubric,
    Topic,
    TopicStatus,
    Unit,
)


class OverdueColumn(Column):
    def get_value(self, instance):
        return _("Overdue") if instance.is_overdue else ""


class TopicViewSet(ModelViewSet):
    model = Topic
    icon = "doc-full-inverse"
    menu_label = _("Topics")
    url_prefix = "research/topics"
    index_view_class = ListingIndexView
    edit_view_class = TopicEditView
    inspect_view_class = TopicInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = TopicFilterSet
    list_per_page = 25
    list_display = [
        Column("code", label=_("Code")),
        # The title opens the whole record (inspect); editing is one click further.
        TitleColumn("title", label=_("Title"), get_url=lambda topic: topic.get_admin_url()),
        Column("principal", label=_("Principal investigator"), accessor="principal"),
        Column("level", label=_("Level"), accessor="get_level_display"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda topic: topic.status in (TopicStatus.IN_PROGRESS, TopicStatus.EXTENDED),
        ),
        OverdueColumn("overdue", label=_("Overdue")),
        "planned_end",
    ]
    list_export = ["code", "title", "level", "status", "unit", "planned_start", "planned_end"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("code"),
                    FieldPanel("title"),
                    FieldPanel("title_en"),
                    FieldPanel("summary"),
                    FieldPanel("keywords"),
                    FieldRowPanel([FieldPanel("level"), FieldPanel("field")]),
                    FieldRowPanel([FieldPanel("origin"), FieldPanel("ordering_body")]),
                    FieldRowPanel([FieldPanel("school_role"), FieldPanel("legal_basis")]),
                    FieldPanel("unit"),
                    FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
                    FieldRowPanel([FieldPanel("contract_number"), FieldPanel("contract_date")]),
                ],
                heading=_("Topic"),
            ),
            ObjectList([InlinePanel("members", heading=_("Team"), min_num=1)], heading=_("Team")),
            ObjectList(
                [
                    InlinePanel("funding_lines", heading=_("Approved funding by source")),
                    InlinePanel("tranches", heading=_("Disbursement tranches")),
                ],
                heading=_("Funding"),
            ),
            ObjectList([InlinePanel("deadlines", heading=_("Deadlines"))], heading=_("Deadlines")),
        ],
        base_form_class=TopicAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/status/", TopicStatusView.as_view(), name="status"),
            path("<int:pk>/reports/<int:item>/", DecideReportView.as_view(), name="decide-report"),
            path(
                "<int:pk>/requests/<int:item>/", DecideRequestView.as_view(), name="decide-request"
            ),
            path(
                "<int:pk>/deadlines/<int:item>/",
                ChangeDeadlineView.as_view(),
                name="change-deadline",
            ),
            path(
                "<int:pk>/acceptance/",
                AssignAcceptanceCouncilView.as_view(),
                name="assign-acceptance",
            ),
        ]


class OutputViewSet(ModelViewSet):
    model = Output
    icon = "doc-full"
    index_view_class = ListingIndexView
    menu_label = _("Outputs")
    url_prefix = "research/outputs"
    filterset_class = OutputFilterSet
    copy_view_enabled = False
    list_per_page = 25
    list_display = [
        "title",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "published_on",
        "topic",
        "is_public",
    ]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on")]),
        FieldPanel("title"),
        FieldPanel("abstract"),
        FieldPanel("keywords"),
        FieldPanel("topic"),
        InlinePanel("authors", heading=_("Authors"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
                FieldRowPanel([FieldPanel("issn"), FieldPanel("isbn")]),
                FieldPanel("publisher"),
                FieldPanel("url"),
            ],
            heading=_("Bibliographic data"),
        ),
        InlinePanel("files", heading=_("Files")),
        FieldPanel("is_public"),
    ]


class PersonViewSet(ModelViewSet):
    model = Person
    icon = "user"
    index_view_class = ListingIndexView
    menu_label = _("People")
    url_prefix = "research/people"
    filterset_class = PersonFilterSet
    copy_view_enabled = False
    list_display = [
        "display_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "unit",
        "email",
    ]
    form_fields = [
        "full_name",
        "kind",
        "academic_title",
        "degree",
        "unit",
        "affiliation",
        "email",
        "user",
        "photo",
        "bio",
    ]


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    url_prefix = "research/units"
    copy_view_enabled = False
    list_display = [
        "name",
        "short_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
    ]
    form_fields = ["name", "short_name", "kind", "sort_order"]


class ProposalEditView(EditView):
    """Proposals change only as drafts or when a revision is asked for: submitted versions are frozen."""

    def dispatch(self, request, *args, **kwargs):
        proposal = get_object_or_404(Proposal, pk=kwargs["pk"])
        if not proposal.is_editable:
            messages.error(
                request, _("A submitted proposal is not edited; return it for revision instead.")
            )
            return redirect(reverse("research_proposal:inspect", args=[proposal.pk]))
        return super().dispatch(request, *args, **kwargs)


class ProposalViewSet(ModelViewSet):
    model = Proposal
    icon = "form"
    menu_label = _("Proposals")
    url_prefix = "research/proposals"
    index_view_class = ListingIndexView
    inspect_view_class = ProposalInspectView
    edit_view_class = ProposalEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status", "call", "level", "origin"]
    list_display = [
        Column("code", label=_("Code")),
        TitleColumn(
            "title",
            label=_("Title"),
            get_url=lambda p: reverse("research_proposal:inspect", args=[p.pk]),
        ),
        Column("principal", label=_("Principal investigator")),
        Column("call", label=_("Call")),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda p: p.status == "in_review",
        ),
        Column("version", label=_("Version")),
    ]
    panels = [
        FieldRowPanel([FieldPanel("call"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("origin"), FieldPanel("ordering_body")]),
        FieldRowPanel([FieldPanel("principal"), FieldPanel("unit")]),
        FieldPanel("title"),
        FieldPanel("keywords"),
        FieldRowPanel([FieldPanel("field"), FieldPanel("duration_months")]),
        FieldPanel("urgency"),
        FieldPanel("objectives"),
        FieldPanel("content_methods"),
        FieldPanel("schedule"),
        InlinePanel("members", heading=_("Team")),
        InlinePanel("expected_outputs", heading=_("Expected outputs")),
        InlinePanel("budget_items", heading=_("Requested budget")),
        InlinePanel("attachments", heading=_("Attachments")),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/eligibility/", EligibilityView.as_view(), name="eligibility"),
            path("<int:pk>/override/", OverrideView.as_view(), name="override"),
            path("<int:pk>/return/", ReturnView.as_view(), name="return"),
            path("<int:pk>/assign/", AssignView.as_view(), name="assign"),
        ]


class CallViewSet(ModelViewSet):
    model = Call
    icon = "date"
    menu_label = _("Calls for proposals")
    url_prefix = "research/calls"
    copy_view_enabled = False
    list_filter = ["year", "level"]
    list_display = [
        "title",
        "year",
        Column("level", label=_("Level"), accessor="get_level_display"),
        "opens_at",
        "closes_at",
    ]
    form_fields = [
        "title",
        "year",
        "level",
        "directions",
        "opens_at",
        "closes_at",
        "budget_ceiling",
        "rubric",
        "council",
        "blind_review",
        "review_due_on",
    ]


class CouncilViewSet(ModelViewSet):
    model = Council
    icon = "group"
    menu_label = _("Councils")
    url_prefix = "research/councils"
    index_view_class = ListingIndexView
    copy_view_enabled = False
    list_display = ["name", "rubric", "standing", "decision_number"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("rubric"), FieldPanel("decision_number")]),
            FieldPanel("standing"),
            InlinePanel("members", heading=_("Members"), min_num=1),
        ],
        base_form_class=CouncilAdminForm,
    )


class RubricViewSet(ModelViewSet):
    model = Rubric
    icon = "tasks"
    menu_label = _("Rubrics")
    url_prefix = "research/rubrics"
    copy_view_enabled = False
    list_display = ["name", Column("kind", label=_("Kind"), accessor="get_kind_display")]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("outlier_threshold"),
                FieldRowPanel([FieldPanel("quorum_numerator"), FieldPanel("quorum_denominator")]),
                FieldRowPanel(
                    [FieldPanel("approval_numerator"), FieldPanel("approval_denominator")]
                ),
                FieldRowPanel([FieldPanel("min_members"), FieldPanel("max_members")]),
                FieldPanel("coauthor_years"),
            ],
            heading=_("Council rules"),
        ),
        InlinePanel("criteria", heading=_("Criteria"), min_num=1),
        InlinePanel("grade_bands", heading=_("Grade bands (acceptance rubrics)")),
    ]


class DeadlineRuleViewSet(ModelViewSet):
    model = DeadlineRule
    icon = "time"
    menu_label = _("Deadline rules")
    url_prefix = "research/deadline-rules"
    copy_view_enabled = False
    list_display = [
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("legal_basis", label=_("Legal basis"), accessor="get_legal_basis_display"),
        "offset_days",
        "every_months",
    ]
    form_fields = ["kind", "level", "legal_basis", "anchor", "offset_days", "every_months"]


class ReferenceViewSet(ModelViewSet):
    icon = "list-ul"
    copy_view_enabled = False
    list_display = ["name", "sort_order"]


class ResearchViewSetGroup(ViewSetGroup):
    menu_label = _("Research")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        TopicViewSet("research_topic"),
        ProposalViewSet("research_proposal"),
        CallViewSet("research_call"),
        CouncilViewSet("research_council"),
        RubricViewSet("research_rubric"),
        DeadlineRuleViewSet("research_deadline_rule"),
        OutputViewSet("research_output"),
        PersonViewSet("research_person"),
        UnitViewSet("research_unit"),
        ReferenceViewSet(
            "research_field",
            model=ResearchField,
            url_prefix="research/fields",
            form_fields=["name", "sort_order"],
        ),
        ReferenceViewSet(
            "research_ordering_body",
            model=OrderingBody,
            url_prefix="research/ordering-bodies",
            form_fields=["name", "short_name", "sort_order"],
        ),
        ReferenceViewSet(
            "research_funding_source",
            model=FundingSource,
            url_prefix="research/funding-sources",
            form_fields=["name", "code", "sort_order"],
        ),
    )


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(permissions.check(request.user, "view_reports"))


@hooks.register("register_admin_urls")
def register_research_report_urls():
    urls = [
        path("deadlines/", DeadlineReportView.as_view(), name="deadlines"),
        path(
            "deadlines/results/",
            DeadlineReportView.as_view(results_only=True),
            name="deadlines_results",
        ),
        path("funding/", FundingReportView.as_view(), name="funding"),
        path(
            "funding/results/", FundingReportView.as_view(results_only=True), name="funding_results"
        ),
    ]
    return [
        path("research/reports/", include((urls, "research_reports"), namespace="research_reports"))
    ]


@hooks.register("register_reports_menu_item")
def register_deadline_report_menu_item():
    return OfficeMenuItem(
        _("Deadlines"), reverse("research_reports:deadlines"), icon_name="time", order=700
    )


@hooks.register("register_reports_menu_item")
def register_funding_report_menu_item():
    return OfficeMenuItem(
        _("Funding"), reverse("research_reports:funding"), icon_name="table", order=701
    )


@hooks.register("insert_global_admin_css")
def research_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_admin_viewset")
def register_research_viewsets():
    return ResearchViewSetGroup()


TOPIC_WORK_MESSAGES = {
    "report_submitted": _("Progress report submitted (%(percent)s%% done)"),
    "report_decided": _("Progress report: %(status)s. %(comment)s"),
    "change_requested": _("Change requested: %(kind)s. %(reason)s"),
    "change_decided": _("Change request (%(kind)s): %(status)s. %(note)s"),
    "dates_changed": _("End date moved from %(end_from)s to %(end_to)s"),
    "deadline_moved": _("Deadline “%(kind)s” moved from %(due_from)s to %(due_to)s: %(reason)s"),
    "deadline_waived": _("Deadline “%(kind)s” of %(due_from)s waived: %(reason)s"),
}
TOPIC_WORK_LABELS = {
    **dict(ReportStatus.choices),
    **dict(RequestStatus.choices),
    **dict(ChangeKind.choices),
    **dict(DeadlineKind.choices),
}


@hooks.register("register_log_actions")
def register_research_log_actions(actions):
    def status_change(choices):
        def format_message(self, log_entry):
            data = log_entry.data
            message = _("Status changed from “%(from)s” to “%(to)s”") % {
                "from": choices(data["from"]).label,
                "to": choices(data["to"]).label,
            }
            return format_html("{}. {}", message, data.get("reason", ""))

        return format_message

    @actions.register_action(ChangeTopicStatus.log_action)
    class TopicStatusChanged(LogFormatter):
        label = _("Change topic status")
        format_message = status_change(TopicStatus)

    @actions.register_action("research.topic.created")
    class TopicCreated(LogFormatter):
        label = _("Create topic from proposal")

        def format_message(self, log_entry):
            return _("Created from proposal %(code)s, version %(version)s") % log_entry.data

    @actions.register_action("research.topic.work")
    class TopicWork(LogFormatter):
        label = _("Topic work")

        def format_message(self, log_entry):
            data = dict(log_entry.data)
            for key in ("end_from", "end_to", "due_from", "due_to"):
                if data.get(key):
                    data[key] = datetime.date.fromisoformat(data[key]).strftime("%d/%m/%Y")
            for key in ("kind", "status"):
                if data.get(key):
                    data[key] = TOPIC_WORK_LABELS.get(data[key], data[key])
            return TOPIC_WORK_MESSAGES[data["event"]] % data

    @actions.register_action("research.proposal.status")
    class ProposalStatusChanged(LogFormatter):
        label = _("Change proposal status")
        format_message = status_change(ProposalStatus)

    @actions.register_action("research.proposal.eligibility")
    class EligibilityChecked(LogFormatter):
        label = _("Check eligibility")

        def format_message(self, log_entry):
            failed = [c["code"] for c in log_entry.data["checks"] if not c["passed"]]
            return _("Eligibility checked; failed: %(failed)s") % {
                "failed": ", ".join(failed) or "—"
            }

    @actions.register_action("research.proposal.meeting")
    class MeetingRecorded(LogFormatter):
        label = _("Record attendance and votes")

        def format_message(self, log_entry):
            return _("Present: %(names)s") % {"names": ", ".join(log_entry.data["present"])}

    @actions.register_action("research.review.conflict")
    class ConflictChanged(LogFormatter):
        label = _("Conflict of interest")

        def format_message(self, log_entry):
            data = log_entry.data
            if data.get("declared"):
                return _("%(member)s declared a conflict: %(note)s") % data
            return _("Conflict of %(member)s resolved: %(resolution)s") % data

    @actions.register_action("research.review.scores")
    class ScoresSaved(LogFormatter):
        label = _("Save score sheet")

        def format_message(self, log_entry):
            data = log_entry.data
            changes = "; ".join(
                f"{c['criterion']}: {c['from']} → {c['to']}" for c in data["changes"]
            )
            return _("Score sheet of %(member)s saved: %(changes)s") % {
                "member": data["member"],
                "changes": changes or "—",
            }
