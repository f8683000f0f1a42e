"""The admin side of the office's paperwork, closing records, outbox and inbox: one menu group,
the URLs posted from the topic and proposal pages, and how their log entries read."""

from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from research.closing.admin import CloseTopicView, ClosingFileView, RecordClosingView
from research.documents.admin import (
    DocumentTemplateViewSet,
    IssuedDocumentViewSet,
    IssuedFileView,
    IssueDocumentView,
)
from research.inbox.admin import OfficeInboxView, OutboxViewSet
from research.models import ClosingKind, ClosingRequirement, DocumentKind
from research.reports.annual.views import AnnualReportFileView, AnnualReportView


class ClosingRequirementViewSet(ModelViewSet):
    model = ClosingRequirement
    icon = "tick-inverse"
    menu_label = _("Closing requirements")
    url_prefix = "research/closing-requirements"
    copy_view_enabled = False
    list_display = ["outcome", "kind", "level"]
    list_filter = ["outcome", "kind"]
    form_fields = ["outcome", "kind", "level"]


class PaperworkViewSetGroup(ViewSetGroup):
    menu_label = _("Documents and mail")
    menu_icon = "folder-open-inverse"
    menu_order = 160
    items = (
        DocumentTemplateViewSet("research_document_template"),
        IssuedDocumentViewSet("research_issued_document"),
        ClosingRequirementViewSet("research_closing_requirement"),
        OutboxViewSet("research_outbox"),
    )


paperwork_urls = [
    path("documents/<str:subject>/<int:pk>/issue/", IssueDocumentView.as_view(), name="issue"),
    path("documents/<int:pk>/<str:which>/", IssuedFileView.as_view(), name="file"),
    path("topics/<int:pk>/closing/", RecordClosingView.as_view(), name="record-closing"),
    path("topics/<int:pk>/close/", CloseTopicView.as_view(), name="close"),
    path(
        "topics/<int:pk>/closing/<int:item>/file/", ClosingFileView.as_view(), name="closing-file"
    ),
]
inbox_urls = [
    path("inbox/", OfficeInboxView.as_view(), name="inbox"),
    path("inbox/results/", OfficeInboxView.as_view(results_only=True), name="inbox_results"),
]
annual_urls = [
    path("", AnnualReportView.as_view(), name="index"),
    re_path(r"^file\.(?P<extension>docx|xlsx)$", AnnualReportFileView.as_view(), name="file"),
]
urlpatterns = [
    path(
        "research/annual-report/",
        include((annual_urls, "research_annual"), namespace="research_annual"),
    ),
    path(
        "research/paperwork/",
        include((paperwork_urls, "research_documents"), namespace="research_documents"),
    ),
    path(
        "research/mail/",
        include((inbox_urls, "research_mail"), namespace="research_mail"),
    ),
]


def register_log_actions(actions):
    @actions.register_action("research.topic.closing")
    class ClosingRecorded(LogFormatter):
        label = _("Closing record")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("%(kind)s recorded: %(number)s of %(date)s") % {
                "kind": ClosingKind(data["kind"]).label,
                "number": data["number"],
                "date": "/".join(reversed(data["signed_on"].split("-"))),
            }

    @actions.register_action("research.document.issued")
    class DocumentIssued(LogFormatter):
        label = _("Issue a document")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("%(kind)s issued, number %(number)s") % {
                "kind": DocumentKind(data["kind"]).label,
                "number": data["number"] or "—",
            }

    @actions.register_action("research.council.meeting")
    class MeetingSet(LogFormatter):
        label = _("Set the council meeting")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Meeting on %(date)s at %(time)s, %(venue)s") % {
                "date": "/".join(reversed(data["held_on"].split("-"))),
                "time": data["starts_at"],
                "venue": data["venue"],
            }

    @actions.register_action("research.outbox.retry")
    class OutboxRetried(LogFormatter):
        label = _("Send an e-mail again")

        def format_message(self, log_entry):
            return _("E-mail to %(to)s queued again") % log_entry.data
