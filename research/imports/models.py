"""An uploaded spreadsheet of past records: kept between the preview and the confirmation, and
afterwards as the record of what was imported, from which file, by whom and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from research.core.storage import private_storage


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    ORDERING_BODIES = "ordering_bodies", _("Ordering bodies")
    FUNDING_SOURCES = "funding_sources", _("Funding sources")
    RESEARCH_FIELDS = "fields", _("Research fields")
    PEOPLE = "people", _("People")
    TOPICS = "topics", _("Topics")
    OUTPUTS = "outputs", _("Outputs")
    EVENTS = "events", _("Scientific events")
    BULLETIN = "bulletin", _("Bulletin issues")
    FIELDWORK = "fieldwork", _("Fieldwork")
    ORDERS = "orders", _("Province orders")


class ImportStatus(models.TextChoices):
    """previewed → queued (confirmed) → pages (records written, their pages being made) →
    applied. `manage.py run_imports` resumes a queued or half-made batch."""

    PREVIEWED = "previewed", _("Previewed")
    QUEUED = "queued", _("Confirmed, waiting to be applied")
    PAGES = "pages", _("Records written, making their pages")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Could not be applied")


UNFINISHED_IMPORTS = [ImportStatus.QUEUED, ImportStatus.PAGES]


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
    # The file's rows as read once at upload (raw cell values, dates tagged): the preview and the
    # confirmation plan from them and never parse the file again.
    rows = models.JSONField(_("rows read"), default=list, blank=True, editable=False)
    # The office's choices of people at confirmation, and who confirmed.
    choices = models.JSONField(_("choices of people"), default=dict, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The records whose public pages are still to be made, and how far that has come.
    pending_pages = models.JSONField(default=list, blank=True, editable=False)
    pages_total = models.PositiveIntegerField(default=0, editable=False)
    pages_done = models.PositiveIntegerField(default=0, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    @property
    def unfinished(self):
        return self.status in UNFINISHED_IMPORTS

    @property
    def progress_percent(self):
        if self.status == ImportStatus.APPLIED:
            return 100
        if not self.pages_total:
            return 0
        return min(100, self.pages_done * 100 // self.pages_total)
