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


# --- the other schools' research (search.harvest) -------------------------------------------------
# Peer repositories (the office's list of other schools' OAI-PMH endpoints) and the records
# harvested from them. A harvested record is a copy of someone else's metadata: it is read from
# the peer, shown on the public search with a link to its source, and never edited here.


class HarvestStatus(models.TextChoices):
    NEVER = "never", _("Not harvested yet")
    OK = "ok", _("Harvested")
    FAILED = "failed", _("Last harvest failed")


class PeerRepositoryQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class PeerRepository(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    base_url = models.URLField(
        _("OAI-PMH address"),
        max_length=500,
        unique=True,
        help_text=_("The repository's base URL, e.g. https://nckh.example.edu.vn/oai/"),
    )
    set_spec = models.CharField(
        _("set"),
        max_length=200,
        blank=True,
        help_text=_("Harvest only this set (e.g. type:topic); empty: the whole repository."),
    )
    enabled = models.BooleanField(_("harvested"), default=True)
    # The latest datestamp seen in a complete harvest, as the peer wrote it: the next harvest
    # asks `from` it (inclusive, at the peer's granularity), so nothing changed since is missed.
    last_datestamp = models.DateTimeField(_("last datestamp"), null=True, blank=True)
    granularity = models.CharField(max_length=30, blank=True)  # from the peer's Identify
    status = models.CharField(
        _("status"), max_length=10, choices=HarvestStatus.choices, default=HarvestStatus.NEVER
    )
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    records_count = models.PositiveIntegerField(_("records"), default=0)
    deleted_count = models.PositiveIntegerField(_("deleted records"), default=0)
    last_received = models.PositiveIntegerField(_("received in the last harvest"), default=0)

    objects = PeerRepositoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer repository")
        verbose_name_plural = _("peer repositories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class HarvestedRecordQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted=False)


class HarvestedRecord(models.Model):
    peer = models.ForeignKey(
        PeerRepository, on_delete=models.CASCADE, related_name="records", verbose_name=_("peer")
    )
    identifier = models.CharField(_("OAI identifier"), max_length=500)
    datestamp = models.DateTimeField(_("datestamp"))
    deleted = models.BooleanField(_("deleted at the source"), default=False)
    # Dublin Core, as the peer sent it (repeated elements as lists)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    creators = models.JSONField(_("creators"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    date = models.CharField(_("date"), max_length=100, blank=True)
    types = models.JSONField(_("types"), default=list, blank=True)
    source_url = models.URLField(_("source"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=50, blank=True)
    harvested_at = models.DateTimeField(_("harvested at"), auto_now=True)

    objects = HarvestedRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("harvested record")
        verbose_name_plural = _("harvested records")
        constraints = [
            models.UniqueConstraint(
                fields=["peer", "identifier"], name="search_harvestedrecord_one_per_identifier"
            )
        ]

    def __str__(self):
        return self.title or self.identifier

    @property
    def deleted_label(self):
        return _("Yes") if self.deleted else _("No")

    @property
    def entry_key(self):
        """The key of its search entry: page ids are positive, a harvested record's entry is
        keyed by minus its id (one key space for the full-text index and Elasticsearch)."""
        return -self.pk
