"""The acceptance steps in the workspace, on a topic's pages: the team's self-evaluation, the
acceptance council's meeting page and date (research.councils.views on a topic), its decision and
its minutes."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from research.closing.actions.acceptance import RecordAcceptance, SubmitSelfEvaluation
from research.closing.forms import AcceptanceDecisionForm, SelfEvaluationForm
from research.core.actions import REFUSALS
from research.councils.views import MeetingMixin, MinutesMixin, ScheduleMeetingMixin
from research.topics.views import TopicActionFormView, TopicMixin


class SelfEvaluationView(TopicActionFormView):
    form_class = SelfEvaluationForm
    heading = gettext_lazy("Self-evaluation")
    success_message = gettext_lazy(
        "The self-evaluation is submitted; the topic awaits its council."
    )

    def run(self, data):
        SubmitSelfEvaluation(
            self.topic, user=self.request.user, text=data["text"], file=data["file"]
        ).execute()


class RecordAcceptanceView(TopicMixin, FormView):
    rule = "run_meeting"
    form_class = AcceptanceDecisionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            RecordAcceptance(
                self.topic, user=self.request.user, note=form.cleaned_data["note"]
            ).execute()
        except REFUSALS as error:
            messages.error(self.request, str(error))
            return redirect("research:topic-meeting", pk=self.topic.pk)
        messages.success(self.request, _("The council's decision is recorded."))
        return redirect("research:topic-minutes", pk=self.topic.pk)


class ScheduleTopicMeetingView(ScheduleMeetingMixin, TopicMixin, FormView):
    meeting_url_name = "research:topic-meeting"

    @property
    def subject(self):
        return self.topic


class TopicMeetingView(MeetingMixin, TopicMixin, FormView):
    decision_url_name = "research:topic-decision"
    decision_form_class = AcceptanceDecisionForm

    @property
    def subject(self):
        return self.topic


class TopicMinutesView(MinutesMixin, TopicMixin, TemplateView):
    @property
    def subject(self):
        return self.topic

    def decisions(self):
        return self.topic.acceptance_decisions
