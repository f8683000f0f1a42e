"""The public listings' filters. Every filter is a facet: its options are the values present in
the rows the other filters leave, each with its count, so a visitor never picks an empty one
(counted in cms.facet_index: a filter's field_name is the path of its values)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from research.core.bounds import WholeNumberFilter, YearFilter
from research.models import OutputKind, TopicLevel


def facet(field_name, label, filter_class=WholeNumberFilter):
    """A facet on an id (the default), a year (YearFilter) or a code (CharFilter); a value out of
    its bounds is ignored."""
    return filter_class(field_name=field_name, label=label, widget=forms.Select)


class FacetedFilterSet(django_filters.FilterSet):
    # filter name → how an option is named: a choices class, or the path of a name field
    option_names = {}

    def active(self):
        """The filters the visitor set, with their cleaned values (a value the form refuses is
        left out of the rows and of the counts alike)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "") and name in self.filters
        }

    def facet_paths(self):
        """{facet: the lookup path of its values}, in the order the facets are shown."""
        return {name: self.filters[name].field_name for name in self.option_names}

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


class PersonPageFilterSet(FacetedFilterSet):
    unit = facet("person__unit", _("Unit"))

    option_names = {"unit": "person__unit__name"}
