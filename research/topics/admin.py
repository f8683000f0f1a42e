"""Wagtail admin views of the research office that go beyond the generic viewset views."""

import datetime
from typing import NamedTuple

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter, log
from wagtail.log_actions import registry as log_registry

from research.core import permissions
from research.core.actions import ActionRefused
from research.core.admin import ListingIndexView, ResearchViewSet, status_change
from research.core.choices import ChangeKind, DeadlineKind, ReportStatus, RequestStatus, TopicStatus
from research.core.forms import ReasonForm
from research.deadlines.models import Deadline, regenerate_deadlines
from research.topics.actions.running import (
    ChangeDeadline,
    DecideChangeRequest,
    DecideProgressReport,
)
from research.topics.actions.topics import ChangeTopicStatus, TerminateTopic
from research.topics.filters import TopicFilterSet
from research.topics.forms import DeadlineChangeForm, DecideForm, TopicAdminForm, TopicStatusForm
from research.topics.models.running import ChangePolicy, ChangeRequest, ProgressReport
from research.topics.models.topics import InvalidTransition, Topic


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


class TopicStep(NamedTuple):
    """A step of a later capability offered on the office's topic page (the acceptance council
    of research.closing): its URL under the topic's pages (`<pk>/<path>/`, named `name` in the
    topic viewset's namespace), its view, and its empty form in the page's context as
    `form_name`. research/wagtail_hooks.py hands them to TopicViewSet(steps=…), so topics imports
    no capability that sits above it."""

    path: str
    name: str
    view: object
    form_name: str
    form_class: type


class TopicIndexView(ListingIndexView):
    def get_base_queryset(self):
        # a member of a blind acceptance council does not find its topics here (research/core/blind.py)
        return (
            super().get_base_queryset().exclude(pk__in=Topic.objects.hidden_from(self.request.user))
        )


class TopicInspectView(InspectView):
    template_name = "research/admin/topic_inspect.html"
    steps = ()

    def get_fields(self):
        # The template lays out the whole topic itself.
        return []

    def get_object(self, queryset=None):
        return get_object_or_404(
            Topic.objects.exclude(pk__in=Topic.objects.hidden_from(self.request.user))
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
            acceptance_decisions=topic.acceptance_decisions.all(),
            deadline_form=DeadlineChangeForm(),
            terminate_form=ReasonForm(prefix="terminate"),
        )
        context.update({step.form_name: step.form_class() for step in self.steps})
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


class TerminateTopicView(TopicWorkActionView):
    form_class = ReasonForm
    prefix = "terminate"

    def run(self, form):
        TerminateTopic(
            self.topic, user=self.request.user, reason=form.cleaned_data["reason"]
        ).execute()


class OverdueColumn(Column):
    def get_value(self, instance):
        return gettext_lazy("Overdue") if instance.is_overdue else ""


class TopicViewSet(ResearchViewSet):
    model = Topic
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Topics")
    url_prefix = "research/topics"
    index_view_class = TopicIndexView
    edit_view_class = TopicEditView
    inspect_view_class = TopicInspectView
    inspect_view_enabled = True
    steps = ()  # TopicStep of the capabilities above topics, given by research/wagtail_hooks.py
    filterset_class = TopicFilterSet
    list_per_page = 25
    list_display = [
        Column("code", label=gettext_lazy("Code")),
        # The title opens the whole record (inspect); editing is one click further.
        TitleColumn(
            "title", label=gettext_lazy("Title"), get_url=lambda topic: topic.get_admin_url()
        ),
        Column("principal", label=gettext_lazy("Principal investigator"), accessor="principal"),
        Column("level", label=gettext_lazy("Level"), accessor="get_level_display"),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda topic: topic.status in (TopicStatus.IN_PROGRESS, TopicStatus.EXTENDED),
        ),
        OverdueColumn("overdue", label=gettext_lazy("Overdue")),
        "planned_end",
    ]
    list_export = ["code", "title", "level", "status", "unit", "planned_start", "planned_end"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("code"),
                    FieldPanel("title"),
                    FieldPanel("title_en"),
                    FieldPanel("summary"),
                    FieldPanel("keyword_list"),
                    FieldPanel("keyword_list_en"),
                    FieldRowPanel([FieldPanel("level"), FieldPanel("field")]),
                    FieldRowPanel([FieldPanel("origin"), FieldPanel("ordering_body")]),
                    FieldRowPanel([FieldPanel("school_role"), FieldPanel("legal_basis")]),
                    FieldPanel("unit"),
                    FieldPanel("is_public"),
                    FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
                    FieldRowPanel([FieldPanel("contract_number"), FieldPanel("contract_date")]),
                ],
                heading=gettext_lazy("Topic"),
            ),
            ObjectList(
                [InlinePanel("members", heading=gettext_lazy("Team"), min_num=1)],
                heading=gettext_lazy("Team"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "funding_lines", heading=gettext_lazy("Approved funding by source")
                    ),
                    InlinePanel("tranches", heading=gettext_lazy("Disbursement tranches")),
                ],
                heading=gettext_lazy("Funding"),
            ),
            ObjectList(
                [InlinePanel("deadlines", heading=gettext_lazy("Deadlines"))],
                heading=gettext_lazy("Deadlines"),
            ),
        ],
        base_form_class=TopicAdminForm,
    )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(steps=self.steps, **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/status/", TopicStatusView.as_view(), name="status"),
            path("<int:pk>/reports/<int:item>/", DecideReportView.as_view(), name="decide-report"),
            path(
                "<int:pk>/requests/<int:item>/", DecideRequestView.as_view(), name="decide-request"
            ),
            path(
                "<int:pk>/deadlines/<int:item>/",
                ChangeDeadlineView.as_view(),
                name="change-deadline",
            ),
            *(path(f"<int:pk>/{step.path}/", step.view, name=step.name) for step in self.steps),
            path("<int:pk>/terminate/", TerminateTopicView.as_view(), name="terminate"),
        ]


