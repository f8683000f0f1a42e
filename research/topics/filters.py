import django_filters
from django.utils.translation import gettext_lazy as _

from research.core.filters import BoundedWagtailFilterSet
from research.topics.models.topics import Topic


class TopicFilterSet(BoundedWagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Topic
        fields = ["level", "status", "origin", "legal_basis", "unit", "ordering_body", "field"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(has_overdue_deadline=value)
