"""Reference lists the research office edits: they are data, not code."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from research.core.bilingual import Bilingual


class ReferenceData(Bilingual, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ResearchField(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("research field")
        verbose_name_plural = _("research fields")


class OrderingBody(ReferenceData):
    """A provincial body that orders or assigns topics: Tỉnh ủy, UBND tỉnh, Sở KH&CN …"""

    short_name = models.CharField(_("short name"), max_length=50, blank=True)

    class Meta(ReferenceData.Meta):
        verbose_name = _("ordering body")
        verbose_name_plural = _("ordering bodies")


class FundingSource(ReferenceData):
    code = models.SlugField(_("code"), max_length=30, unique=True)

    class Meta(ReferenceData.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
