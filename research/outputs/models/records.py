"""Records that count toward the standard-school research criterion but are not topics or
outputs: scientific events, bulletin issues and lecturers' fieldwork (domain.md §2)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from research.core.bounds import plausible_date
from research.core.choices import EventKind, EventLevel
from research.core.images import ReencodedImageField
from research.core.storage import private_file_field
from research.core.validators import validate_photo, validate_photo_size
from research.outputs.models.declarations import Declared, DeclaredQuerySet


def record_file_path(instance, filename):
    return f"records/{filename}"


class ScientificEvent(models.Model):
    """A conference or seminar the school organised or co-organised; its papers are outputs."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.CONFERENCE
    )
    level = models.CharField(_("level"), max_length=20, choices=EventLevel.choices)
    held_on = models.DateField(_("date"), validators=[plausible_date])
    unit = models.ForeignKey(
        "research.Unit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    co_organisers = models.CharField(_("co-organisers"), max_length=500, blank=True)
    paper_count = models.PositiveSmallIntegerField(_("number of papers"), default=0)
    proceedings = private_file_field(_("proceedings"), record_file_path, blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("scientific event")
        verbose_name_plural = _("scientific events")

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class BulletinIssue(models.Model):
    """An issue of the school's bulletin “Thông tin Lý luận và thực tiễn”; its articles are outputs."""

    number = models.PositiveSmallIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    published_on = models.DateField(_("date"), validators=[plausible_date])
    pdf = private_file_field(_("PDF"), record_file_path, blank=True)
    cover = ReencodedImageField(
        _("cover image"),
        upload_to="bulletin/",
        blank=True,
        validators=[validate_photo_size, validate_photo],
    )

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="research_bulletinissue_number_once_a_year",
                violation_error_message=_("This issue number already exists for that year."),
            )
        ]

    def __str__(self):
        return _("Issue %(number)s/%(year)s") % {"number": self.number, "year": self.year}


class Fieldwork(Declared):
    """Lecturers' field research (đi nghiên cứu thực tế)."""

    place = models.CharField(_("place"), max_length=300)
    started_on = models.DateField(_("from"), validators=[plausible_date])
    ended_on = models.DateField(_("to"), validators=[plausible_date])
    lecturers = models.ManyToManyField(
        "research.Person", verbose_name=_("lecturers"), related_name="fieldwork"
    )
    report = private_file_field(_("report"), record_file_path, blank=True)

    objects = DeclaredQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("fieldwork")
        verbose_name_plural = _("fieldwork")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=F("started_on")),
                name="research_fieldwork_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self):
        return f"{self.place} ({self.started_on:%d/%m/%Y}–{self.ended_on:%d/%m/%Y})"
