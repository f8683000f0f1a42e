"""The standard-school research criterion in the admin: every indicator live, every number a link
to the records behind it."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from research import permissions
from research.models import Indicator, RuleKind
from research.standard import evaluate, evidence, window

# What the evidence of each rule kind is, for its heading.
EVIDENCE_KIND = {
    RuleKind.TOPICS: "topics",
    RuleKind.OUTPUTS: "outputs",
    RuleKind.OUTPUTS_PER_LECTURER: "outputs",
    RuleKind.EVENTS: "events",
    RuleKind.BULLETIN_ISSUES: "issues",
    RuleKind.LECTURERS_WITH_OUTPUTS: "people",
    RuleKind.LECTURERS_WITH_FIELDWORK: "people",
}


class StandardMixin(WagtailAdminTemplateMixin):
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "view_standard")
        return super().dispatch(request, *args, **kwargs)

    @property
    def year(self):
        try:
            return int(self.request.GET.get("year", ""))
        except ValueError:
            return timezone.localdate().year


class StandardDashboardView(StandardMixin, TemplateView):
    template_name = "research/admin/standard_dashboard.html"
    page_title = _("Research criterion (criterion 4)")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        results = [evaluate(indicator, self.year, today) for indicator in Indicator.objects.all()]
        return super().get_context_data(
            year=self.year,
            years=range(today.year - 9, today.year + 1),
            results=results,
            **kwargs,
        )


class EvidenceView(StandardMixin, TemplateView):
    """The records (minh chứng) behind one indicator's number for one year."""

    template_name = "research/admin/standard_evidence.html"
    page_title = _("Evidence")

    def get_context_data(self, **kwargs):
        indicator = get_object_or_404(Indicator, pk=self.kwargs["pk"])
        if self.year < 1900:
            raise Http404
        kind = EVIDENCE_KIND[indicator.rule_kind]
        records = evidence(indicator, self.year)
        if kind == "outputs":
            records = records.prefetch_related("files")
        elif kind == "people":
            records = records.select_related("unit")
        return super().get_context_data(
            indicator=indicator,
            year=self.year,
            first_year=window(indicator, self.year)[0],
            records=records,
            kind=kind,
            **kwargs,
        )
