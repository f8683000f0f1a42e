"""The public search index on the database: one row per published page or harvested record (the
other schools', search.harvest), with its tokenised text for full-text search (SQLite FTS5 or
PostgreSQL tsvectors, see the migrations) and the facet values; and the backlog of entries still
to be brought up to date."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

# facet → (column of the entry, the short name of its tokens in `facet_tokens`)
FACET_COLUMNS = {
    "type": "kind",
    "level": "level",
    "kind": "output_kind",
    "year": "year",
    "unit": "unit_id",
    "field": "field_id",
    "body": "ordering_body_id",
    "school": "school",
}
# The kind of a harvested record's entry (the page kinds are registered in search/kinds.py).
HARVESTED = "harvested"
OWN_SCHOOL = 0  # the `school` of the school's own entries; a harvested one's is its peer's id


def facet_token(facet, value):
    """The token naming a facet value in the full-text index ("year2025", "kindjournalarticle"):
    letters and digits only, so every engine's tokenizer keeps it whole."""
    return facet + "".join(char for char in str(value).lower() if char.isalnum())


class SearchEntry(models.Model):
    # Keyed by the page: the full-text index's row ids are page ids, so "most recently indexed"
    # means "most recently created page" (search.engines.database). A harvested record's entry
    # is keyed by minus the record's id (HarvestedRecord.entry_key): no page has it, hence no
    # database constraint (the cascade from a deleted page is Django's).
    page = models.OneToOneField(
        Page, primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # the registered page kind (search/kinds.py): topic, output, person, news …; or HARVESTED
    kind = models.CharField(_("type"), max_length=10)
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True)
    # Tokenised (search.text.index_text: folded, space-separated tokens): what the engines match.
    title_folded = models.CharField(max_length=500, db_index=True)
    title_en_folded = models.CharField(max_length=500, blank=True, db_index=True)
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
    # OWN_SCHOOL, or the peer repository a harvested record comes from (not a key: the entry
    # goes with its record, search.harvest)
    school = models.PositiveIntegerField(default=OWN_SCHOOL)
    # The facet values again as tokens, so that the full-text index filters by them too.
    facet_tokens = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["kind", "year"], name="search_entry_kind_year")]

    def __str__(self):
        return self.title

    def tokens_of_facets(self):
        return " ".join(
            facet_token(facet, value)
            for facet, column in FACET_COLUMNS.items()
            if (value := getattr(self, column)) not in (None, "")
        )

    @property
    def harvested(self):
        return self.kind == HARVESTED

    def display_title(self, language):
        """The title in the visitor's language, Vietnamese when there is no English one."""
        return self.title_en if language == "en" and self.title_en else self.title

    def title_holding(self, typed, language):
        """The title in which the typed tokens (the last one begun) were found, the visitor's
        language first."""
        titles = [(self.title, self.title_folded), (self.title_en, self.title_en_folded)]
        if language == "en":
            titles.reverse()
        for title, folded in titles:
            if title and f" {typed}" in f" {folded}":
                return title
        return self.display_title(language)


class PendingUpdate(models.Model):
    """A page whose search entries (database and Elasticsearch) must be brought up to date: written
    in the same transaction as the change, removed once both are done (search.indexing.drain)."""

    page_id = models.BigIntegerField(unique=True)  # not a key: the page may be gone
    # changes with every new change of the page, so a drain never removes a newer request
    token = models.UUIDField()
    queued_at = models.DateTimeField(db_index=True)  # first change still waiting
    changed_at = models.DateTimeField()  # latest change
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pending search update")
        verbose_name_plural = _("pending search updates")

    def __str__(self):
        return f"page {self.page_id}"


from search.harvest.models import HarvestedRecord, PeerRepository  # noqa: E402, F401 (the app's models)
