from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from .reference import FundingSource


class FundingLine(Orderable):
    """The amount approved for a topic from one source, and what was settled of it."""

    topic = ParentalKey("research.Topic", on_delete=models.CASCADE, related_name="funding_lines")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    approved_amount = models.PositiveBigIntegerField(_("approved amount (VND)"))
    settled_amount = models.PositiveBigIntegerField(
        _("settled amount (VND)"), null=True, blank=True
    )

    class Meta(Orderable.Meta):
        verbose_name = _("funding line")
        verbose_name_plural = _("funding")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "source"],
                name="research_fundingline_source_once",
                violation_error_message=_("Each source appears once in a topic's funding."),
            ),
            models.CheckConstraint(
                condition=Q(settled_amount__isnull=True)
                | Q(settled_amount__lte=F("approved_amount")),
                name="research_fundingline_settled_within_approved",
                violation_error_message=_("The settled amount cannot exceed the approved amount."),
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.approved_amount}"


class Tranche(Orderable):
    """One disbursement (tạm ứng) from a source: planned, then paid."""

    topic = ParentalKey("research.Topic", on_delete=models.CASCADE, related_name="tranches")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("tranche number"))
    planned_on = models.DateField(_("planned date"))
    planned_amount = models.PositiveBigIntegerField(_("planned amount (VND)"))
    paid_on = models.DateField(_("paid date"), null=True, blank=True)
    paid_amount = models.PositiveBigIntegerField(_("paid amount (VND)"), null=True, blank=True)

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


def check_tranche_totals(lines, tranches):
    """Refuse tranches from a source without a line, or above what the line approved.

    Takes plain iterables so the admin form can check unsaved rows the same way as saved ones.
    Both the planned and the paid sums of a source must fit in its approved amount.
    """
    by_source = {line.source_id: line for line in lines}
    planned, paid = defaultdict(int), defaultdict(int)
    errors = []
    for tranche in tranches:
        if tranche.source_id not in by_source:
            errors.append(
                ValidationError(
                    _("Tranche %(number)s draws on “%(source)s”, which has no approved amount."),
                    params={"number": tranche.number, "source": tranche.source},
                )
            )
            continue
        planned[tranche.source_id] += tranche.planned_amount or 0
        paid[tranche.source_id] += tranche.paid_amount or 0
    for source_id, line in by_source.items():
        if max(planned[source_id], paid[source_id]) > line.approved_amount:
            errors.append(
                ValidationError(
                    _("The tranches of “%(source)s” add up to more than its approved amount."),
                    params={"source": line.source},
                )
            )
    if errors:
        raise ValidationError(errors)
