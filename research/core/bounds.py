"""Bounds on what people type: query parameters parsed with them (a value out of range is refused
with a translated reason, never passed on to the database or the calendar arithmetic), and the
plausible range of a record's dates (a typo like 0026 never reaches the deadline rules)."""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS

# Any year a record, a report or a calendar page of the portal can be about.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# The largest id a database row can have (a 64-bit signed integer).
LARGEST_ID = 2**63 - 1


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("The year must be a whole number."),
                "min_value": _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                "max_value": _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
            },
        )
        super().__init__(**kwargs)


class IdField(forms.IntegerField):
    """A record's id as typed in a URL: a positive whole number a database row can have."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=LARGEST_ID, **kwargs)


class MonthField(forms.CharField):
    """“YYYY-MM” within the years above; cleans to (year, month)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError as error:
            raise ValidationError(_("Give the month as YYYY-MM."), code="invalid") from error
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            raise ValidationError(
                _("The month must be between %(first)s-01 and %(last)s-12.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="invalid",
            )
        return year, month


def query_value(request, name, field, default=None):
    """The query parameter `name` cleaned by `field`: (value, None), or (default, the translated
    reason) when it is missing or not acceptable."""
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default, None
    try:
        value = field.clean(raw)
    except ValidationError as error:
        return default, error.messages[0]
    return (default if value is None else value), None


@deconstructible
class PlausibleDate:
    """A record's date lies between 1 January of EARLIEST_RECORD_YEAR and LATEST_YEARS_AHEAD
    years from today."""

    def __call__(self, value):
        if value is None:
            return
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        first = datetime.date(settings.EARLIEST_RECORD_YEAR, 1, 1)
        last = timezone.localdate().replace(month=12, day=31)
        last = last.replace(year=last.year + settings.LATEST_YEARS_AHEAD)
        if not first <= value <= last:
            raise ValidationError(
                _("The date must be between %(first)s and %(last)s: check the year."),
                code="implausible_date",
                params={"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")},
            )

    def __eq__(self, other):
        return isinstance(other, PlausibleDate)


plausible_date = PlausibleDate()


# Filters of lists (django-filter): a value no row can hold is an invalid choice, never a database
# error.
class BoundedModelChoiceField(ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name in (None, "id"):
            try:
                IdField().clean(value)
            except ValidationError as error:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from error
        return super().to_python(value)


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number a database column can hold (no 1e9, no 20-digit ids)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -LARGEST_ID)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


BOUNDED_DEFAULTS = {
    **FILTER_FOR_DBFIELD_DEFAULTS,
    **{
        field: {"filter_class": WholeNumberFilter}
        for field in (
            models.AutoField,
            models.BigAutoField,
            models.IntegerField,
            models.SmallIntegerField,
            models.BigIntegerField,
            models.PositiveIntegerField,
            models.PositiveSmallIntegerField,
            models.PositiveBigIntegerField,
        )
    },
    **{
        field: {**FILTER_FOR_DBFIELD_DEFAULTS[field], "filter_class": BoundedModelChoiceFilter}
        for field in (models.ForeignKey, models.OneToOneField)
    },
}
