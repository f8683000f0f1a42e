from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core import blind
from research.core.actions import ActionRefused, authorise, require_reason
from research.core.collation import name_key
from research.councils.models.meetings import CouncilMeeting
from research.councils.models.reviews import Review, Score
from research.inbox.notifications import notify, people_emails


def locked_review(review):
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("proposal", "topic", "member__person")
        .get(pk=review.pk)
    )


def locked_subject(subject):
    """Lock the proposal or topic a council is reviewing."""
    return type(subject).objects.select_for_update().get(pk=subject.pk)


def require_open_round(review):
    if review.is_decided:
        raise ActionRefused(
            _("The council's decision is recorded; this review can no longer change.")
        )


def require_meeting_day(subject, today=None):
    """Attendance, votes and the decision are the meeting's record: they open on the day the
    round's meeting is set for, never before (a round without a set meeting records them the day
    it is held)."""
    today = today or timezone.localdate()
    meeting = CouncilMeeting.objects.of_round(subject)
    if meeting and meeting.held_on > today:
        raise ActionRefused(
            _(
                "The council meets on %(date)s; its attendance, votes and decision are recorded "
                "from that day."
            )
            % {"date": meeting.held_on.strftime("%d/%m/%Y")}
        )


class DeclareConflict:
    def __init__(self, review, *, user, note):
        self.review, self.user, self.note = review, user, note

    def execute(self):
        with transaction.atomic():
            review = locked_review(self.review)
            authorise(self.user, "review", review)
            require_open_round(review)
            review.conflict_declared = True
            review.conflict_note = require_reason(self.note)
            # Declaring is recusing: the member's vote goes with it.
            review.recommend = None
            review.save()
            log(
                instance=review.subject,
                action="research.review.conflict",
                user=self.user,
                data={
                    "member": review.member.person.full_name,
                    "declared": True,
                    "note": review.conflict_note,
                },
            )
        return review


class ResolveConflict:
    """Clear a conflict the portal flagged, with the reason it does not apply."""

    def __init__(self, review, *, user, resolution):
        self.review, self.user, self.resolution = review, user, resolution

    def execute(self):
        with transaction.atomic():
            review = locked_review(self.review)
            authorise(self.user, "resolve_conflict", review)
            require_open_round(review)
            if not review.conflict_flags:
                raise ActionRefused(_("The portal flagged no conflict for this member."))
            if not review.conflict_is_resolvable:
                raise ActionRefused(
                    _(
                        "A member of the research team never judges its work: this conflict "
                        "cannot be cleared; the council sits without them."
                    )
                )
            review.conflict_resolution = require_reason(self.resolution)
            review.conflict_resolved_by = self.user
            review.save()
            if not review.is_conflicted:
                # Free to score now: the member gets the request the others had at assignment.
                subject = review.subject
                notify(
                    "review_assigned" if review.proposal_id else "acceptance_assigned",
                    people_emails([review.member.person]),
                    {
                        "proposal": blind.for_reviewers(subject) if review.proposal_id else None,
                        "topic": blind.for_reviewers(subject) if review.topic_id else None,
                        "due": review.due_on,
                    },
                )
            log(
                instance=review.subject,
                action="research.review.conflict",
                user=self.user,
                data={
                    "member": review.member.person.full_name,
                    "resolved": True,
                    "resolution": review.conflict_resolution,
                },
            )
        return review


