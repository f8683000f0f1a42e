"""What OAI-PMH harvesters are told about records over time (cms.opendata.records keeps them)."""

from django.db import models


class DeletedRecord(models.Model):
    """A record that was public and is no more (its page unpublished or deleted), kept so that
    harvesters learn of it (OAI-PMH deletedRecord “persistent”). Dropped when it is back."""

    identifier = models.CharField(max_length=200, unique=True)
    deleted_at = models.DateTimeField(db_index=True)
    sets = models.JSONField(default=list)

    class Meta:
        ordering = ["deleted_at", "identifier"]

    def __str__(self):
        return self.identifier


class RecordStamp(models.Model):
    """When a published record's metadata last changed for harvesters (OAI-PMH datestamps): a
    digest of what its Dublin Core shows, restamped when that digest changes (a corrected title,
    an author's name, a unit's name), whatever changed it (cms.opendata.records)."""

    identifier = models.CharField(max_length=200, unique=True)
    digest = models.CharField(max_length=64)
    changed_at = models.DateTimeField()

    def __str__(self):
        return self.identifier
