from django.utils.translation import gettext_lazy as _

from research.core.bounds import YearFilter
from research.core.filters import BoundedWagtailFilterSet
from research.outputs.models.outputs import Output


class OutputFilterSet(BoundedWagtailFilterSet):
    year = YearFilter(field_name="published_on__year", label=_("Year"))

    class Meta:
        model = Output
        fields = ["kind", "is_public"]
