"""The public listings' filters. Every filter is a facet: its options are the values present in
the rows the other filters leave, each with its count, so a visitor never picks an empty one."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from research.core.bounds import WholeNumberFilter, YearFilter
from research.models import OutputKind, TopicLevel


def facet(field_name, label, filter_class=WholeNumberFilter):
    """A facet on an id (the default), a year (YearFilter) or a code (CharFilter); a value out of
    its bounds is ignored, never sent to the database."""
    return filter_class(field_name=field_name, label=label, widget=forms.Select)


def in_language(name_path):
    """A record's name in the visitor's language (`name_en` …), the Vietnamese one where empty."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return F(name_path)
    return Coalesce(NullIf(F(f"{name_path}_{language}"), Value("")), F(name_path))


class Year(ExtractYear):
    """A date's year; on SQLite through its own strftime rather than Django's function in Python,
    called once per row (220 of the library's 950 ms counting 90,000 outputs by year)."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


def option_of(path):
    """What a facet's options are: the value at `path`, or a date's year for `…__year`."""
    year = f"{LOOKUP_SEP}year"
    return Year(path.removesuffix(year)) if path.endswith(year) else F(path)


def multi_valued(model, path):
    """Whether the lookup `path` from `model` crosses a relation to many rows (authors …)."""
    for part in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform (`__year`): the path's relations end here
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


class FacetedFilterSet(django_filters.FilterSet):
    # filter name → how an option is named: a choices class, or the path of a name field
    option_names = {}

    def active(self):
        """The filters the visitor set, with their cleaned values: those `qs` applies (a value
        the form refuses is left out of both)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "") and name in self.filters
        }

    def facet_options(self):
        """Each facet's options over the rows left by the other filters (one query per facet):
        {filter name: [(value, label, count)]}, labels in the visitor's language."""
        active, facets = self.active(), {}
        for name, naming in self.option_names.items():
            rows = self.queryset
            for other, value in active.items():
                if other != name:
                    rows = self.filters[other].filter(rows, value)
            path = self.filters[name].field_name
            # a row counts once; DISTINCT (a sort of every row) only where a join can repeat it
            joined = [path, *(self.filters[other].field_name for other in active if other != name)]
            count = Count("pk", distinct=any(multi_valued(rows.model, each) for each in joined))
            grouped = rows.annotate(option=option_of(path)).values_list("option")
            if isinstance(naming, str):
                found = grouped.annotate(label=in_language(naming), n=count)
                options = list(found.order_by("label"))
            else:
                found = grouped.annotate(n=count)
                labels = dict(naming.choices) if naming else {}
                options = [
                    (value, str(labels.get(value, value)), n)
                    for value, n in found.order_by("-option" if naming is None else "option")
                ]
            facets[name] = [option for option in options if option[0] is not None]
        return facets

    def show_options(self, facets):
        """Each facet's options as its filter's choices: “Cấp tỉnh (12)”."""
        for name, options in facets.items():
            self.form.fields[name].widget.choices = [
                ("", _("All")),
                *((value, f"{label} ({n})") for value, label, n in options),
            ]


class TopicPageFilterSet(FacetedFilterSet):
    level = facet("topic__level", _("Level"), django_filters.CharFilter)
    year = facet("topic__planned_start__year", _("Year"), YearFilter)
    unit = facet("topic__unit", _("Unit"))
    field = facet("topic__field", _("Research field"))
    ordering_body = facet("topic__ordering_body", _("Ordering body"))

    option_names = {
        "level": TopicLevel,
        "year": None,
        "unit": "topic__unit__name",
        "field": "topic__field__name",
        "ordering_body": "topic__ordering_body__name",
    }


class OutputPageFilterSet(FacetedFilterSet):
    kind = facet("output__kind", _("Output kind"), django_filters.CharFilter)
    year = facet("output__published_on__year", _("Year"), YearFilter)
    unit = facet("output__authors__person__unit", _("Unit"))
    field = facet("output__topic__field", _("Research field"))

    option_names = {
        "kind": OutputKind,
        "year": None,
        "unit": "output__authors__person__unit__name",
        "field": "output__topic__field__name",
    }

    def filter_queryset(self, queryset):
        # an output with two authors of the same unit is listed once
        return super().filter_queryset(queryset).distinct()


class PersonPageFilterSet(FacetedFilterSet):
    unit = facet("person__unit", _("Unit"))

    option_names = {"unit": "person__unit__name"}
