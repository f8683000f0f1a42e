"""The school's research plan (kế hoạch nghiên cứu khoa học) for a year or a period: a target per
criterion-4 indicator and year (chỉ tiêu), the topics and the budget it plans, and a yearly review
of the plan against what happened. Targets are proposed from the indicators' thresholds (data)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from research.core.actions import InvalidTransition
from research.core.bounds import FIRST_YEAR, LAST_YEAR
from research.core.choices import TopicLevel, TopicOrigin
from research.core.formatting import format_number, format_vnd
from research.core.people import Unit
from research.core.reference import FundingSource
from research.core.validators import limit_amount, limit_text
from research.standard.models import Indicator

# A period longer than this is not a plan but a wish (the school's horizon is 2030–2050).
MAX_PLAN_YEARS = 10
MAX_TARGET = 100000
MAX_PLANNED_TOPICS = 999
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the leadership")
    APPROVED = "approved", _("Approved")


# The plan's lifecycle (docs/workflows.md): the office drafts and submits, the leadership approves
# or returns it with a reason.
ALLOWED_TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.SUBMITTED},
    PlanStatus.SUBMITTED: {PlanStatus.APPROVED, PlanStatus.DRAFT},
    PlanStatus.APPROVED: set(),
}


class TargetLevel(models.TextChoices):
    LEVEL1 = "1", _("Level 1")
    LEVEL2 = "2", _("Level 2")


class ResearchPlanQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=PlanStatus.APPROVED)

    def covering(self, year):
        return self.filter(first_year__lte=year, last_year__gte=year)

    def current(self, year):
        """The approved plan that covers `year`, the shortest first (a yearly plan inside a
        period's plan speaks for its year)."""
        return (
            self.approved()
            .covering(year)
            .annotate(span=F("last_year") - F("first_year"))
            .order_by("span", "-approved_at")
            .first()
        )


class ResearchPlan(ClusterableModel):
    title = models.CharField(_("title"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    aim = models.CharField(
        _("aim"),
        max_length=1,
        choices=TargetLevel.choices,
        default=TargetLevel.LEVEL2,
        help_text=_(
            "The level the plan reaches by its last year; the targets rise from level 1 to it."
        ),
    )
    purpose = models.TextField(_("purpose and requirements"), blank=True, validators=[limit_text])
    organisation = models.TextField(
        _("organisation of the work"), blank=True, validators=[limit_text]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ResearchPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-first_year", "last_year"]
        verbose_name = _("research plan")
        verbose_name_plural = _("research plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="research_researchplan_years_in_order",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.first_year and self.last_year:
            if self.last_year < self.first_year:
                raise ValidationError(
                    {"last_year": _("The last year cannot be before the first year.")}
                )
            if self.last_year - self.first_year + 1 > MAX_PLAN_YEARS:
                raise ValidationError(
                    {
                        "last_year": _("A plan covers at most %(years)s years.")
                        % {"years": MAX_PLAN_YEARS}
                    }
                )

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)

    @property
    def period(self):
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def code(self):
        """How the plan is named in a file name and the register."""
        return f"KH-NCKH-{self.first_year}-{self.last_year}"

    @property
    def is_editable(self):
        return self.status == PlanStatus.DRAFT

    @property
    def is_approved(self):
        return self.status == PlanStatus.APPROVED

    def check_transition(self, to):
        if to not in ALLOWED_TRANSITIONS[PlanStatus(self.status)]:
            raise InvalidTransition(
                _("A plan that is “%(from)s” cannot become “%(to)s”.")
                % {"from": self.get_status_display(), "to": PlanStatus(to).label}
            )

    def document_fields(self):
        """The fields of its Kế hoạch (docs/documents.md, `plan.…`), as plain Vietnamese text."""
        targets, by_indicator = [], {}
        for target in self.targets.select_related("indicator"):
            by_indicator.setdefault(target.indicator, []).append(target)
        for index, (indicator, rows) in enumerate(by_indicator.items(), start=1):
            targets.append(
                {
                    "index": index,
                    "code": indicator.code,
                    "name": f"{indicator.code}. {indicator.name}",
                    "unit": indicator.unit_label,
                    "level1": format_number(indicator.threshold_level1),
                    "level2": format_number(indicator.threshold_level2),
                    "years": "; ".join(f"{row.year}: {format_number(row.target)}" for row in rows),
                }
            )
        topics = self.planned_topics.select_related("unit")
        budget = self.budget.select_related("source")
        return {
            "title": self.title,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "period_words": f"năm {self.first_year}"
            if self.first_year == self.last_year
            else f"giai đoạn {self.first_year} - {self.last_year}",
            "aim": "đạt chuẩn mức 2" if self.aim == TargetLevel.LEVEL2 else "đạt chuẩn mức 1",
            "purpose": self.purpose,
            "organisation": self.organisation,
            "targets": targets,
            "topics": [
                {
                    "index": index,
                    "year": line.year,
                    "level": line.get_level_display(),
                    "origin": line.get_origin_display(),
                    "unit": line.unit.name if line.unit_id else "Toàn trường",
                    "count": line.count,
                }
                for index, line in enumerate(topics, start=1)
            ],
            "budget": [
                {
                    "index": index,
                    "year": line.year,
                    "source": line.source.name,
                    "amount": format_vnd(line.amount),
                }
                for index, line in enumerate(budget, start=1)
            ],
            "budget_total": format_vnd(sum(line.amount for line in budget)),
        }

    def target_for(self, indicator, year):
        return next(
            (
                target
                for target in self.targets.all()
                if target.indicator_id == indicator.pk and target.year == year
            ),
            None,
        )


class PlanTarget(models.Model):
    """The value an indicator should reach in a year (chỉ tiêu), and how many new records of that
    year it takes (for an indicator counted over several years, the year's share)."""

    plan = models.ForeignKey(ResearchPlan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    target = models.DecimalField(
        _("target"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_TARGET)],
    )
    new_records = models.PositiveIntegerField(
        _("new records in the year"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_TARGET)],
        help_text=_("Empty for a share or an average."),
    )

    class Meta:
        ordering = ["indicator__criterion", "indicator__sort_order", "indicator__code", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "year"], name="research_plantarget_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0), name="research_plantarget_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.target}"


class PlannedTopics(models.Model):
    """How many topics of a level and origin the plan expects to start in a year (by a unit)."""

    plan = ParentalKey(ResearchPlan, on_delete=models.CASCADE, related_name="planned_topics")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    level = models.CharField(_("level"), max_length=20, choices=TopicLevel.choices)
    origin = models.CharField(_("origin"), max_length=20, choices=TopicOrigin.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the school as a whole."),
    )
    count = models.PositiveSmallIntegerField(
        _("number of topics"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLANNED_TOPICS)],
    )

    class Meta:
        ordering = ["year", "level", "origin", "unit__name"]
        verbose_name = _("planned topics")
        verbose_name_plural = _("planned topics")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "level", "origin", "unit"],
                condition=Q(unit__isnull=False),
                name="research_plannedtopics_once_a_unit",
                violation_error_message=_(
                    "This year, level, origin and unit are already in the plan."
                ),
            ),
            models.UniqueConstraint(
                fields=["plan", "year", "level", "origin"],
                condition=Q(unit__isnull=True),
                name="research_plannedtopics_once_for_the_school",
                violation_error_message=_(
                    "This year, level, origin and unit are already in the plan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="research_plannedtopics_at_least_one"
            ),
        ]

    def __str__(self):
        unit = self.unit.name if self.unit_id else _("The whole school")
        return (
            f"{self.year} · {self.get_level_display()} · {self.get_origin_display()} · {unit}: "
            f"{self.count}"
        )


class PlannedBudget(models.Model):
    """The funding the plan expects from a source in a year (VND)."""

    plan = ParentalKey(ResearchPlan, on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"), validators=[limit_amount])

    class Meta:
        ordering = ["year", "source__sort_order", "source__name"]
        verbose_name = _("planned budget")
        verbose_name_plural = _("planned budget")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "source"],
                name="research_plannedbudget_once",
                violation_error_message=_("This year and source are already in the plan."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.source}: {self.amount}"


class PlanReview(models.Model):
    """The office's assessment of a year of an approved plan (sơ kết, đánh giá kế hoạch năm)."""

    plan = models.ForeignKey(ResearchPlan, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    assessment = models.TextField(_("assessment"), validators=[limit_text])
    figures = models.JSONField(_("plan against actual"), default=list)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "year"]
        verbose_name = _("yearly review of the plan")
        verbose_name_plural = _("yearly reviews of the plan")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"], name="research_planreview_once_a_year"
            ),
        ]

    def __str__(self):
        return f"{self.plan} — {self.year}"
