import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from research.core.choices import CouncilRole, ProposalStatus, TopicGrade, TopicStatus
from research.core.validators import limit_text
from research.councils.models.meetings import CouncilMeeting


class ConflictReason(models.TextChoices):
    ON_TEAM = "on_team", _("Member of the research team")
    SAME_UNIT = "same_unit", _("Works in the principal investigator's unit")
    COAUTHOR = "coauthor", _("Recently co-authored an output with the principal investigator")


def likely_conflicts(subject, person, coauthor_years, today=None):
    """The reasons the portal suspects `person` cannot judge `subject` (a proposal or a topic)
    impartially."""
    from research.outputs.models.outputs import Output

    today = today or timezone.localdate()
    reasons = []
    if person in subject.team_people():
        reasons.append(ConflictReason.ON_TEAM)
    if (
        person.unit_id
        and person.unit_id == subject.principal.unit_id
        and person != subject.principal
    ):
        reasons.append(ConflictReason.SAME_UNIT)
    since = today - datetime.timedelta(days=365 * coauthor_years)
    if (
        person != subject.principal
        and Output.objects.filter(authors__person=person, published_on__gte=since)
        .filter(authors__person=subject.principal)
        .exists()
    ):
        reasons.append(ConflictReason.COAUTHOR)
    return [str(reason) for reason in reasons]


class ReviewQuerySet(models.QuerySet):
    def of_person(self, person):
        return self.filter(member__person=person)

    def current(self):
        """Reviews of the current round of each proposal or acceptance."""
        return self.filter(
            Q(proposal__isnull=False, round=models.F("proposal__version"))
            | Q(topic__isnull=False, round=models.F("topic__acceptance_round"))
        )

    def open_round(self):
        """Reviews whose council has not decided yet: the proposal is in review, the topic under
        its acceptance council."""
        return self.current().filter(
            Q(proposal__status=ProposalStatus.IN_REVIEW)
            | Q(topic__status=TopicStatus.UNDER_EVALUATION)
        )

    def unconflicted(self):
        """Members free to score: no conflict declared, and none flagged that is not resolved
        (the SQL twin of `Review.is_conflicted`)."""
        return self.filter(conflict_declared=False).filter(
            Q(conflict_flags=[]) | ~Q(conflict_resolution="")
        )

    def to_do(self):
        """Score sheets their member can still fill in: open round, not submitted, no conflict
        declared or flagged and unresolved (a flagged member is never asked to score)."""
        return self.open_round().unconflicted().filter(submitted_at__isnull=True)

    def for_round(self, subject):
        """The current round of a proposal or of a topic's acceptance, loaded for the council
        arithmetic, in seating order."""
        return (
            subject.reviews.filter(round=subject.current_round)
            .select_related("member__person", "conflict_resolved_by__person")
            .prefetch_related("scores")
            .order_by("member__sort_order")
        )

    def for_listing(self):
        return (
            self.select_related("proposal__call", "proposal__principal", "topic", "member__council")
            .prefetch_related("proposal__members__person")
            .with_due_on()
        )

    def with_due_on(self):
        """`sheet_due_on`: the round's meeting sets it; a proposal falls back on its call's date."""
        meeting_due = CouncilMeeting.objects.filter(
            Q(proposal=OuterRef("proposal")) | Q(topic=OuterRef("topic")),
            round=OuterRef("round"),
        ).values("reviews_due_on")[:1]
        return self.annotate(
            sheet_due_on=Coalesce(Subquery(meeting_due), F("proposal__call__review_due_on"))
        )

    def awaiting_reminder(self, today, days_before):
        """Open score sheets of proposals in review and of topics before their acceptance
        council whose reviews are due within `days_before` (the meeting's date, or the call's)."""
        return (
            self.to_do()
            .with_due_on()
            .filter(
                reminded_on__isnull=True,
                sheet_due_on__gte=today,
                sheet_due_on__lte=today + datetime.timedelta(days=days_before),
            )
        )


