"""When and where a council sits: the secretary or the office sets the meeting of the current round
(date, time, venue, when the score sheets are due) and the members are invited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core import blind
from research.core.actions import ActionRefused, authorise
from research.councils.actions.councils import locked_subject
from research.councils.models.meetings import CouncilMeeting
from research.inbox.notifications import notify, people_emails


class ScheduleMeeting:
    """Set (or move) the meeting of the subject's current round and invite the council."""

    def __init__(self, subject, *, user, held_on, starts_at, venue, reviews_due_on=None):
        self.subject, self.user = subject, user
        self.held_on, self.starts_at, self.venue = held_on, starts_at, (venue or "").strip()
        self.reviews_due_on = reviews_due_on

    def check(self, subject):
        authorise(self.user, "run_meeting", subject)
        if not subject.review_open:
            raise ActionRefused(
                _("The council's decision is recorded; the meeting can no longer change.")
            )
        if not subject.council_id:
            raise ActionRefused(_("No council is assigned yet."))
        if not (self.held_on and self.starts_at and self.venue):
            raise ActionRefused(_("Give the meeting's date, time and venue."))
        if self.reviews_due_on and self.reviews_due_on > self.held_on:
            raise ActionRefused(_("Score sheets are due on or before the meeting."))
        if self.held_on > timezone.localdate() and (
            subject.reviews.filter(round=subject.current_round, present__isnull=False).exists()
        ):
            raise ActionRefused(
                _("The attendance of this meeting is recorded; it cannot move to a later day.")
            )

    def execute(self):
        with transaction.atomic():
            subject = locked_subject(self.subject)
            self.check(subject)
            field = "proposal" if subject._meta.model_name == "proposal" else "topic"
            meeting, created = CouncilMeeting.objects.update_or_create(
                **{field: subject, "round": subject.current_round},
                defaults={
                    "held_on": self.held_on,
                    "starts_at": self.starts_at,
                    "venue": self.venue,
                    "reviews_due_on": self.reviews_due_on,
                    "updated_by": self.user,
                },
            )
            if not created:
                # A moved meeting: the members are reminded again before the new due date.
                subject.reviews.filter(round=subject.current_round).update(reminded_on=None)
            log(
                instance=subject,
                action="research.council.meeting",
                user=self.user,
                data={
                    "held_on": str(meeting.held_on),
                    "starts_at": meeting.starts_at.strftime("%H:%M"),
                    "venue": meeting.venue,
                    "reviews_due_on": str(meeting.reviews_due_on or ""),
                    "moved": not created,
                },
            )
            # Those who sit: a member with an unresolved conflict of interest does not.
            members = [
                review.member.person
                for review in subject.reviews.filter(round=subject.current_round)
                .unconflicted()
                .select_related("member__person")
            ]
            notify(
                "meeting_invitation",
                people_emails(members),
                {
                    # The council reads the proposal or topic as a blind review lets it.
                    "subject": blind.for_reviewers(subject),
                    "meeting": meeting,
                    "due": meeting.reviews_due_on,
                },
            )
        return meeting
