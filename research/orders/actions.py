"""The order cycle's steps: send the proposal list, record the province's answer per line, record
the order (its topics follow it), hand the results over, confirm their application. Each checks,
locks the row it changes, saves, writes the audit log and queues its e-mails on commit."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core.actions import ActionRefused, InvalidTransition, authorise, require_reason
from research.core.choices import (
    DeadlineKind,
    OrderStatus,
    ProvinceAnswer,
    SubmissionStatus,
    TopicOrigin,
    TopicStatus,
)
from research.core.permissions import Roles
from research.deadlines.models import Deadline
from research.inbox.notifications import notify
from research.orders.models import Order, OrderSubmission, ProposedTopic
from research.topics.models.topics import Topic


def office_emails():
    users = get_user_model().objects.filter(groups__name=Roles.RESEARCH_OFFICE, is_active=True)
    return list(users.exclude(email="").values_list("email", flat=True))


def liaison_emails(order):
    return list(
        order.ordering_body.liaisons.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def not_in_future(day):
    if day > timezone.localdate():
        raise InvalidTransition(_("The date cannot be in the future."))


def close_deadlines(order, kind, day):
    Deadline.objects.filter(
        topic__in=order.topics.all(), kind=kind, done_on__isnull=True, waived_on__isnull=True
    ).update(done_on=day)


class SendSubmission:
    """The proposal list leaves the school (tờ trình / công văn with its number and date)."""

    log_action = "research.order_submission.sent"

    def __init__(self, submission, *, user, number, sent_on):
        self.submission, self.user = submission, user
        self.number, self.sent_on = (number or "").strip(), sent_on

    def check(self, submission):
        authorise(self.user, "manage_orders", submission)
        if submission.status != SubmissionStatus.DRAFT:
            raise InvalidTransition(_("This proposal list has already been sent."))
        if not submission.lines.exists():
            raise ActionRefused(_("Add at least one proposed topic before sending the list."))
        if not self.number:
            raise ActionRefused(_("Give the number of the document that carries the list."))
        not_in_future(self.sent_on)

    def execute(self):
        with transaction.atomic():
            submission = OrderSubmission.objects.select_for_update().get(pk=self.submission.pk)
            self.check(submission)
            submission.status = SubmissionStatus.SENT
            submission.number = self.number
            submission.sent_on = self.sent_on
            submission.save(update_fields=["status", "number", "sent_on"])
            log(
                instance=submission,
                action=self.log_action,
                user=self.user,
                data={"number": self.number, "sent_on": str(self.sent_on)},
            )
        self.submission.status = submission.status
        return submission


class RecordAnswer:
    """The province's answer to one proposed topic: ordered, declined or deferred. A deferred
    line may be answered again; an ordered or declined one is final."""

    log_action = "research.order_submission.answer"

    def __init__(self, line, *, user, answer, answered_on, note=""):
        self.line, self.user, self.answer = line, user, answer
        self.answered_on, self.note = answered_on, (note or "").strip()

    def check(self, line, submission):
        authorise(self.user, "manage_orders", submission)
        if submission.status == SubmissionStatus.DRAFT:
            raise InvalidTransition(_("Send the list before recording the province's answer."))
        if line.answer not in (ProvinceAnswer.PENDING, ProvinceAnswer.DEFERRED):
            raise InvalidTransition(_("The province has already answered this topic."))
        if self.answer not in (
            ProvinceAnswer.ORDERED,
            ProvinceAnswer.DECLINED,
            ProvinceAnswer.DEFERRED,
        ):
            raise ActionRefused(_("Choose ordered, declined or deferred."))
        not_in_future(self.answered_on)
        if submission.sent_on and self.answered_on < submission.sent_on:
            raise ActionRefused(_("The answer cannot come before the list was sent."))

    def execute(self):
        with transaction.atomic():
            submission = OrderSubmission.objects.select_for_update().get(pk=self.line.submission_id)
            line = ProposedTopic.objects.select_for_update().get(pk=self.line.pk)
            self.check(line, submission)
            line.answer, line.answered_on, line.answer_note = (
                self.answer,
                self.answered_on,
                self.note,
            )
            line.save(update_fields=["answer", "answered_on", "answer_note"])
            if not submission.lines.filter(answer=ProvinceAnswer.PENDING).exists():
                submission.status = SubmissionStatus.ANSWERED
                submission.save(update_fields=["status"])
            log(
                instance=submission,
                action=self.log_action,
                user=self.user,
                data={"line": line.title, "answer": self.answer, "note": self.note},
            )
        self.line.answer = line.answer
        return line


def order_recorded(order, user, created):
    """After the office saves an order: its topics are ordered by its body, and each topic
    carries the hand-over deadline (kept in step when the date moves)."""
    with transaction.atomic():
        topics = Topic.objects.select_for_update().filter(orders=order)
        for topic in topics:
            if (
                topic.origin != TopicOrigin.ORDERED
                or topic.ordering_body_id != order.ordering_body_id
            ):
                topic.origin = TopicOrigin.ORDERED
                topic.ordering_body_id = order.ordering_body_id
                topic.save(update_fields=["origin", "ordering_body", "updated_at"])
        deadlines = Deadline.objects.filter(
            kind=DeadlineKind.HANDOVER, rule__isnull=True, done_on__isnull=True
        )
        if order.handover_due_on and order.status == OrderStatus.ORDERED:
            for topic in topics:
                open_deadline = deadlines.filter(topic=topic).first()
                if open_deadline:
                    if open_deadline.due_on != order.handover_due_on:
                        open_deadline.due_on = order.handover_due_on
                        open_deadline.save(update_fields=["due_on"])
                elif not Deadline.objects.filter(topic=topic, kind=DeadlineKind.HANDOVER).exists():
                    Deadline.objects.create(
                        topic=topic,
                        kind=DeadlineKind.HANDOVER,
                        due_on=order.handover_due_on,
                        note=order.decision_number[:300],
                    )
        log(
            instance=order,
            action="research.order.recorded" if created else "research.order.changed",
            user=user,
            data={"decision": order.decision_number, "topics": [t.code for t in topics]},
        )


class HandOverResults:
    """The results go to the ordering body (biên bản bàn giao): once every topic of the order has
    passed its acceptance."""

    log_action = "research.order.handed_over"

    def __init__(self, order, *, user, handed_over_on, number, file=None, confirmation_due_on=None):
        self.order, self.user = order, user
        self.handed_over_on, self.number = handed_over_on, (number or "").strip()
        self.file, self.confirmation_due_on = file, confirmation_due_on

    def check(self, order):
        authorise(self.user, "manage_orders", order)
        order.check_transition(OrderStatus.HANDED_OVER)
        topics = order.topics.all()
        if not topics.exists():
            raise ActionRefused(_("Link the topic that carries out the order first."))
        if topics.exclude(pk__in=Topic.objects.in_statuses([TopicStatus.ACCEPTED])).exists():
            raise ActionRefused(
                _("Results are handed over once every topic of the order is accepted.")
            )
        if not self.number:
            raise ActionRefused(_("Give the number of the hand-over record."))
        not_in_future(self.handed_over_on)
        if self.handed_over_on < order.decision_date:
            raise ActionRefused(_("Results are handed over after the decision."))
        if self.confirmation_due_on and self.confirmation_due_on < self.handed_over_on:
            raise ActionRefused(_("The confirmation is expected after the hand-over."))

    def execute(self):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=self.order.pk)
            self.check(order)
            order.status = OrderStatus.HANDED_OVER
            order.handed_over_on = self.handed_over_on
            order.handover_number = self.number
            order.confirmation_due_on = self.confirmation_due_on
            if self.file:
                order.handover_file = self.file
            order.save()
            close_deadlines(order, DeadlineKind.HANDOVER, self.handed_over_on)
            if self.confirmation_due_on:
                for topic in order.topics.all():
                    Deadline.objects.create(
                        topic=topic,
                        kind=DeadlineKind.APPLICATION,
                        due_on=self.confirmation_due_on,
                        note=order.decision_number[:300],
                    )
            log(
                instance=order,
                action=self.log_action,
                user=self.user,
                data={"number": self.number, "on": str(self.handed_over_on)},
            )
            notify("order_handed_over", liaison_emails(order), {"order": order})
        self.order.status = order.status
        return order


class ConfirmApplication:
    """The ordering body confirms that the result was applied (xác nhận ứng dụng kết quả):
    its liaison in the workspace, or the office from the body's letter."""

    log_action = "research.order.applied"

    def __init__(self, order, *, user, applied_on, note, number="", file=None):
        self.order, self.user, self.applied_on = order, user, applied_on
        self.note, self.number, self.file = (note or "").strip(), (number or "").strip(), file

    def check(self, order):
        authorise(self.user, "confirm_application", order)
        order.check_transition(OrderStatus.APPLIED)
        if not self.note:
            raise ActionRefused(_("Say how the result was applied."))
        not_in_future(self.applied_on)
        if self.applied_on < order.handed_over_on:
            raise ActionRefused(_("Application is confirmed after the hand-over."))

    def execute(self):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=self.order.pk)
            self.check(order)
            order.status = OrderStatus.APPLIED
            order.applied_on = self.applied_on
            order.application_note = self.note
            order.application_number = self.number
            order.confirmed_by = self.user
            if self.file:
                order.application_file = self.file
            order.save()
            close_deadlines(order, DeadlineKind.APPLICATION, self.applied_on)
            log(
                instance=order,
                action=self.log_action,
                user=self.user,
                data={"on": str(self.applied_on), "number": self.number},
            )
            notify("order_applied", office_emails(), {"order": order})
        self.order.status = order.status
        return order


class CancelOrder:
    """The ordering body withdraws its order before the hand-over (a decision cancelling it):
    the reason is kept, the open hand-over deadlines of its topics are waived."""

    log_action = "research.order.cancelled"

    def __init__(self, order, *, user, reason):
        self.order, self.user, self.reason = order, user, (reason or "").strip()

    def execute(self):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=self.order.pk)
            authorise(self.user, "manage_orders", order)
            order.check_transition(OrderStatus.CANCELLED)
            reason = require_reason(self.reason)
            order.status = OrderStatus.CANCELLED
            order.save(update_fields=["status", "updated_at"])
            Deadline.objects.filter(
                topic__in=order.topics.all(),
                kind=DeadlineKind.HANDOVER,
                done_on__isnull=True,
                waived_on__isnull=True,
            ).update(waived_on=timezone.localdate(), waive_reason=reason)
            log(instance=order, action=self.log_action, user=self.user, data={"reason": reason})
        self.order.status = order.status
        return order
