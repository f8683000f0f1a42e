import django_filters
from wagtail.admin.filters import WagtailFilterSet

from research.core.bounds import BOUNDED_DEFAULTS
from research.core.people import Person


class BoundedFilterSet(django_filters.FilterSet):
    FILTER_DEFAULTS = BOUNDED_DEFAULTS


class BoundedWagtailFilterSet(WagtailFilterSet):
    """The base of every admin listing's filters (research.core.admin.BoundedIndexView)."""

    FILTER_DEFAULTS = BOUNDED_DEFAULTS


class PersonFilterSet(BoundedWagtailFilterSet):
    class Meta:
        model = Person
        fields = ["kind", "unit", "degree", "academic_title"]
