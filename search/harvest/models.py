"""Peer repositories (the office's list of other schools' OAI-PMH endpoints) and the records
harvested from them. A harvested record is a copy of someone else's metadata: it is read from
the peer, shown on the public search with a link to its source, and never edited here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
