import datetime

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from research import permissions
from research.actions import ChangeTopicStatus
from research.admin_home import research_home_panel
from research.admin_reports import DeadlineReportView, FundingReportView
from research.admin_standard import (
    EvidenceView,
    FreezeYearView,
    StandardDashboardView,
    StandardExportView,
    StandardPrintView,
)
from research.declarations import wagtail_hooks as declaration_hooks  # noqa: F401  (the queue)
from research.dossier import wagtail_hooks as dossier_hooks  # noqa: F401  (the ZIP download)
from research.imports import wagtail_hooks as import_hooks  # noqa: F401  (registers the import)
from research.models import (
    ChangeKind,
    DeadlineKind,
    ProposalStatus,
    ReportStatus,
    RequestStatus,
    TopicStatus,
)
from research.viewsets import ResearchViewSetGroup

hooks.register("construct_homepage_panels", research_home_panel)


class RuleMenuItem(MenuItem):
    """A menu item shown to those the permission rule `rule` allows."""

    def __init__(self, *args, rule="view_reports", **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule

    def is_shown(self, request):
        return bool(permissions.check(request.user, self.rule))


@hooks.register("register_admin_urls")
def register_research_report_urls():
    urls = [
        path("standard/", StandardDashboardView.as_view(), name="standard"),
        path("standard/<int:pk>/evidence/", EvidenceView.as_view(), name="standard_evidence"),
        path("standard/freeze/", FreezeYearView.as_view(), name="standard_freeze"),
        path("standard/export/", StandardExportView.as_view(), name="standard_export"),
        path("standard/print/", StandardPrintView.as_view(), name="standard_print"),
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
def register_standard_menu_item():
    return RuleMenuItem(
        _("Research criterion (criterion 4)"),
        reverse("research_reports:standard"),
        icon_name="tasks",
        order=699,
        rule="view_standard",
    )


@hooks.register("register_reports_menu_item")
def register_deadline_report_menu_item():
    return RuleMenuItem(
        _("Deadlines"), reverse("research_reports:deadlines"), icon_name="time", order=700
    )


@hooks.register("register_reports_menu_item")
def register_funding_report_menu_item():
    return RuleMenuItem(
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


def points_label(points):
    """A score as the log keeps it (None, a number or "N/A"), as people read it."""
    if points is None:
        return _("not scored")
    if points == "N/A":
        return _("Not applicable")
    return str(points)


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
            return _("Created from proposal %(proposal)s, version %(version)s") % log_entry.data

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
                f"{c['criterion']}: {points_label(c['from'])} → {points_label(c['to'])}"
                for c in data["changes"]
            )
            return _("Score sheet of %(member)s saved: %(changes)s") % {
                "member": data["member"],
                "changes": changes or "—",
            }


# --- paperwork, closing records, the outbox and the inbox (issue 16) ----------------------------


@hooks.register("register_admin_viewset")
def register_paperwork_viewsets():
    from research.paperwork_admin import PaperworkViewSetGroup

    return PaperworkViewSetGroup()


@hooks.register("register_admin_urls")
def register_paperwork_urls():
    from research.paperwork_admin import urlpatterns

    return urlpatterns


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    # No count in the menu: it would cost a query on every admin page; the inbox shows it.
    return MenuItem(_("Inbox"), reverse("research_mail:inbox"), icon_name="mail", order=140)


@hooks.register("register_log_actions")
def register_paperwork_log_actions(actions):
    from research.paperwork_admin import register_log_actions

    register_log_actions(actions)


@hooks.register("register_reports_menu_item")
def register_annual_report_menu_item():
    return RuleMenuItem(
        _("Annual research report"),
        reverse("research_annual:index"),
        icon_name="table",
        order=698,
        rule="view_annual_report",
    )
