"""The order cycle's figures per year (the annual report's section, the office's home): grouped
queries, one per figure, whatever the number of records."""

import datetime

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from research.core.choices import OrderStatus, ProvinceAnswer, SubmissionStatus
from research.orders.models import Order, OrderFunding, ProposedTopic

FIGURES = ("proposed", "ordered", "orders", "funding", "handed_over", "applied")


def per_year(queryset, date_field, aggregate=None):
    return dict(
        queryset.annotate(year=ExtractYear(date_field))
        .values_list("year")
        .annotate(found=aggregate or Count("pk"))
        .order_by()
    )


def by_year(first_year, last_year):
    """{year: {figure: value}} for `first_year`…`last_year`: topics proposed to the province
    (lists sent that year), topics it answered “ordered”, orders decided, funding it approved for
    the year, hand-overs and confirmed applications."""
    start, end = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    lines = ProposedTopic.objects.exclude(submission__status=SubmissionStatus.DRAFT)
    orders = Order.objects.exclude(status=OrderStatus.CANCELLED)
    found = {
        "proposed": per_year(
            lines.filter(submission__sent_on__gte=start, submission__sent_on__lte=end),
            "submission__sent_on",
        ),
        "ordered": per_year(
            lines.filter(
                answer=ProvinceAnswer.ORDERED, answered_on__gte=start, answered_on__lte=end
            ),
            "answered_on",
        ),
        "orders": per_year(
            orders.filter(decision_date__gte=start, decision_date__lte=end), "decision_date"
        ),
        "funding": dict(
            OrderFunding.objects.filter(year__gte=first_year, year__lte=last_year, order__in=orders)
            .values_list("year")
            .annotate(total=Sum("amount"))
            .order_by()
        ),
        "handed_over": per_year(
            orders.filter(handed_over_on__gte=start, handed_over_on__lte=end), "handed_over_on"
        ),
        "applied": per_year(
            orders.filter(applied_on__gte=start, applied_on__lte=end), "applied_on"
        ),
    }
    return {
        year: {name: found[name].get(year, 0) or 0 for name in FIGURES}
        for year in range(first_year, last_year + 1)
    }