class SaveScoreSheet:
    """Save a member's points, vote and comments; `submit` makes the sheet count and final, and
    records the member's declaration that they have no conflict of interest. A draft keeps the
    declaration ticked (`no_conflict`) until the member submits or unticks it.

    `entries` maps criterion id → (points or None, not applicable).
    """

    def __init__(
        self, review, entries, *, user, recommend=None, comments="", submit=False, no_conflict=None
    ):
        self.review, self.entries, self.user = review, entries, user
        self.recommend, self.comments, self.submit = recommend, comments, submit
        self.no_conflict = no_conflict

    def check(self, review, criteria):
        authorise(self.user, "review", review)
        require_open_round(review)
        if review.submitted_at:
            raise ActionRefused(
                _("The score sheet was submitted on %(date)s; it no longer changes.")
                % {"date": timezone.localtime(review.submitted_at).strftime("%d/%m/%Y %H:%M")}
            )
        if review.is_conflicted:
            raise ActionRefused(
                _("A member with an unresolved conflict of interest does not score.")
            )
        errors = []
        for criterion in criteria:
            points, not_applicable = self.entries.get(criterion.pk, (None, False))
            if not_applicable and not criterion.allow_not_applicable:
                errors.append(
                    _("“%(title)s” cannot be marked not applicable.") % {"title": criterion.title}
                )
            if points is not None and not 0 <= points <= criterion.max_points:
                errors.append(
                    _("“%(title)s” is scored from 0 to %(max)d.")
                    % {"title": criterion.title, "max": criterion.max_points}
                )
            if self.submit and points is None and not not_applicable:
                errors.append(
                    _("Score “%(title)s” before submitting.") % {"title": criterion.title}
                )
        if self.submit and self.recommend is None:
            errors.append(_("Cast your vote before submitting."))
        if errors:
            raise ActionRefused(" ".join(str(e) for e in errors))

    def execute(self):
        with transaction.atomic():
            review = locked_review(self.review)
            criteria = list(review.rubric.criteria.all())
            self.check(review, criteria)
            existing = {score.criterion_id: score for score in review.scores.all()}
            changes = []
            for criterion in criteria:
                points, not_applicable = self.entries.get(criterion.pk, (None, False))
                points = None if not_applicable else points
                old = existing.get(criterion.pk)
                if old and (old.points, old.not_applicable) == (points, not_applicable):
                    continue
                changes.append(
                    {
                        "criterion": criterion.title,
                        "from": None
                        if old is None
                        else ("N/A" if old.not_applicable else old.points),
                        "to": "N/A" if not_applicable else points,
                    }
                )
                Score.objects.update_or_create(
                    review=review,
                    criterion=criterion,
                    defaults={"points": points, "not_applicable": not_applicable},
                )
            review.recommend = self.recommend
            review.comments = self.comments
            if self.submit:
                review.submitted_at = review.no_conflict_declared_at = timezone.now()
            elif self.no_conflict is not None and self.no_conflict != bool(
                review.no_conflict_declared_at
            ):
                review.no_conflict_declared_at = timezone.now() if self.no_conflict else None
            review.save()
            log(
                instance=review.subject,
                action="research.review.scores",
                user=self.user,
                data={
                    "member": review.member.person.full_name,
                    "changes": changes,
                    "recommend": review.recommend,
                    "submitted": self.submit,
                },
            )
        return review


class RecordAttendance:
    """The secretary's record of the meeting on a proposal or an acceptance: who was present and
    how each voted."""

    def __init__(self, subject, *, user, present, votes):
        self.subject, self.user, self.present, self.votes = subject, user, set(present), votes

    def execute(self):
        with transaction.atomic():
            subject = locked_subject(self.subject)
            authorise(self.user, "run_meeting", subject)
            if not subject.review_open:
                raise ActionRefused(
                    _("The council's decision is recorded; the meeting can no longer change.")
                )
            require_meeting_day(subject)
            reviews = list(
                subject.reviews.select_for_update(of=("self",))
                .select_related("member__person")
                .filter(round=subject.current_round)
            )
            barred = [
                review.member.person.display_name
                for review in reviews
                if review.is_conflicted and self.votes.get(review.pk) is not None
            ]
            if barred:
                raise ActionRefused(
                    _("A member with an unresolved conflict of interest does not vote: %(names)s.")
                    % {"names": ", ".join(barred)}
                )
            for review in reviews:
                review.present = review.pk in self.present
                if review.pk in self.votes:
                    review.recommend = self.votes[review.pk]
                review.save(update_fields=["present", "recommend", "updated_at"])
            log(
                instance=subject,
                action="research.proposal.meeting",
                user=self.user,
                data={
                    "present": sorted(
                        (r.member.person.full_name for r in reviews if r.present), key=name_key
                    ),
                    "votes": {r.member.person.full_name: r.recommend for r in reviews},
                },
            )
        return subject
