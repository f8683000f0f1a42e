"""Rolling raw hits up into daily counts, and reading the counts back."""

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import TruncDate

from .models import DailyCount, Hit


def aggregate(batch=10_000):
    """Move every raw hit into the daily counts; safe to run twice or side by side (each batch of
    hits is counted and deleted in one transaction). Returns the number of hits rolled up."""
    done = 0
    while True:
        try:
            rolled = roll_batch(batch)
        except IntegrityError:  # another run created the same day's row first: try again
            continue
        if not rolled:
            return done
        done += rolled


def roll_batch(batch):
    """Count and delete one batch of hits; returns how many."""
    with transaction.atomic():
        ids = list(
            Hit.objects.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return 0
        rows = (
            Hit.objects.filter(pk__in=ids)
            .annotate(day=TruncDate("at"))
            .values("page_id", "kind", "target", "day")
            .annotate(found=Count("pk"))
            .order_by()
        )
        for row in rows:
            updated = DailyCount.objects.filter(
                page_id=row["page_id"], kind=row["kind"], target=row["target"], day=row["day"]
            ).update(count=F("count") + row["found"])
            if not updated:
                DailyCount.objects.create(
                    page_id=row["page_id"],
                    kind=row["kind"],
                    target=row["target"],
                    day=row["day"],
                    count=row["found"],
                )
        Hit.objects.filter(pk__in=ids).delete()
    return len(ids)
