"""Wagtail admin views of the research office that go beyond the generic viewset views."""

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import list_to_str
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from research import blind, permissions
from research.actions import (
    ActionRefused,
    AssignAcceptanceCouncil,
    ChangeDeadline,
    ChangeTopicStatus,
    DecideChangeRequest,
    DecideProgressReport,
    TerminateTopic,
)
from research.filters import BoundedWagtailFilterSet
from research.forms import (
    AcceptanceCouncilForm,
    DeadlineChangeForm,
    DecideForm,
    ReasonForm,
    TopicStatusForm,
)
from research.models import (
    ChangeRequest,
    Deadline,
    InvalidTransition,
    ProgressReport,
    Topic,
    regenerate_deadlines,
)


class BoundedIndexView(IndexView):
    """An admin listing whose filters refuse values no row can hold (research.filters)."""

    base_filterset_class = BoundedWagtailFilterSet


class ListingIndexView(BoundedIndexView):
    """Rows come from the model's `for_listing()`, so the query count stays flat."""

    def get_base_queryset(self):
        return self.model.objects.for_listing()


class TopicIndexView(ListingIndexView):
    def get_base_queryset(self):
        # a member of a blind acceptance council does not find its topics here (research/blind.py)
        return super().get_base_queryset().exclude(pk__in=blind.hidden_topics(self.request.user))


def _yes_no(value):
    return _("Yes") if value else _("No")


def _local_datetime(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


class ExportingIndexView(ListingIndexView):
    """A listing with its Excel and CSV export (the viewset's `list_export`): dates written
    dd/mm/yyyy in CSV and as dates in Excel, times in the school's time zone, yes/no in words."""

    custom_value_preprocess = {
        datetime.datetime: {
            "csv": lambda value: _local_datetime(value).strftime("%d/%m/%Y %H:%M"),
            "xlsx": lambda value: (
                timezone.make_naive(_local_datetime(value))
                if timezone.is_aware(_local_datetime(value))
                else value
            ),
        },
        datetime.date: {"csv": lambda value: value.strftime("%d/%m/%Y"), "xlsx": None},
        bool: {"csv": _yes_no, "xlsx": _yes_no},
        list: {"csv": list_to_str, "xlsx": list_to_str},
    }


class TopicEditView(EditView):
    """When the office moves a topic's dates, its rule-made deadlines move with them."""

    def save_instance(self):
        before = Topic.objects.values_list("planned_start", "planned_end").get(pk=self.object.pk)
        instance = super().save_instance()
        if (instance.planned_start, instance.planned_end) != before:
            regenerate_deadlines(instance)
            log(
                instance=instance,
                action="research.topic.work",
                user=self.request.user,
                data={
                    "event": "dates_changed",
                    "end_from": str(before[1]),
                    "end_to": str(instance.planned_end),
                },
            )
        return instance


class TopicInspectView(InspectView):
    template_name = "research/admin/topic_inspect.html"

    def get_fields(self):
        # The template lays out the whole topic itself.
        return []

    def get_object(self, queryset=None):
        return get_object_or_404(
            Topic.objects.exclude(pk__in=blind.hidden_topics(self.request.user))
            .with_overdue()
            .select_related("unit", "field", "ordering_body")
            .prefetch_related(
                "members__person",
                "funding_lines__source",
                "tranches__source",
                Prefetch(
                    "deadlines",
                    queryset=Deadline.objects.with_pending_report().select_related("responsible"),
                ),
                "outputs",
                "progress_reports__outputs",
                "change_requests",
                "expected_outputs",
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        context.update(
            topic=topic,
            history=log_registry.get_logs_for_instance(topic).select_related("user")[:20],
            status_form=TopicStatusForm(topic=topic),
            decide_form=DecideForm(),
            acceptance_form=AcceptanceCouncilForm(),
            acceptance_decisions=topic.acceptance_decisions.all(),
            deadline_form=DeadlineChangeForm(),
            terminate_form=ReasonForm(prefix="terminate"),
        )
        return context


class TopicStatusView(WagtailAdminTemplateMixin, FormView):
    """Apply one status move through ChangeTopicStatus; refusals are shown, nothing changes."""

    template_name = "research/admin/topic_status.html"
    form_class = TopicStatusForm
    page_title = _("Change status")
    header_icon = "resubmit"

    def dispatch(self, request, pk):
        self.topic = get_object_or_404(Topic, pk=pk)
        permissions.require(request.user, "change_topic_status", self.topic)
        return super().dispatch(request, pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "topic": self.topic}

    def get_page_subtitle(self):
        return str(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)

    def form_valid(self, form):
        action = ChangeTopicStatus(
            self.topic,
            form.cleaned_data["to_status"],
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        try:
            action.execute()
        except (InvalidTransition, ActionRefused) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The topic is now “%(status)s”.") % {"status": self.topic.get_status_display()},
        )
        return redirect(self.topic.get_admin_url())


class TopicWorkActionView(WagtailAdminTemplateMixin, FormView):
    """An office decision posted from the topic's page, on the topic or on one of its `model`
    rows (a report, a request, a deadline); refusals come back as messages."""

    http_method_names = ["post"]
    model = None

    def dispatch(self, request, pk, item=None):
        self.topic = get_object_or_404(Topic, pk=pk)
        self.item = get_object_or_404(self.model, pk=item, topic=self.topic) if self.model else None
        permissions.require(request.user, "decide_topic_requests", self.topic)
        return super().dispatch(request, pk, item)

    def form_valid(self, form):
        try:
            self.run(form)
            messages.success(self.request, _("Recorded."))
        except (InvalidTransition, ActionRefused) as error:
            messages.error(self.request, str(error))
        return redirect(self.topic.get_admin_url())

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(self.topic.get_admin_url())


class DecideReportView(TopicWorkActionView):
    model = ProgressReport
    form_class = DecideForm

    def run(self, form):
        DecideProgressReport(
            self.item,
            user=self.request.user,
            accept=form.accepted,
            comment=form.cleaned_data["comment"],
        ).execute()


class DecideRequestView(TopicWorkActionView):
    model = ChangeRequest
    form_class = DecideForm

    def run(self, form):
        DecideChangeRequest(
            self.item,
            user=self.request.user,
            approve=form.accepted,
            note=form.cleaned_data["comment"],
        ).execute()


class ChangeDeadlineView(TopicWorkActionView):
    model = Deadline
    form_class = DeadlineChangeForm

    def run(self, form):
        ChangeDeadline(
            self.item,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
            due_on=form.cleaned_data["due_on"],
            waive=form.cleaned_data["waive"],
        ).execute()


class AssignAcceptanceCouncilView(TopicWorkActionView):
    form_class = AcceptanceCouncilForm

    def run(self, form):
        AssignAcceptanceCouncil(
            self.topic, form.cleaned_data["council"], user=self.request.user
        ).execute()


class TerminateTopicView(TopicWorkActionView):
    form_class = ReasonForm
    prefix = "terminate"

    def run(self, form):
        TerminateTopic(
            self.topic, user=self.request.user, reason=form.cleaned_data["reason"]
        ).execute()
