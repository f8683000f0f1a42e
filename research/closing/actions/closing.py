"""The end of a topic's life: each closing record (recognition, settlement, close-out,
registration) is recorded by the office, and the topic is closed once those its rules require are
all there."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.closing.models import (
    CLOSABLE_STATUSES,
    ClosingKind,
    ClosingRecord,
    ClosingRequirement,
)
from research.core.actions import ActionRefused, authorise
from research.core.choices import DeadlineKind, TopicStatus
from research.core.formatting import format_vnd
from research.inbox.notifications import notify, people_emails
from research.topics.actions.topics import move_topic
from research.topics.models.topics import Topic

LOG = "research.topic.closing"
# Recording one of these discharges the topic's open deadlines of that kind.
DISCHARGES = {
    ClosingKind.SETTLEMENT: DeadlineKind.SETTLEMENT,
    ClosingKind.REGISTRATION: DeadlineKind.ARCHIVING,
}
# Records that only an accepted topic has.
ONLY_WHEN_ACCEPTED = {ClosingKind.RECOGNITION, ClosingKind.REGISTRATION}


def locked_topic(topic):
    return Topic.objects.select_for_update().get(pk=topic.pk)


def check_closing_date(topic, signed_on, today=None):
    """A closing record is dated the day it was signed: not before the topic began (its contract
    or its start, whichever came first), and not in the future — a future date would mark the
    topic's deadlines as met before anything was signed."""
    today = today or timezone.localdate()
    began = min(day for day in (topic.planned_start, topic.contract_date) if day)
    if signed_on < began:
        raise ActionRefused(
            _("A closing record cannot be dated before the topic began (%(date)s).")
            % {"date": began.strftime("%d/%m/%Y")}
        )
    if signed_on > today:
        raise ActionRefused(
            _("A closing record is dated the day it was signed; %(date)s has not come yet.")
            % {"date": signed_on.strftime("%d/%m/%Y")}
        )


def check_settlement_lines(topic, amount):
    """The settlement is one sum stored in two places: the record's amount and each funding
    line's settled amount (per source, for the funding report). They must agree: lines already
    settled must add up to the record; a single line takes the record's amount (see
    `settle_single_line`); several unsettled lines are settled one by one first."""
    lines = list(topic.funding_lines.all())
    settled = [line.settled_amount for line in lines if line.settled_amount is not None]
    if len(lines) <= 1:
        return
    if settled:
        if sum(settled) != amount:
            raise ActionRefused(
                _(
                    "The funding lines record %(lines)s settled, the settlement %(amount)s: "
                    "correct one so that they agree."
                )
                % {"lines": format_vnd(sum(settled)), "amount": format_vnd(amount)}
            )
    elif len(lines) > 1:
        raise ActionRefused(
            _(
                "The topic is funded by %(count)d lines: enter the settled amount of each in the "
                "topic's funding first; the settlement record adds them up."
            )
            % {"count": len(lines)}
        )


def settle_single_line(topic, amount):
    """A topic funded by one line: the settlement's amount is that line's settled amount."""
    lines = list(topic.funding_lines.all())
    if len(lines) == 1 and lines[0].settled_amount != amount:
        lines[0].settled_amount = amount
        lines[0].save(update_fields=["settled_amount"])


class RecordClosing:
    """Record (or correct) one closing record of an evaluated or terminated topic."""

    def __init__(
        self, topic, kind, *, user, number, signed_on, amount=None, agency="", note="", file=None
    ):
        self.topic, self.kind, self.user = topic, kind, user
        self.number, self.signed_on, self.amount = (number or "").strip(), signed_on, amount
        self.agency, self.note, self.file = agency, note, file

    def check(self, topic):
        authorise(self.user, "decide_topic_requests", topic)
        if self.kind not in ClosingKind.values:
            raise ActionRefused(_("Choose the kind of record."))
        if topic.status not in CLOSABLE_STATUSES:
            raise ActionRefused(
                _("A topic that is “%(status)s” has no closing records.")
                % {"status": topic.get_status_display()}
            )
        if self.kind in ONLY_WHEN_ACCEPTED and topic.status != TopicStatus.ACCEPTED:
            raise ActionRefused(
                _("“%(kind)s” is recorded only for an accepted topic.")
                % {"kind": ClosingKind(self.kind).label}
            )
        if not self.number or not self.signed_on:
            raise ActionRefused(_("Give the record's number and date."))
        check_closing_date(topic, self.signed_on)
        if self.kind == ClosingKind.SETTLEMENT:
            if self.amount is None:
                raise ActionRefused(_("Give the amount settled."))
            if self.amount > topic.approved_total:
                raise ActionRefused(_("The amount settled cannot exceed the approved funding."))
            check_settlement_lines(topic, self.amount)
        elif self.amount is not None:
            raise ActionRefused(_("Only a settlement records an amount."))

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            self.check(topic)
            record, created = ClosingRecord.objects.get_or_create(
                topic=topic,
                kind=self.kind,
                defaults={"number": self.number, "signed_on": self.signed_on},
            )
            before = {"number": record.number, "signed_on": str(record.signed_on)}
            record.number, record.signed_on, record.amount = (
                self.number,
                self.signed_on,
                self.amount,
            )
            record.agency, record.note, record.recorded_by = self.agency, self.note, self.user
            if self.file:
                record.file = self.file
            record.save()
            if self.kind == ClosingKind.SETTLEMENT:
                settle_single_line(topic, self.amount)
            if self.kind in DISCHARGES:
                topic.deadlines.open().filter(kind=DISCHARGES[self.kind]).update(
                    done_on=self.signed_on
                )
            log(
                instance=topic,
                action=LOG,
                user=self.user,
                data={
                    "kind": self.kind,
                    "number": record.number,
                    "signed_on": str(record.signed_on),
                    "amount": record.amount,
                    "corrected": None if created else before,
                },
            )
        return record


def missing_records(topic):
    """The closing records the topic's rules require that are not recorded yet."""
    done = set(topic.closing_records.values_list("kind", flat=True))
    return [kind for kind in ClosingRequirement.objects.kinds_for(topic) if kind not in done]


class CloseTopic:
    """The final move: an evaluated or terminated topic whose required records are all there."""

    def __init__(self, topic, *, user, note=""):
        self.topic, self.user, self.note = topic, user, note

    def execute(self):
        with transaction.atomic():
            topic = locked_topic(self.topic)
            authorise(self.user, "decide_topic_requests", topic)
            topic.check_transition(TopicStatus.CLOSED)
            missing = missing_records(topic)
            if missing:
                raise ActionRefused(
                    _("Record first: %(records)s.")
                    % {"records": ", ".join(str(ClosingKind(kind).label) for kind in missing)}
                )
            move_topic(topic, TopicStatus.CLOSED, self.user, self.note)
            notify("topic_closed", people_emails([topic.principal]), {"topic": topic})
        self.topic.status, self.topic.closed_from = topic.status, topic.closed_from
        return topic
