"""One calendar per person: the deadlines of the topics they work on, the closing dates of calls,
the due dates of their score sheets and the meetings of their councils (or of their own topics).
The research office sees every deadline and every meeting. The month view and the iCal feed both
read `entries_for`, in a fixed number of queries whatever the month holds."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from research.calls.models import Call
from research.core import blind, permissions
from research.councils.models.meetings import CouncilMeeting
from research.councils.models.reviews import Review
from research.deadlines.models import Deadline


@dataclass(frozen=True)
class Entry:
    uid: str  # stable across feeds: calendar apps update the event instead of adding one
    day: datetime.date
    kind: str  # deadline, call, review, meeting: the CSS class and the legend
    summary: str  # "<code>: <what>", in the month grid and the feed
    title: str  # the record's title as this person may read it
    url: str
    time: datetime.time | None = None
    place: str = ""
    state: str = ""  # a deadline's state (overdue, submitted, done…)
    state_label: str = ""
    responsible: str = ""

    @property
    def overdue(self):
        return self.state == "overdue"


KIND_LABELS = {
    "deadline": gettext_lazy("Topic deadline"),
    "call": gettext_lazy("Call closes"),
    "review": gettext_lazy("Score sheet due"),
    "meeting": gettext_lazy("Council meeting"),
}


def entries_for(user, first, last, pending_only=False):
    """What `user` has on the days from `first` to `last`, by day and time. `pending_only`
    leaves out deadlines done or waived (the feed keeps what is still to do)."""
    office = permissions.is_research_office(user)
    person = permissions.person_of(user)
    entries = [
        *deadline_entries(office, person, first, last, pending_only),
        *call_entries(first, last),
        *review_entries(user, person, first, last),
        *meeting_entries(user, office, person, first, last),
    ]
    return sorted(entries, key=lambda entry: (entry.day, entry.time or datetime.time.min))


def deadline_entries(office, person, first, last, pending_only):
    if office:
        deadlines = Deadline.objects.for_calendar()
    elif person:
        deadlines = Deadline.objects.for_calendar(person)
    else:
        return []
    deadlines = deadlines.filter(due_on__range=(first, last))
    if pending_only:
        deadlines = deadlines.filter(done_on__isnull=True, waived_on__isnull=True)
    return [
        Entry(
            uid=f"deadline-{deadline.pk}",
            day=deadline.due_on,
            kind="deadline",
            summary=f"{deadline.topic.code}: {deadline.get_kind_display()}",
            title=deadline.topic.title + (f"\n{deadline.note}" if deadline.note else ""),
            url=reverse("research:topic-detail", args=[deadline.topic_id]),
            state=deadline.state,
            state_label=deadline.state_label,
            responsible=str(deadline.responsible or ""),
        )
        for deadline in deadlines
    ]


def call_entries(first, last):
    """Every signed-in person may write a proposal or follow the school's calls."""
    calls = Call.objects.filter(closes_at__date__range=(first, last)).order_by("closes_at")
    entries = []
    for call in calls:
        closes = timezone.localtime(call.closes_at)
        entries.append(
            Entry(
                uid=f"call-{call.pk}",
                day=closes.date(),
                time=closes.time().replace(second=0, microsecond=0),
                kind="call",
                summary=_("Call closes: %(title)s") % {"title": call.title},
                title=call.title,
                url=reverse("research:dashboard") + "#calls-heading",
            )
        )
    return entries


def review_entries(user, person, first, last):
    """The score sheets the person can still fill in, on the day they are due."""
    if person is None:
        return []
    reviews = (
        Review.objects.to_do()
        .with_due_on()
        .filter(member__person=person, sheet_due_on__range=(first, last))
        .select_related("proposal__call", "topic")
        .prefetch_related("proposal__members__person")
    )
    return [
        Entry(
            uid=f"review-{review.pk}",
            day=review.sheet_due_on,
            kind="review",
            summary=f"{review.subject.code}: {_('Score sheet due')}",
            title=blind.title_as_seen_by(user, review.subject),
            url=reverse("research:review-detail", args=[review.pk]),
        )
        for review in reviews
    ]


def meeting_entries(user, office, person, first, last):
    """Meetings of the councils the person sits on for that round, of the proposals they lead and
    of the topics they work on; every meeting for the office. A member's entry leads to their
    score sheets, anyone else's to the proposal or topic."""
    meetings = CouncilMeeting.objects.filter(held_on__range=(first, last)).select_related(
        "proposal__call", "topic"
    )
    if person is None and not office:
        return []
    sits = Review.objects.filter(
        Q(proposal=OuterRef("proposal")) | Q(topic=OuterRef("topic")),
        round=OuterRef("round"),
        member__person=person,
    )
    meetings = meetings.annotate(sits=Exists(sits))
    if not office:
        meetings = meetings.filter(
            Q(sits=True) | Q(proposal__principal=person) | Q(topic__members__person=person)
        ).distinct()
    entries = []
    for meeting in meetings.prefetch_related("proposal__members__person"):
        subject = meeting.subject
        if meeting.sits:
            url = reverse("research:review-list")
        else:
            url = reverse(
                "research:proposal-detail" if meeting.proposal_id else "research:topic-detail",
                args=[subject.pk],
            )
        entries.append(
            Entry(
                uid=f"meeting-{meeting.pk}",
                day=meeting.held_on,
                time=meeting.starts_at,
                place=meeting.venue,
                kind="meeting",
                summary=f"{subject.code}: {_('Council meeting')}",
                title=blind.title_as_seen_by(user, subject),
                url=url,
            )
        )
    return entries
