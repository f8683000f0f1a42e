from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from research.core.bilingual import Bilingual
from research.core.choices import AcademicTitle, Degree, PersonKind, UnitKind
from research.core.collation import name_sort_key, split_name
from research.core.images import ReencodedImageField
from research.core.validators import validate_photo, validate_photo_size


class Unit(Bilingual, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


# Abbreviations written before a name; the same in every language.
NAME_PREFIXES = {
    AcademicTitle.PROFESSOR: "GS.",
    AcademicTitle.ASSOCIATE_PROFESSOR: "PGS.",
    Degree.DOCTOR: "TS.",
    Degree.MASTER: "ThS.",
}


class PersonQuerySet(models.QuerySet):
    def lecturers(self):
        return self.filter(kind=PersonKind.LECTURER)

    def of_school(self):
        return self.exclude(kind=PersonKind.OUTSIDE)

    def for_listing(self):
        return self.select_related("unit")

    def bulk_create(self, objs, *args, **kwargs):
        """Imports and benchmarks create people in bulk, past save(): their sort names too."""
        objs = list(objs)
        for person in objs:
            person.fill_sort_names()
        return super().bulk_create(objs, *args, **kwargs)

    def lecturers_in(self, year):
        """Lecturers on the staff at some point of `year` (no dates: always on the staff)."""
        return self.lecturers().filter(
            models.Q(joined_on__isnull=True) | models.Q(joined_on__year__lte=year),
            models.Q(left_on__isnull=True) | models.Q(left_on__year__gte=year),
        )


def photo_path(instance, filename):
    return f"people/{filename}"


class Person(Bilingual, index.Indexed, models.Model):
    """A lecturer, a member of staff or an outside researcher.

    Outside people appear as co-authors and team members but never count as
    lecturers of the school.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    # The given name is the last word of a Vietnamese name; lists of people sort by it.
    given_name = models.CharField(_("given name"), max_length=50, editable=False, db_index=True)
    # The Vietnamese order of the name (given name, then the rest: research/collation.py), as
    # text the database orders byte by byte; kept by save() and bulk_create().
    sort_key = models.CharField(
        _("sort key"), max_length=1000, editable=False, db_index=True, default=""
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PersonKind.choices, default=PersonKind.LECTURER
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    academic_title = models.CharField(
        _("academic title"), max_length=5, choices=AcademicTitle.choices, blank=True
    )
    degree = models.CharField(_("degree"), max_length=5, choices=Degree.choices, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    affiliation = models.CharField(
        _("affiliation"),
        max_length=200,
        blank=True,
        help_text=_("Organisation of an outside researcher."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    photo = ReencodedImageField(
        _("photo"),
        upload_to=photo_path,
        blank=True,
        validators=[validate_photo_size, validate_photo],
    )
    bio = models.TextField(_("short public biography"), blank=True)
    bio_en = models.TextField(_("short public biography in English"), blank=True)
    # The lecturer count of a year, for the standard's per-lecturer indicators, comes from these.
    joined_on = models.DateField(_("joined the school"), null=True, blank=True)
    left_on = models.DateField(_("left the school"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    search_fields = [
        index.SearchField("full_name"),
        index.AutocompleteField("full_name"),
        index.FilterField("kind"),
        index.FilterField("unit"),
    ]

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=PersonKind.OUTSIDE) | Q(unit__isnull=True),
                name="research_person_outside_has_no_unit",
                violation_error_message=_("An outside researcher does not belong to a unit."),
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.fill_sort_names()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "given_name", "sort_key"}
        super().save(*args, **kwargs)

    def fill_sort_names(self):
        self.given_name = split_name(self.full_name)[0][:50]
        self.sort_key = name_sort_key(self.full_name)[:1000]

    @property
    def display_name(self):
        """The name behind its title and degree, as Vietnamese documents write it: PGS.TS. …"""
        prefix = "".join(NAME_PREFIXES.get(code, "") for code in (self.academic_title, self.degree))
        return f"{prefix} {self.full_name}" if prefix else self.full_name
