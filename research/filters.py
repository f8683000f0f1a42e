import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from research.models import Output, Person, Topic


class TopicFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Topic
        fields = ["level", "status", "origin", "legal_basis", "unit", "ordering_body", "field"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(has_overdue_deadline=value)


class OutputFilterSet(WagtailFilterSet):
    year = django_filters.NumberFilter(field_name="published_on__year", label=_("Year"))

    class Meta:
        model = Output
        fields = ["kind", "is_public"]


class PersonFilterSet(WagtailFilterSet):
    class Meta:
        model = Person
        fields = ["kind", "unit", "degree", "academic_title"]
