"""An uploaded spreadsheet of past records: kept between the preview and the confirmation, and
afterwards as the record of what was imported, from which file, by whom and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from research.storage import private_storage


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    PEOPLE = "people", _("People")
    TOPICS = "topics", _("Topics")
    OUTPUTS = "outputs", _("Outputs")
    EVENTS = "events", _("Scientific events")
    BULLETIN = "bulletin", _("Bulletin issues")
    FIELDWORK = "fieldwork", _("Fieldwork")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Applied")


def import_file_path(instance, filename):
    return f"imports/{filename}"


class ImportBatch(models.Model):
    kind = models.CharField(_("kind of records"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=import_file_path)
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"
