"""Demo library statistics: a year of daily views and downloads of the published library items
and topics, deterministic so that loading twice gives the same counts."""

import datetime

from .models import DailyCount, HitKind

DAYS = 400


def load_library_statistics(pages, today):
    """Daily counts for `pages` (library items and topics) over the last DAYS days."""
    rows = []
    for page in pages:
        downloads = page._meta.model_name == "outputpage"
        for back in range(0, DAYS, 3):
            day = today - datetime.timedelta(days=back)
            views = (page.pk * 13 + back) % (5 + page.pk % 9)
            if views:
                rows.append(DailyCount(page=page, kind=HitKind.VIEW, day=day, count=views))
            if downloads and views > 6:
                rows.append(
                    DailyCount(
                        page=page, kind=HitKind.DOWNLOAD, target="file", day=day, count=views - 6
                    )
                )
    DailyCount.objects.filter(page__in=pages).delete()
    DailyCount.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