class Review(models.Model):
    """One council member's work on one round of a proposal's selection or a topic's acceptance:
    conflicts, score sheet, vote."""

    proposal = models.ForeignKey(
        "research.Proposal", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    topic = models.ForeignKey(
        "research.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField(_("version reviewed"))
    member = models.ForeignKey(
        "research.CouncilMember",
        verbose_name=_("council member"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    conflict_flags = models.JSONField(_("conflicts found by the portal"), default=list, blank=True)
    conflict_declared = models.BooleanField(_("conflict declared by the member"), default=False)
    conflict_note = models.TextField(_("conflict explanation"), blank=True, validators=[limit_text])
    conflict_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conflict_resolution = models.TextField(
        _("why the flagged conflict does not apply"), blank=True, validators=[limit_text]
    )
    recommend = models.BooleanField(_("vote: recommend funding"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True, validators=[limit_text])
    present = models.BooleanField(_("present at the meeting"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("score sheet submitted"), null=True, blank=True)
    # Submitting a sheet is signing it: the member declares, at that moment, no conflict of
    # interest (or declares one instead, and steps aside).
    no_conflict_declared_at = models.DateTimeField(
        _("declared no conflict of interest"), null=True, blank=True, editable=False
    )
    reminded_on = models.DateField(
        _("due-date reminder sent"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "round", "member__sort_order"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round", "member"], name="research_review_member_once_per_round"
            ),
            models.UniqueConstraint(
                fields=["topic", "round", "member"],
                name="research_review_member_once_per_acceptance",
            ),
            models.CheckConstraint(
                condition=Q(proposal__isnull=True, topic__isnull=False)
                | Q(proposal__isnull=False, topic__isnull=True),
                name="research_review_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.subject.code} v{self.round} — {self.member.person}"

    @property
    def subject(self):
        """What is reviewed: a proposal, or a topic at its acceptance."""
        return self.proposal if self.proposal_id else self.topic

    @property
    def rubric(self):
        return self.subject.review_rubric

    @property
    def due_on(self):
        """When the score sheet is due: the annotation of `with_due_on()` when loaded with it."""
        if hasattr(self, "sheet_due_on"):
            return self.sheet_due_on
        meeting = CouncilMeeting.objects.of_round(self.subject)
        if meeting and meeting.reviews_due_on:
            return meeting.reviews_due_on
        return (
            self.proposal.call.review_due_on if self.proposal_id and self.proposal.call_id else None
        )

    @property
    def person(self):
        return self.member.person

    @property
    def is_conflicted(self):
        """Declared conflicts bar scoring; flagged ones bar it until someone resolves them."""
        if self.conflict_declared:
            return True
        return bool(self.conflict_flags) and not self.conflict_resolution

    @property
    def conflict_is_resolvable(self):
        """A flag may be cleared with a reason, unless the member is on the team: no one judges
        their own work."""
        return bool(self.conflict_flags) and ConflictReason.ON_TEAM not in self.conflict_flags

    @property
    def conflict_flag_labels(self):
        return [ConflictReason(flag).label for flag in self.conflict_flags]

    @property
    def is_decided(self):
        subject = self.subject
        return self.round < subject.current_round or not subject.review_open

    @property
    def is_secretary(self):
        return self.member.role == CouncilRole.SECRETARY


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "research.RubricCriterion", on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="research_score_criterion_once"
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(points__isnull=True),
                name="research_score_not_applicable_has_no_points",
                violation_error_message=_("A criterion marked not applicable has no points."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'—' if self.not_applicable else self.points}"


class RecordedDecision(models.Model):
    """What every council decision keeps: a note, the aggregate frozen as it stood, who and when."""

    note = models.TextField(_("note"), blank=True, validators=[limit_text])
    summary = models.JSONField(_("aggregate at the time of the decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True


class CouncilDecision(RecordedDecision):
    """The recorded outcome of one round, with the aggregate frozen as it stood."""

    proposal = models.ForeignKey(
        "research.Proposal", on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.PositiveSmallIntegerField(_("version decided"))
    outcome = models.CharField(_("decision"), max_length=20, choices=ProposalStatus.choices)

    class Meta:
        ordering = ["proposal", "round"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round"], name="research_councildecision_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(
                    outcome__in=[
                        ProposalStatus.APPROVED,
                        ProposalStatus.REVISION_REQUESTED,
                        ProposalStatus.REJECTED,
                    ]
                ),
                name="research_councildecision_outcome_is_a_decision",
            ),
        ]

    def __str__(self):
        return f"{self.proposal.code} v{self.round}: {self.get_outcome_display()}"

    @property
    def outcome_label(self):
        return self.get_outcome_display()


class AcceptanceDecision(RecordedDecision):
    """The acceptance council's verdict on one round: the grade from the bands, frozen with its
    aggregate."""

    topic = models.ForeignKey(
        "research.Topic", on_delete=models.CASCADE, related_name="acceptance_decisions"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    grade = models.CharField(_("grade"), max_length=10, choices=TopicGrade.choices)

    class Meta:
        ordering = ["topic", "round"]
        verbose_name = _("acceptance decision")
        verbose_name_plural = _("acceptance decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "round"], name="research_acceptancedecision_once_per_round"
            )
        ]

    def __str__(self):
        return f"{self.topic.code}: {self.get_grade_display()}"

    @property
    def outcome_label(self):
        return self.get_grade_display()
