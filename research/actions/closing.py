"""The end of a topic's life: each closing record (recognition, settlement, close-out,
registration) is recorded by the office, and the topic is closed once those its rules require are
all there."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.models import (
    CLOSABLE_STATUSES,
    ClosingKind,
    ClosingRecord,
    ClosingRequirement,
    DeadlineKind,
    Topic,
    TopicStatus,
)
from research.notifications import notify, people_emails

from .base import ActionRefused, authorise
from .topics import move_topic

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
        if self.kind == ClosingKind.SETTLEMENT:
            if self.amount is None:
                raise ActionRefused(_("Give the amount settled."))
            if self.amount > topic.approved_total:
                raise ActionRefused(_("The amount settled cannot exceed the approved funding."))
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
