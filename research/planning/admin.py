"""The research plan in the admin: the office drafts it (heading, topics, budget, then the targets
grid), submits it; the leadership approves or returns it from the plan's page; the page shows the
plan against actual for a year, with what it takes, the yearly reviews and the Kế hoạch issued."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import registry as log_registry

from research.core import permissions
from research.core.actions import REFUSALS
from research.core.admin import ResearchViewSet
from research.core.bounds import YearField, query_value
from research.core.forms import ReasonForm
from research.planning.actions import (
    LOG,
    ApprovePlan,
    ProposeTargets,
    ReturnPlan,
    ReviewYear,
    SaveTargets,
    SubmitPlan,
)
from research.planning.forms import ResearchPlanForm, ReviewForm, TargetsForm
from research.planning.models import ResearchPlan
from research.planning.progress import budget_rows, target_rows, topic_rows, unit_rows
from research.planning.requirements import what_it_takes
from research.standard.models import Indicator


def plan_year(request, plan, today):
    """The year of the plan the page shows: the one asked for (bounded), else this year within
    the plan's period."""
    default = min(max(today.year, plan.first_year), plan.last_year)
    year, error = query_value(request, "year", YearField(), default)
    if error:
        messages.warning(request, error)
    return year if year in plan.years else default


class PlanCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class DraftOnly:
    """Only a draft is edited or deleted: a submitted or approved plan is the one the leadership
    reads (and the one its documents and reviews are about)."""

    def dispatch(self, request, *args, **kwargs):
        plan = get_object_or_404(ResearchPlan, pk=kwargs["pk"])
        if not plan.is_editable:
            messages.error(request, _("Only a draft plan is changed."))
            return redirect("research_plan:inspect", plan.pk)
        return super().dispatch(request, *args, **kwargs)


class PlanEditView(DraftOnly, EditView):
    pass


class PlanDeleteView(DraftOnly, DeleteView):
    pass


class PlanInspectView(InspectView):
    template_name = "research/admin/plan_inspect.html"

    def get_fields(self):
        return []  # the template lays out the whole plan

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        today = timezone.localdate()
        year = plan_year(self.request, plan, today)
        user = self.request.user
        targets = list(plan.targets.select_related("indicator"))
        grid = {}
        for target in targets:
            grid.setdefault(target.indicator, {})[target.year] = target
        context.update(
            plan=plan,
            year=year,
            today=today,
            grid=[(indicator, [row.get(y) for y in plan.years]) for indicator, row in grid.items()],
            target_rows=target_rows(plan, year, today),
            # each planned line with the topics proposed to the province that answer it
            planned_lines=plan.planned_topics.select_related("unit").prefetch_related(
                "proposed_topics__submission"
            ),
            topic_rows=topic_rows(plan, year),
            unit_rows=unit_rows(plan, year),
            budget_rows=budget_rows(plan, year),
            reviews=plan.reviews.select_related("reviewed_by"),
            review_form=ReviewForm(
                years=[y for y in plan.years if y <= today.year and y not in reviewed(plan)]
            ),
            return_form=ReasonForm(prefix="return"),
            may_manage=bool(permissions.check(user, "manage_plans", plan)),
            may_approve=bool(permissions.check(user, "approve_plan", plan)),
            history=log_registry.get_logs_for_instance(plan).select_related("user")[:20],
        )
        return context


def reviewed(plan):
    return set(plan.reviews.values_list("year", flat=True))


