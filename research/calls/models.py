from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from research.core.bounds import plausible_date
from research.core.choices import RubricKind, TopicLevel
from research.core.validators import limit_amount


class CallQuerySet(models.QuerySet):
    def open(self, at=None):
        at = at or timezone.now()
        return self.filter(opens_at__lte=at, closes_at__gte=at)


class Call(models.Model):
    """A call for proposals (đợt đăng ký) of a yearly research plan."""

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=20, choices=TopicLevel.choices)
    directions = models.TextField(_("research directions"), blank=True)
    opens_at = models.DateTimeField(_("opens"), validators=[plausible_date])
    closes_at = models.DateTimeField(
        _("closes"),
        validators=[plausible_date],
        help_text=_("Extend the call by moving this date; later submissions are refused."),
    )
    budget_ceiling = models.PositiveBigIntegerField(
        _("budget ceiling per proposal (VND)"), null=True, blank=True, validators=[limit_amount]
    )
    rubric = models.ForeignKey(
        "research.Rubric", verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="calls"
    )
    council = models.ForeignKey(
        "research.Council",
        verbose_name=_("council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers never see the names of the team.")
    )
    similarity_threshold = models.PositiveSmallIntegerField(
        _("similarity warning threshold"),
        null=True,
        blank=True,
        default=40,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "From this similarity score (0–100) to existing work, the office is warned at "
            "eligibility and records its judgement before the council. Empty: no warning."
        ),
    )
    review_due_on = models.DateField(
        _("reviews due"), null=True, blank=True, validators=[plausible_date]
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-opens_at"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="research_call_closes_after_opening",
                violation_error_message=_("A call must close after it opens."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.rubric_id and self.rubric.kind != RubricKind.SELECTION:
            errors["rubric"] = _("A call's proposals are scored with a selection rubric.")
        if self.council_id and self.level:
            unfit = self.council.unfit_for(self, RubricKind.SELECTION)
            if unfit:
                errors["council"] = unfit
        if self.pk and self.blind_review != self.blind_review_saved and self.reviewed():
            # Reviewers who have read the names cannot unread them, and lifting the veil in the
            # middle of a round shows the names to members who scored blind: either way the
            # round's record would claim a blindness it did not have.
            errors["blind_review"] = _(
                "Proposals of this call are already before a council; blind review cannot be "
                "switched on or off until the next call."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def blind_review_saved(self):
        return Call.objects.filter(pk=self.pk).values_list("blind_review", flat=True).first()

    def reviewed(self):
        """Has any proposal of this call been put before a council (its members given it)?"""
        return self.proposals.filter(reviews__isnull=False).exists()
