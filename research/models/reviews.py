import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CouncilRole, ProposalStatus


class ConflictReason(models.TextChoices):
    ON_TEAM = "on_team", _("Member of the proposal's team")
    SAME_UNIT = "same_unit", _("Works in the principal investigator's unit")
    COAUTHOR = "coauthor", _("Recently co-authored an output with the principal investigator")


def likely_conflicts(proposal, person, coauthor_years, today=None):
    """The reasons the portal suspects `person` cannot judge `proposal` impartially."""
    from .outputs import Output

    today = today or timezone.localdate()
    reasons = []
    if person in proposal.team_people():
        reasons.append(ConflictReason.ON_TEAM)
    if (
        person.unit_id
        and person.unit_id == proposal.principal.unit_id
        and person != proposal.principal
    ):
        reasons.append(ConflictReason.SAME_UNIT)
    since = today - datetime.timedelta(days=365 * coauthor_years)
    if (
        person != proposal.principal
        and Output.objects.filter(authors__person=person, published_on__gte=since)
        .filter(authors__person=proposal.principal)
        .exists()
    ):
        reasons.append(ConflictReason.COAUTHOR)
    return [str(reason) for reason in reasons]


class ReviewQuerySet(models.QuerySet):
    def of_person(self, person):
        return self.filter(member__person=person)

    def current(self):
        """Reviews of each proposal's current round."""
        return self.filter(round=models.F("proposal__version"))

    def for_round(self, proposal):
        """One proposal's current round, loaded for the council arithmetic, in seating order."""
        return (
            self.filter(proposal=proposal, round=proposal.version)
            .select_related("member__person")
            .prefetch_related("scores")
            .order_by("member__sort_order")
        )

    def for_listing(self):
        return self.select_related("proposal__call", "proposal__principal", "member__council")

    def awaiting_reminder(self, today, days_before):
        """Open score sheets of proposals in review whose reviews are due within `days_before`."""
        from .choices import ProposalStatus

        return self.current().filter(
            proposal__status=ProposalStatus.IN_REVIEW,
            submitted_at__isnull=True,
            conflict_declared=False,
            reminded_on__isnull=True,
            proposal__call__review_due_on__gte=today,
            proposal__call__review_due_on__lte=today + datetime.timedelta(days=days_before),
        )


class Review(models.Model):
    """One council member's work on one round of one proposal: conflicts, score sheet, vote."""

    proposal = models.ForeignKey(
        "research.Proposal", on_delete=models.CASCADE, related_name="reviews"
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
    conflict_note = models.TextField(_("conflict explanation"), blank=True)
    conflict_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conflict_resolution = models.TextField(_("why the flagged conflict does not apply"), blank=True)
    recommend = models.BooleanField(_("vote: recommend funding"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    present = models.BooleanField(_("present at the meeting"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("score sheet submitted"), null=True, blank=True)
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
            )
        ]

    def __str__(self):
        return f"{self.proposal.code} v{self.round} — {self.member.person}"

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
    def conflict_flag_labels(self):
        return [ConflictReason(flag).label for flag in self.conflict_flags]

    @property
    def is_decided(self):
        return self.round < self.proposal.version or self.proposal.status in (
            ProposalStatus.APPROVED,
            ProposalStatus.REJECTED,
            ProposalStatus.REVISION_REQUESTED,
        )

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


class CouncilDecision(models.Model):
    """The recorded outcome of one round, with the aggregate frozen as it stood."""

    proposal = models.ForeignKey(
        "research.Proposal", on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.PositiveSmallIntegerField(_("version decided"))
    outcome = models.CharField(_("decision"), max_length=20, choices=ProposalStatus.choices)
    note = models.TextField(_("note"), blank=True)
    summary = models.JSONField(_("aggregate at the time of the decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

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