class TargetsView(WagtailAdminTemplateMixin, FormView):
    """The targets grid of a draft: an indicator a row, a year a column."""

    template_name = "research/admin/plan_targets.html"
    form_class = TargetsForm
    page_title = gettext_lazy("Targets")
    header_icon = "tasks"

    def dispatch(self, request, pk):
        self.plan = get_object_or_404(ResearchPlan, pk=pk)
        permissions.require(request.user, "manage_plans", self.plan)
        if not self.plan.is_editable:
            messages.error(request, _("Only a draft plan is changed."))
            return redirect("research_plan:inspect", pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.plan)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "plan": self.plan,
            "indicators": Indicator.objects.all(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def form_valid(self, form):
        try:
            SaveTargets(self.plan, form.values(), user=self.request.user).execute()
        except REFUSALS as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The targets are saved."))
        return redirect("research_plan:inspect", self.plan.pk)


class PlanStepView(View):
    """One step posted from the plan's page; refusals come back as messages."""

    http_method_names = ["post"]

    def post(self, request, pk, step):
        plan = get_object_or_404(ResearchPlan, pk=pk)
        permissions.require(request.user, "view_plans", plan)
        try:
            done = self.run(request, plan, step)
        except REFUSALS as error:
            messages.error(request, str(error))
        else:
            if done:
                messages.success(request, done)
        return redirect("research_plan:inspect", plan.pk)

    def run(self, request, plan, step):
        user = request.user
        if step == "propose":
            ProposeTargets(plan, user=user).execute()
            return _("The targets are proposed from the indicators' thresholds.")
        if step == "submit":
            SubmitPlan(plan, user=user).execute()
            return _("The plan is submitted to the leadership.")
        if step == "approve":
            ApprovePlan(plan, user=user).execute()
            return _("The plan is approved.")
        if step == "return":
            form = ReasonForm(request.POST, prefix="return")
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            ReturnPlan(plan, user=user, reason=reason).execute()
            return _("The plan is returned to the office.")
        if step == "review":
            today = timezone.localdate()
            form = ReviewForm(request.POST, years=list(plan.years))
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return ""
            ReviewYear(
                plan,
                form.cleaned_data["year"],
                user=user,
                assessment=form.cleaned_data["assessment"],
                today=today,
            ).execute()
            return _("The year is reviewed.")
        return ""


STEPS = ("propose", "submit", "approve", "return", "review")


class ResearchPlanViewSet(ResearchViewSet):
    model = ResearchPlan
    icon = "calendar-alt"
    menu_label = gettext_lazy("Research plans")
    url_prefix = "research/plans"
    add_view_class = PlanCreateView
    edit_view_class = PlanEditView
    delete_view_class = PlanDeleteView
    inspect_view_class = PlanInspectView
    inspect_view_enabled = True
    list_display = [
        TitleColumn(
            "title",
            label=gettext_lazy("Title"),
            get_url=lambda plan: reverse("research_plan:inspect", args=[plan.pk]),
        ),
        Column("period", label=gettext_lazy("Period")),
        StatusTagColumn("status", label=gettext_lazy("Status"), accessor="get_status_display"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("first_year"), FieldPanel("last_year"), FieldPanel("aim")]),
            FieldPanel("purpose"),
            FieldPanel("organisation"),
            InlinePanel(
                "planned_topics",
                heading=gettext_lazy("Planned topics"),
                label=gettext_lazy("Planned topics"),
            ),
            InlinePanel(
                "budget",
                heading=gettext_lazy("Planned budget"),
                label=gettext_lazy("Planned budget"),
            ),
        ],
        base_form_class=ResearchPlanForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/targets/", TargetsView.as_view(), name="targets"),
            *[
                path(f"<int:pk>/{step}/", PlanStepView.as_view(), {"step": step}, name=step)
                for step in STEPS
            ],
        ]


EVENTS = {
    "targets_proposed": gettext_lazy("Targets proposed from the thresholds (%(count)s)"),
    "targets_saved": gettext_lazy("Targets saved (%(count)s)"),
    "submitted": gettext_lazy("Submitted to the leadership"),
    "approved": gettext_lazy("Approved"),
    "returned": gettext_lazy("Returned to the office: %(reason)s"),
    "reviewed": gettext_lazy("Year %(year)s reviewed"),
}


def register_log_actions(actions):
    """How the plan's steps read in its history."""

    @actions.register_action(LOG)
    class PlanStep(LogFormatter):
        label = gettext_lazy("Research plan")

        def format_message(self, log_entry):
            data = log_entry.data
            return EVENTS[data["event"]] % data


def beside_the_value(results, year, today):
    """The criterion dashboard's notes (research.standard.admin.BESIDE_THE_VALUE): the approved
    plan's target for the year and what it takes, on each result."""
    plan = ResearchPlan.objects.current(year)
    targets = {}
    if plan is not None:
        targets = {t.indicator_id: t for t in plan.targets.filter(year=year)}
    for result in results:
        result.plan_target = targets.get(result.indicator.pk)
        result.what_it_takes = what_it_takes(result.indicator, year, today)


DASHBOARD_COLUMNS = [
    (gettext_lazy("Plan target"), "research/admin/_plan_target.html", lambda *args: None),
    (
        gettext_lazy("What it takes"),
        "research/admin/_dashboard_what_it_takes.html",
        beside_the_value,
    ),
]
