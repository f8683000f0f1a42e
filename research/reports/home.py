"""The admin home of the research roles: the office lands on the decisions it owes; the
leadership and the office see the year at a glance and criterion 4's status."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from research.core import permissions
from research.personal.todo import office_tasks
from research.planning.models import ResearchPlan
from research.planning.requirements import what_it_takes
from research.reports.annual.data import AnnualReport
from research.standard.counting import evaluate
from research.standard.models import Indicator


class ResearchHomePanel(Component):
    name = "research"
    order = 10  # before Wagtail's own panels (pages, moderation) that editors use
    template_name = "research/admin/home_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        context = {"year": today.year}
        if permissions.is_research_office(self.user):
            context["office"] = office_tasks(today)
        if permissions.check(self.user, "view_standard"):
            context["figures"] = AnnualReport(today.year).key_figures()
            context["criterion"] = [
                evaluate(indicator, today.year, today) for indicator in Indicator.objects.all()
            ]
            # the leadership's landing page: beside each value, what it takes this year
            for result in context["criterion"]:
                result.what_it_takes = what_it_takes(result.indicator, today.year, today)
            context["plan"] = ResearchPlan.objects.current(today.year)
            context["plan_to_approve"] = ResearchPlan.objects.filter(status="submitted").first()
        return context


def research_home_panel(request, panels):
    if permissions.is_research_office(request.user) or permissions.check(
        request.user, "view_standard"
    ):
        panels.append(ResearchHomePanel(request.user))
