"""A lecturer's own part in the criterion-4 indicators: the records of theirs that count, and
nobody else's."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from research.core import permissions
from research.core.bounds import YearField, query_value
from research.outputs.listing import authorships_to_confirm, declarations_of
from research.standard.counting import counted_until, evidence_label, narrowed, path_for
from research.standard.models import Indicator

YEARS_SHOWN = 10


class ContributionView(LoginRequiredMixin, TemplateView):
    template_name = "research/workspace/contribution.html"

    def get_context_data(self, **kwargs):
        permissions.require(self.request.user, "view_own_contribution")
        person = permissions.person_of(self.request.user)
        this_year = timezone.localdate().year
        year, error = query_value(self.request, "year", YearField(), this_year)
        if error:
            messages.warning(self.request, error)
        until = counted_until(year, timezone.localdate())
        rows = []
        for indicator in Indicator.objects.all():
            path = path_for(indicator, "person")
            if path is None:
                continue
            records = list(narrowed(indicator, year, "person", person.pk, until))
            rows.append(
                {
                    "indicator": indicator,
                    "counted_as_person": path == "pk",
                    "records": [evidence_label(record) for record in records],
                }
            )
        return super().get_context_data(
            person=person,
            year=year,
            years=range(this_year - YEARS_SHOWN + 1, this_year + 1),
            rows=rows,
            declarations=declarations_of(self.request.user),
            to_confirm=authorships_to_confirm(person),
            **kwargs,
        )
