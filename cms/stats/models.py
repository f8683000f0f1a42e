"""The raw hits (one small row per counted request, nothing about the visitor) and the daily
counts they are rolled up into. Models of the cms app, imported by cms/models/__init__.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HitKind(models.TextChoices):
    VIEW = "view", _("View")
    DOWNLOAD = "download", _("Download")


class Hit(models.Model):
    """One counted request: which page, which file (for a download) and when. No address, no
    browser, no cookie: nothing that tells who the visitor was."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=HitKind.choices)
    target = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "cms"
        verbose_name = _("hit")
        verbose_name_plural = _("hits")

    def __str__(self):
        return f"{self.page_id} {self.kind} {self.target}"


class DailyCountQuerySet(models.QuerySet):
    def totals(self):
        """{"view": n, "download": n} over the rows."""
        found = dict(self.values_list("kind").annotate(total=models.Sum("count")).order_by())
        return {kind: found.get(kind, 0) for kind in HitKind.values}


class DailyCount(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=HitKind.choices)
    target = models.CharField(_("file"), max_length=40, blank=True)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)

    objects = DailyCountQuerySet.as_manager()

    class Meta:
        app_label = "cms"
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "target", "day"], name="cms_dailycount_once_per_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="cms_dailycount_day")]

    def __str__(self):
        return f"{self.page_id} {self.kind} {self.target} {self.day:%d/%m/%Y}: {self.count}"
