from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from research.core.bounds import plausible_date
from research.core.reference import FundingSource
from research.core.validators import limit_amount


class FundingLine(Orderable):
    """An approved amount for one budget item from one source, and what was settled of it.

    A source's approved total is the sum of its lines; nothing is stored twice.
    """

    topic = ParentalKey("research.Topic", on_delete=models.CASCADE, related_name="funding_lines")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.CharField(_("budget item"), max_length=300, blank=True)
    approved_amount = models.PositiveBigIntegerField(
        _("approved amount (VND)"), validators=[limit_amount]
    )
    settled_amount = models.PositiveBigIntegerField(
        _("settled amount (VND)"), null=True, blank=True, validators=[limit_amount]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("funding line")
        verbose_name_plural = _("funding")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "source", "item"],
                name="research_fundingline_item_once",
                violation_error_message=_("Each budget item appears once per source."),
            ),
            models.CheckConstraint(
                condition=Q(settled_amount__isnull=True)
                | Q(settled_amount__lte=F("approved_amount")),
                name="research_fundingline_settled_within_approved",
                violation_error_message=_("The settled amount cannot exceed the approved amount."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.source} — {self.item}: {self.approved_amount}"
            if self.item
            else f"{self.source}: {self.approved_amount}"
        )


class Tranche(Orderable):
    """One disbursement (tạm ứng) from a source: planned, then paid."""

    topic = ParentalKey("research.Topic", on_delete=models.CASCADE, related_name="tranches")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("tranche number"))
    planned_on = models.DateField(_("planned date"), validators=[plausible_date])
    planned_amount = models.PositiveBigIntegerField(
        _("planned amount (VND)"), validators=[limit_amount]
    )
    paid_on = models.DateField(_("paid date"), null=True, blank=True, validators=[plausible_date])
    paid_amount = models.PositiveBigIntegerField(
        _("paid amount (VND)"), null=True, blank=True, validators=[limit_amount]
    )
    requires_progress_report = models.BooleanField(
        _("paid only after an accepted progress report"), default=False
    )

    class Meta(Orderable.Meta):
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "source", "number"],
                name="research_tranche_number_once",
                violation_error_message=_("Tranche numbers are unique per source."),
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True, paid_amount__isnull=True)
                | Q(paid_on__isnull=False, paid_amount__isnull=False),
                name="research_tranche_paid_date_and_amount",
                violation_error_message=_("A paid tranche needs both its paid date and amount."),
            ),
        ]

    def __str__(self):
        return f"{self.source} #{self.number}"


def check_tranches(lines, tranches, report_accepted_on=()):
    """Refuse tranches from a source without a line, above what the source approved, or paid
    before the accepted progress report they wait for.

    Takes plain iterables so the admin form can check unsaved rows the same way as saved ones.
    Both the planned and the paid sums of a source must fit in its approved total.
    """
    approved = defaultdict(int)
    sources = {}
    for line in lines:
        approved[line.source_id] += line.approved_amount or 0
        sources[line.source_id] = line.source
    planned, paid = defaultdict(int), defaultdict(int)
    errors = []
    for tranche in tranches:
        if (
            tranche.paid_on
            and tranche.requires_progress_report
            and not any(day <= tranche.paid_on for day in report_accepted_on)
        ):
            errors.append(
                ValidationError(
                    _(
                        "Tranche %(number)s waits for an accepted progress report before it is paid."
                    ),
                    params={"number": tranche.number},
                )
            )
        if tranche.source_id not in approved:
            errors.append(
                ValidationError(
                    _("Tranche %(number)s draws on “%(source)s”, which has no approved amount."),
                    params={"number": tranche.number, "source": tranche.source},
                )
            )
            continue
        planned[tranche.source_id] += tranche.planned_amount or 0
        paid[tranche.source_id] += tranche.paid_amount or 0
    for source_id, amount in approved.items():
        if max(planned[source_id], paid[source_id]) > amount:
            errors.append(
                ValidationError(
                    _("The tranches of “%(source)s” add up to more than its approved amount."),
                    params={"source": sources[source_id]},
                )
            )
    if errors:
        raise ValidationError(errors)
