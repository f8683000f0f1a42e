"""The library's part of the annual research report (registered from CmsConfig.ready(), so that
research never imports cms)."""

import datetime

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from research.reports.annual.data import NUMBER, TEXT, Table

from .models import DailyCount, HitKind

TOP_ITEMS = 10


def library_tables(first_year, last_year):
    counts = DailyCount.objects.filter(
        day__gte=datetime.date(first_year, 1, 1), day__lte=datetime.date(last_year, 12, 31)
    )
    per_page = list(
        counts.values("page")
        .annotate(
            views=Sum("count", filter=Q(kind=HitKind.VIEW)),
            downloads=Sum("count", filter=Q(kind=HitKind.DOWNLOAD)),
        )
        .order_by("-views", "page")
    )
    titles = dict(
        Page.objects.filter(pk__in=[row["page"] for row in per_page[:TOP_ITEMS]]).values_list(
            "pk", "title"
        )
    )
    totals = Table(
        "library_totals",
        _("Digital library: views and downloads"),
        [_("Counted"), _("Number")],
        [TEXT, NUMBER],
        [
            [_("Page views"), sum(row["views"] or 0 for row in per_page)],
            [_("File downloads"), sum(row["downloads"] or 0 for row in per_page)],
        ],
    )
    top = Table(
        "library_top",
        _("Digital library: most read pages"),
        [_("Page"), _("Views"), _("Downloads")],
        [TEXT, NUMBER, NUMBER],
        [
            [titles.get(row["page"], "—"), row["views"] or 0, row["downloads"] or 0]
            for row in per_page[:TOP_ITEMS]
        ],
    )
    return [totals, top]