class ChangePolicyViewSet(ResearchViewSet):
    model = ChangePolicy
    icon = "resubmit"
    menu_label = gettext_lazy("Change policies")
    url_prefix = "research/change-policies"
    list_display = [
        "__str__",
        Column("level", label=gettext_lazy("Level"), accessor="get_level_display"),
        Column(
            "legal_basis", label=gettext_lazy("Legal basis"), accessor="get_legal_basis_display"
        ),
        "max_duration_months",
        "max_extensions",
        "max_extension_months",
    ]
    form_fields = [
        "level",
        "legal_basis",
        "max_duration_months",
        "max_extensions",
        "max_extension_months",
    ]


TOPIC_WORK_MESSAGES = {
    "report_submitted": gettext_lazy("Progress report submitted (%(percent)s%% done)"),
    "report_decided": gettext_lazy("Progress report: %(status)s. %(comment)s"),
    "change_requested": gettext_lazy("Change requested: %(kind)s. %(reason)s"),
    "change_decided": gettext_lazy("Change request (%(kind)s): %(status)s. %(note)s"),
    "dates_changed": gettext_lazy("End date moved from %(end_from)s to %(end_to)s"),
    "deadline_moved": gettext_lazy(
        "Deadline “%(kind)s” moved from %(due_from)s to %(due_to)s: %(reason)s"
    ),
    "deadline_waived": gettext_lazy("Deadline “%(kind)s” of %(due_from)s waived: %(reason)s"),
}
TOPIC_WORK_LABELS = {
    **dict(ReportStatus.choices),
    **dict(RequestStatus.choices),
    **dict(ChangeKind.choices),
    **dict(DeadlineKind.choices),
}


def register_log_actions(actions):
    """How a topic's moves read in its history."""

    @actions.register_action(ChangeTopicStatus.log_action)
    class TopicStatusChanged(LogFormatter):
        label = gettext_lazy("Change topic status")
        format_message = status_change(TopicStatus)

    @actions.register_action("research.topic.created")
    class TopicCreated(LogFormatter):
        label = gettext_lazy("Create topic from proposal")

        def format_message(self, log_entry):
            return (
                gettext_lazy("Created from proposal %(proposal)s, version %(version)s")
                % log_entry.data
            )

    @actions.register_action("research.topic.work")
    class TopicWork(LogFormatter):
        label = gettext_lazy("Topic work")

        def format_message(self, log_entry):
            data = dict(log_entry.data)
            for key in ("end_from", "end_to", "due_from", "due_to"):
                if data.get(key):
                    data[key] = datetime.date.fromisoformat(data[key]).strftime("%d/%m/%Y")
            for key in ("kind", "status"):
                if data.get(key):
                    data[key] = TOPIC_WORK_LABELS.get(data[key], data[key])
            return TOPIC_WORK_MESSAGES[data["event"]] % data
