from collections import Counter
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from research.core.choices import (
    CouncilRole,
    ProposalStatus,
    RubricKind,
    TopicGrade,
    TopicLevel,
    TopicStatus,
)


class Rubric(ClusterableModel):
    """A score sheet and the council rules that go with it; every number here is the school's to set."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RubricKind.choices)
    outlier_threshold = models.PositiveSmallIntegerField(
        _("outlier threshold (points)"),
        default=15,
        help_text=_("A member's total further than this from the mean of all totals is discarded."),
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum: denominator"), default=3, validators=[MinValueValidator(1)]
    )
    approval_numerator = models.PositiveSmallIntegerField(_("approval vote: numerator"), default=2)
    approval_denominator = models.PositiveSmallIntegerField(
        _("approval vote: denominator"), default=3, validators=[MinValueValidator(1)]
    )
    coauthor_years = models.PositiveSmallIntegerField(
        _("co-authorship window (years)"),
        default=3,
        help_text=_(
            "A member who co-authored with the principal investigator within this many years is flagged."
        ),
    )
    min_members = models.PositiveSmallIntegerField(_("smallest council"), default=7)
    max_members = models.PositiveSmallIntegerField(_("largest council"), default=9)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=F("quorum_denominator"))
                & Q(approval_numerator__lte=F("approval_denominator"))
                & Q(quorum_denominator__gt=0)
                & Q(approval_denominator__gt=0),
                name="research_rubric_ratios_at_most_one",
                violation_error_message=_("A quorum or vote share cannot exceed one."),
            ),
            models.CheckConstraint(
                condition=Q(min_members__lte=F("max_members")),
                name="research_rubric_council_size_range",
                violation_error_message=_(
                    "The smallest council cannot be larger than the largest."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def quorum_share(self):
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    @property
    def approval_share(self):
        return Fraction(self.approval_numerator, self.approval_denominator)

    @property
    def max_total(self):
        return sum(criterion.max_points for criterion in self.criteria.all())


class RubricCriterion(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1)]
    )
    allow_not_applicable = models.BooleanField(
        _("may be marked not applicable"),
        default=False,
        help_text=_(
            "A criterion marked not applicable is left out of the total and of its maximum."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return f"{self.title} ({self.max_points})"


class GradeBand(Orderable):
    """The lowest final score that earns a grade, e.g. Xuất sắc from 91 (acceptance rubrics)."""

    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="grade_bands")
    grade = models.CharField(_("grade"), max_length=10, choices=TopicGrade.choices)
    min_score = models.DecimalField(_("from score"), max_digits=5, decimal_places=2)

    class Meta(Orderable.Meta):
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "grade"], name="research_gradeband_grade_once"
            ),
            models.CheckConstraint(
                condition=Q(min_score__gte=0), name="research_gradeband_score_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_grade_display()} ≥ {self.min_score}"


def grade_for(rubric, score):
    """The grade whose band holds `score`: the band with the highest floor not above it."""
    bands = sorted(rubric.grade_bands.all(), key=lambda band: band.min_score, reverse=True)
    return next((band.grade for band in bands if score >= band.min_score), None)


class CouncilQuerySet(models.QuerySet):
    def fit_for(self, subject, kind):
        """The councils that may review `subject` in a round of `kind` (see `Council.unfit_for`)."""
        return self.filter(rubric__kind=kind).filter(Q(level="") | Q(level=subject.level))

    def for_listing(self):
        return self.select_related("rubric").prefetch_related("members__person")


class Council(ClusterableModel):
    """A science council: standing, or formed for one call or one topic."""

    name = models.CharField(_("name"), max_length=300)
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="councils"
    )
    decision_number = models.CharField(
        _("founding decision"),
        max_length=100,
        blank=True,
        help_text=_("Number of the decision that formed it."),
    )
    standing = models.BooleanField(_("standing council"), default=False)
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=[("", _("Any")), *TopicLevel.choices],
        blank=True,
        help_text=_("The level of the proposals or topics it reviews; empty: any level."),
    )
    # Selection rounds are blind when their call says so (the call gathers the proposals and
    # names their council); an acceptance round has no call — the council formed or named for
    # the topic is what the office sets up for it, so the setting lives here.
    blind_review = models.BooleanField(
        _("blind acceptance review"),
        default=False,
        help_text=_(
            "Acceptance councils only: members never see the names of the topic's team. "
            "Selection councils review blind when their call says so."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.blind_review and self.rubric_id and self.rubric.kind != RubricKind.ACCEPTANCE:
            raise ValidationError(
                {
                    "blind_review": _(
                        "A selection council reviews blind when its call says so; set it on the call."
                    )
                }
            )
        if self.pk and self.blind_review != self.blind_review_saved and self.scoring_started():
            # The same rule as a call's: members who read the names cannot unread them, and
            # lifting the veil mid-round shows them to members who scored blind.
            raise ValidationError(
                {
                    "blind_review": _(
                        "A topic is already before this council; blind review cannot be switched "
                        "on or off until its acceptance is decided."
                    )
                }
            )

    @property
    def blind_review_saved(self):
        return Council.objects.filter(pk=self.pk).values_list("blind_review", flat=True).first()

    def scoring_started(self):
        """Has a topic still before this council been given to its members?"""
        from .reviews import Review

        return Review.objects.filter(
            topic__council=self, topic__status=TopicStatus.UNDER_EVALUATION
        ).exists()

    def member_with_role(self, role):
        return [m for m in self.members.all() if m.role == role]

    @property
    def kind(self):
        """Selection or acceptance: the kind of the rubric it scores with."""
        return self.rubric.kind

    def unfit_for(self, subject, kind):
        """Why this council may not review `subject` (a proposal or a topic) in a round of
        `kind`, or None: a selection council never grades a finished topic, an acceptance
        council never selects a proposal, and a council formed for one level stays at it."""
        if self.rubric.kind != kind:
            if kind == RubricKind.SELECTION:
                return _(
                    "“%(council)s” is an acceptance council; a proposal goes to a selection council."
                ) % {"council": self.name}
            return _(
                "“%(council)s” is a selection council; a topic is evaluated by an acceptance council."
            ) % {"council": self.name}
        if self.level and self.level != subject.level:
            return _(
                "“%(council)s” is formed for the level “%(level)s”; this one is “%(subject_level)s”."
            ) % {
                "council": self.name,
                "level": TopicLevel(self.level).label,
                "subject_level": TopicLevel(subject.level).label,
            }
        return None

    def problems_if_changed(self, rubric, level):
        """What a new rubric or level would break: the calls that name this council and the
        proposals and topics now before it must still fit it."""
        changed = Council(name=self.name, rubric=rubric, level=level)
        subjects = (
            [(call, RubricKind.SELECTION) for call in self.calls.all()]
            + [
                (proposal, RubricKind.SELECTION)
                for proposal in self.proposals.filter(status=ProposalStatus.IN_REVIEW)
            ]
            + [
                (topic, RubricKind.ACCEPTANCE)
                for topic in self.accepted_topics.filter(status=TopicStatus.UNDER_EVALUATION)
            ]
        )
        problems = []
        for subject, kind in subjects:
            unfit = changed.unfit_for(subject, kind)
            if unfit:
                problems.append(f"{subject}: {unfit}")
        return problems


# The structure every council has (domain.md §6); its size comes from the rubric.
ROLE_COUNTS = {
    CouncilRole.CHAIR: (1, 1),
    CouncilRole.VICE_CHAIR: (0, 1),
    CouncilRole.REVIEWER: (2, 2),
    CouncilRole.SECRETARY: (1, 1),
}


def check_council_composition(members, rubric):
    """Refuse a council whose size or roles do not fit; `members` are (person, role) pairs."""
    errors = []
    if not rubric.min_members <= len(members) <= rubric.max_members:
        errors.append(
            ValidationError(
                _("A council has %(min)d to %(max)d members; this one has %(count)d."),
                params={
                    "min": rubric.min_members,
                    "max": rubric.max_members,
                    "count": len(members),
                },
            )
        )
    roles = Counter(role for _person, role in members)
    for role, (least, most) in ROLE_COUNTS.items():
        if not least <= roles[role] <= most:
            errors.append(
                ValidationError(
                    _("A council needs %(least)d to %(most)d “%(role)s”; this one has %(count)d."),
                    params={
                        "least": least,
                        "most": most,
                        "role": CouncilRole(role).label,
                        "count": roles[role],
                    },
                )
            )
    people = [person for person, _role in members]
    if len(set(people)) != len(people):
        errors.append(ValidationError(_("A person sits only once on a council.")))
    if errors:
        raise ValidationError(errors)


class CouncilMember(Orderable):
    council = ParentalKey(Council, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "research.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    role = models.CharField(_("role"), max_length=20, choices=CouncilRole.choices)

    class Meta(Orderable.Meta):
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person"],
                name="research_councilmember_person_once",
                violation_error_message=_("A person sits only once on a council."),
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"
