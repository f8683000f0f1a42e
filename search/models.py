"""The public search index on the database: one row per published page, with folded text for
full-text search (SQLite FTS5 or PostgreSQL tsvector, see the migrations) and the facet values."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class EntryKind(models.TextChoices):
    TOPIC = "topic", _("Topic")
    OUTPUT = "output", _("Output")
    PERSON = "person", _("Person")


class SearchEntry(models.Model):
    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=10, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True)
    # Folded (lower case, no diacritics): what the engines match.
    title_folded = models.CharField(max_length=500, db_index=True)
    text_folded = models.TextField()
    # Facets; empty where they do not apply to the type.
    year = models.PositiveSmallIntegerField(null=True)
    level = models.CharField(max_length=20, blank=True)
    output_kind = models.CharField(max_length=30, blank=True)
    unit = models.ForeignKey(
        "research.Unit", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.ForeignKey(
        "research.ResearchField", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ordering_body = models.ForeignKey(
        "research.OrderingBody", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["kind", "year"], name="search_entry_kind_year")]

    def __str__(self):
        return self.title
