"""A running topic: progress reports, change requests, and the office's hand on its deadlines."""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core.actions import ActionRefused, authorise, require_reason
from research.core.choices import ChangeKind, DeadlineKind, ReportStatus, RequestStatus, TopicStatus
from research.deadlines.models import Deadline, regenerate_deadlines
from research.inbox.notifications import notify, people_emails
from research.topics.actions.topics import TerminateTopic, locked_topic, move_topic
from research.topics.models.running import ChangePolicy, ChangeRequest, ProgressReport
from research.topics.models.topics import RUNNING_STATUSES, InvalidTransition

LOG = "research.topic.work"


def require_running(topic):
    if topic.status not in RUNNING_STATUSES:
        raise ActionRefused(
            _("A topic that is “%(status)s” is not running.")
            % {"status": topic.get_status_display()}
        )


def record(topic, user, event, **data):
    log(instance=topic, action=LOG, user=user, data={"event": event, **data})


class SubmitProgressReport:
    def __init__(self, topic, *, user, text, percent_done, outputs=(), file=None):
        self.topic, self.user, self.text, self.percent_done = topic, user, text, percent_done
        self.outputs, self.file = list(outputs), file

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            authorise(self.user, "report_on_topic", topic)
            require_running(topic)
            if topic.progress_reports.filter(status=ReportStatus.SUBMITTED).exists():
                raise ActionRefused(
                    _("The previous progress report is still waiting for the office.")
                )
            report = ProgressReport(
                topic=topic,
                deadline=topic.deadlines.open()
                .filter(kind=DeadlineKind.PROGRESS_REPORT)
                .order_by("due_on")
                .first(),
                text=require_reason(self.text),
                percent_done=self.percent_done,
                submitted_by=self.user,
            )
            if self.file:
                report.file = self.file
            report.save()
            report.outputs.set(self.outputs)
            record(topic, self.user, "report_submitted", percent=self.percent_done)
        return report


class DecideProgressReport:
    """The office accepts a report (which discharges its deadline) or asks for changes."""

    def __init__(self, report, *, user, accept, comment=""):
        self.report, self.user, self.accept, self.comment = report, user, accept, comment

    def execute(self):
        with transaction.atomic():
            report = (
                ProgressReport.objects.select_for_update(of=("self",))
                .select_related("topic", "deadline")
                .get(pk=self.report.pk)
            )
            authorise(self.user, "decide_topic_requests", report.topic)
            if report.status != ReportStatus.SUBMITTED:
                raise ActionRefused(_("This progress report has already been decided."))
            report.office_comment = self.comment if self.accept else require_reason(self.comment)
            report.status = ReportStatus.ACCEPTED if self.accept else ReportStatus.CHANGES_REQUESTED
            report.decided_at = timezone.now()
            report.save()
            if self.accept and report.deadline and report.deadline.done_on is None:
                report.deadline.done_on = timezone.localdate()
                report.deadline.save(update_fields=["done_on"])
            record(
                report.topic,
                self.user,
                "report_decided",
                status=report.status,
                comment=report.office_comment,
            )
            notify(
                "topic_report_decided",
                people_emails([report.topic.principal]),
                {"topic": report.topic, "report": report},
            )
        return report


class RequestChange:
    """The principal investigator asks for an extension, an adjustment or a termination."""

    def __init__(self, topic, kind, *, user, reason, months=None, details=""):
        self.topic, self.kind, self.user = topic, kind, user
        self.reason, self.months, self.details = reason, months, details

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            authorise(self.user, "report_on_topic", topic)
            require_running(topic)
            if topic.change_requests.filter(kind=self.kind, status=RequestStatus.PENDING).exists():
                raise ActionRefused(_("A request of this kind is already waiting for a decision."))
            if self.kind == ChangeKind.EXTENSION:
                check_extension(topic, self.months)
            request = ChangeRequest.objects.create(
                topic=topic,
                kind=self.kind,
                reason=require_reason(self.reason),
                months=self.months if self.kind == ChangeKind.EXTENSION else None,
                details=self.details,
                requested_by=self.user,
            )
            record(
                topic,
                self.user,
                "change_requested",
                kind=self.kind,
                months=request.months,
                reason=request.reason,
            )
        return request


