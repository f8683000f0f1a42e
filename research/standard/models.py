"""The research indicators of criterion 4 of Quy định 11-QĐ/TW, as data (domain.md §2 [design]).

An indicator counts records by a rule kind with parameters; the office edits all of it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from research.core.choices import (
    EventLevel,
    Measure,
    OutputKind,
    RuleKind,
    SchoolRole,
    TopicLevel,
    TopicOrderState,
    TopicOrigin,
    TopicPlacement,
    TopicStatus,
)

# Which parameters each rule kind reads, and the values each parameter may hold.
PARAMETERS = {
    RuleKind.TOPICS: {
        "levels": TopicLevel,
        "origins": TopicOrigin,
        "roles": SchoolRole,
        "statuses": TopicStatus,
        # research.orders: under a province order, handed over, applied
        "orders": TopicOrderState,
        # none ticked: by the planned start
        "placement": TopicPlacement,
    },
    RuleKind.OUTPUTS: {"kinds": OutputKind},
    RuleKind.EVENTS: {"levels": EventLevel},
    RuleKind.BULLETIN_ISSUES: {},
    RuleKind.LECTURERS_WITH_OUTPUTS: {"kinds": OutputKind},
    RuleKind.LECTURERS_WITH_FIELDWORK: {},
    RuleKind.OUTPUTS_PER_LECTURER: {"kinds": OutputKind},
}
SHARE_KINDS = {RuleKind.LECTURERS_WITH_OUTPUTS, RuleKind.LECTURERS_WITH_FIELDWORK}


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    criterion = models.PositiveSmallIntegerField(_("criterion"), default=4)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    unit_label = models.CharField(_("unit of measure"), max_length=50, blank=True)
    window_years = models.PositiveSmallIntegerField(
        _("window (years)"),
        default=1,
        help_text=_("1: the chosen year alone; N: the N years ending with the chosen year."),
    )
    rule_kind = models.CharField(_("counting rule"), max_length=30, choices=RuleKind.choices)
    parameters = models.JSONField(
        _("rule parameters"),
        default=dict,
        blank=True,
        help_text=_("Lists of allowed values per parameter; an empty or missing list means any."),
    )
    by_lecturers = models.BooleanField(
        _("only outputs with a lecturer of the school among the authors"), default=False
    )
    min_outputs = models.PositiveSmallIntegerField(_("at least N outputs"), default=1)
    measure = models.CharField(
        _("measure"), max_length=10, choices=Measure.choices, default=Measure.NUMBER
    )
    threshold_level1 = models.DecimalField(
        _("level 1 threshold"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    threshold_level2 = models.DecimalField(
        _("level 2 threshold"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    thresholds_are_examples = models.BooleanField(
        _("thresholds are examples"),
        default=False,
        help_text=_("Set while the thresholds are not the school's own figures."),
    )

    class Meta:
        ordering = ["criterion", "sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(Q(threshold_level1__isnull=True) | Q(threshold_level1__gte=0))
                & (Q(threshold_level2__isnull=True) | Q(threshold_level2__gte=0)),
                name="research_indicator_thresholds_not_negative",
                violation_error_message=_("Thresholds cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(threshold_level1__isnull=True)
                | Q(threshold_level2__isnull=True)
                | Q(threshold_level2__gte=F("threshold_level1")),
                name="research_indicator_level2_at_least_level1",
                violation_error_message=_(
                    "The level 2 threshold cannot be below the level 1 threshold."
                ),
            ),
            models.CheckConstraint(
                condition=Q(window_years__gte=1) & Q(min_outputs__gte=1),
                name="research_indicator_window_and_minimum_positive",
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def clean(self):
        """Refuse parameters the rule kind does not read, or values it cannot mean, with the reason."""
        allowed = PARAMETERS.get(self.rule_kind, {})
        errors = []
        if not isinstance(self.parameters, dict):
            raise ValidationError(_("The parameters are a set of named lists."))
        for name, values in self.parameters.items():
            if name not in allowed:
                errors.append(
                    _("The rule “%(rule)s” has no parameter “%(name)s”.")
                    % {"rule": RuleKind(self.rule_kind).label, "name": name}
                )
            elif not isinstance(values, list) or any(
                value not in allowed[name].values for value in values
            ):
                errors.append(
                    _("“%(name)s” takes a list of: %(values)s.")
                    % {"name": name, "values": ", ".join(allowed[name].values)}
                )
        if self.measure == Measure.SHARE and self.rule_kind not in SHARE_KINDS:
            errors.append(
                _("Only rules that count lecturers can be measured as a share of lecturers.")
            )
        if errors:
            # Not keyed to `parameters`: the admin edits them as ticked lists, not as one field.
            raise ValidationError(errors)

    def values_of(self, name):
        return self.parameters.get(name) or []


class Snapshot(models.Model):
    """A year's indicator values frozen with their exact evidence, so that later edits do not
    change a submitted self-assessment. Never edited once taken."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    taken_at = models.DateTimeField(_("frozen"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows = models.JSONField(_("values and evidence"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self):
        return _("Self-assessment %(year)s") % {"year": self.year}

    def row_for(self, code):
        return next((row for row in self.rows if row["code"] == code), None)
