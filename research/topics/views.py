"""A running topic in the workspace: its page, reports, requests, self-evaluation and acceptance."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from research.core import permissions
from research.core.actions import REFUSALS
from research.topics.actions.running import RequestChange, SubmitProgressReport
from research.topics.forms import ChangeRequestForm, ProgressReportForm
from research.topics.models.topics import Topic


class TopicMixin(LoginRequiredMixin):
    rule = "view_topic_work"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.topic = get_object_or_404(
            Topic.objects.with_overdue().select_related("unit"), pk=kwargs["pk"]
        )
        permissions.require(request.user, self.rule, self.topic)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            show_team=permissions.may_see_team(self.request.user, self.topic), **kwargs
        )

    def back(self):
        return redirect("research:topic-detail", pk=self.topic.pk)


class TopicDetailView(TopicMixin, TemplateView):
    """The team's view of a running topic: deadlines, funding, reports and requests."""

    template_name = "research/workspace/topic_detail.html"

    def get_context_data(self, **kwargs):
        topic = self.topic
        may_report = permissions.check(self.request.user, "report_on_topic", topic)
        return super().get_context_data(
            topic=topic,
            deadlines=topic.deadlines.with_pending_report().select_related("responsible"),
            reports=topic.progress_reports.prefetch_related("outputs"),
            requests=topic.change_requests.all(),
            funding_lines=topic.funding_lines.select_related("source"),
            tranches=topic.tranches.select_related("source"),
            may_report=may_report,
            may_run_meeting=permissions.check(self.request.user, "run_meeting", topic),
            may_see_aggregate=permissions.check(self.request.user, "see_aggregate", topic),
            acceptance_decisions=topic.acceptance_decisions.all(),
            **kwargs,
        )


class TopicActionFormView(TopicMixin, FormView):
    """A form of the team's on a topic whose valid data goes to one action; refusals are shown."""

    rule = "report_on_topic"
    template_name = "research/workspace/topic_form.html"
    heading = ""
    success_message = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, heading=self.heading, **kwargs)

    def form_valid(self, form):
        try:
            self.run(form.cleaned_data)
        except REFUSALS as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return self.back()


class SubmitProgressReportView(TopicActionFormView):
    form_class = ProgressReportForm
    heading = gettext_lazy("Progress report")
    success_message = gettext_lazy("The progress report is submitted to the research office.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "topic": self.topic}

    def run(self, data):
        SubmitProgressReport(
            self.topic,
            user=self.request.user,
            text=data["text"],
            percent_done=data["percent_done"],
            outputs=data["outputs"],
            file=data["file"],
        ).execute()


class RequestChangeView(TopicActionFormView):
    form_class = ChangeRequestForm
    heading = gettext_lazy("Change request")
    success_message = gettext_lazy("The request is sent to the research office.")

    def run(self, data):
        RequestChange(
            self.topic,
            data["kind"],
            user=self.request.user,
            reason=data["reason"],
            months=data["months"],
            details=data["details"],
        ).execute()