def check_extension(topic, months):
    """Refuse an extension the policy does not allow, quoting the rule."""
    policy = ChangePolicy.objects.for_topic(topic)
    granted = topic.change_requests.filter(
        kind=ChangeKind.EXTENSION, status=RequestStatus.APPROVED
    ).count()
    if not months or months < 1:
        raise ActionRefused(_("Say by how many months the topic should be extended."))
    if policy and granted >= policy.max_extensions:
        raise ActionRefused(
            _("The rule allows %(count)d extension(s) per topic; this topic has had %(granted)d.")
            % {"count": policy.max_extensions, "granted": granted}
        )
    if policy and months > policy.max_extension_months:
        raise ActionRefused(
            _("The rule allows an extension of at most %(months)d months.")
            % {"months": policy.max_extension_months}
        )


class DecideChangeRequest:
    """Approve or reject a change request; an approved one moves the topic and its deadlines."""

    def __init__(self, request, *, user, approve, note=""):
        self.request, self.user, self.approve, self.note = request, user, approve, note

    def execute(self):
        with transaction.atomic():
            request = ChangeRequest.objects.select_for_update().get(pk=self.request.pk)
            topic = locked_topic(request.topic)
            authorise(self.user, "decide_topic_requests", topic)
            if request.status != RequestStatus.PENDING:
                raise ActionRefused(_("This request has already been decided."))
            request.decision_note = self.note if self.approve else require_reason(self.note)
            if self.approve:
                self.apply(request, topic)
            request.status = RequestStatus.APPROVED if self.approve else RequestStatus.REJECTED
            request.decided_at = timezone.now()
            request.save()
            record(
                topic,
                self.user,
                "change_decided",
                kind=request.kind,
                status=request.status,
                note=request.decision_note,
            )
            notify(
                "topic_change_decided",
                people_emails([topic.principal]),
                {"topic": topic, "request": request},
            )
        return request

    def apply(self, request, topic):
        if request.kind == ChangeKind.EXTENSION:
            require_running(topic)
            check_extension(topic, request.months)
            old_end = topic.planned_end
            topic.planned_end = old_end + relativedelta(months=request.months)
            topic.save(update_fields=["planned_end", "updated_at"])
            # A second extension (where the policy allows one) keeps the topic extended.
            if topic.status != TopicStatus.EXTENDED:
                move_topic(topic, TopicStatus.EXTENDED, self.user, request.reason)
            regenerate_deadlines(topic)
            record(
                topic,
                self.user,
                "dates_changed",
                end_from=str(old_end),
                end_to=str(topic.planned_end),
            )
        elif request.kind == ChangeKind.TERMINATION:
            TerminateTopic(topic, user=self.user, reason=request.reason).execute()


class ChangeDeadline:
    """The office moves a deadline to another day, or waives it, and says why."""

    def __init__(self, deadline, *, user, reason, due_on=None, waive=False):
        self.deadline, self.user, self.reason, self.due_on, self.waive = (
            deadline,
            user,
            reason,
            due_on,
            waive,
        )

    def execute(self):
        with transaction.atomic():
            deadline = (
                Deadline.objects.select_for_update(of=("self",))
                .select_related("topic")
                .get(pk=self.deadline.pk)
            )
            authorise(self.user, "decide_topic_requests", deadline.topic)
            if not deadline.is_open:
                raise ActionRefused(_("This deadline is already done or waived."))
            reason = require_reason(self.reason)
            old = deadline.due_on
            if self.waive:
                deadline.waived_on, deadline.waive_reason = timezone.localdate(), reason
            elif self.due_on:
                deadline.due_on = self.due_on
            else:
                raise InvalidTransition(_("Give the new due date."))
            deadline.save()
            record(
                deadline.topic,
                self.user,
                "deadline_waived" if self.waive else "deadline_moved",
                kind=deadline.kind,
                due_from=str(old),
                due_to=str(deadline.due_on),
                reason=reason,
            )
        return deadline
