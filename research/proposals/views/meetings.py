"""A proposal's council round in the workspace: the secretary's meeting page, the meeting's date,
the selection decision and its minutes (the pages are those of research.councils.views, on a
proposal)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from research.core.actions import REFUSALS
from research.councils.forms import DecisionForm
from research.councils.views import MeetingMixin, MinutesMixin, ScheduleMeetingMixin
from research.proposals.actions import RecordCouncilDecision
from research.proposals.views.workspace import ProposalMixin


class ScheduleProposalMeetingView(ScheduleMeetingMixin, ProposalMixin, FormView):
    meeting_url_name = "research:proposal-meeting"

    @property
    def subject(self):
        return self.proposal


class MeetingView(MeetingMixin, ProposalMixin, FormView):
    decision_url_name = "research:proposal-decision"
    decision_form_class = DecisionForm

    @property
    def subject(self):
        return self.proposal


class RecordDecisionView(ProposalMixin, FormView):
    rule = "run_meeting"
    form_class = DecisionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            RecordCouncilDecision(
                self.proposal,
                form.cleaned_data["outcome"],
                user=self.request.user,
                note=form.cleaned_data["note"],
            ).execute()
        except REFUSALS as error:
            messages.error(self.request, str(error))
            return redirect("research:proposal-meeting", pk=self.proposal.pk)
        messages.success(self.request, _("The council's decision is recorded."))
        return redirect("research:proposal-minutes", pk=self.proposal.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Choose approval, revision or rejection."))
        return redirect("research:proposal-meeting", pk=self.proposal.pk)


class MinutesView(MinutesMixin, ProposalMixin, TemplateView):
    @property
    def subject(self):
        return self.proposal

    def decisions(self):
        return self.proposal.decisions
