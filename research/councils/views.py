"""The meeting of a council round (date, time, venue, score sheets due), set from the meeting page
of a proposal or of a topic's acceptance."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from research.core.actions import ActionRefused
from research.councils.actions.meetings import ScheduleMeeting
from research.councils.forms import CouncilMeetingForm
from research.documents.actions import file_name, render_document
from research.documents.render import DOCX
from research.models import DocumentKind
from research.proposals.views.workspace import REFUSALS, ProposalMixin
from research.topics.views import TopicMixin


class ScheduleMeetingMixin:
    rule = "run_meeting"
    form_class = CouncilMeetingForm
    http_method_names = ["post"]
    meeting_url_name = None

    def back(self):
        return redirect(self.meeting_url_name, pk=self.subject.pk)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            ScheduleMeeting(
                self.subject,
                user=self.request.user,
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                venue=data["venue"],
                reviews_due_on=data["reviews_due_on"],
            ).execute()
        except REFUSALS as error:
            messages.error(self.request, str(error))
            return self.back()
        messages.success(self.request, _("The meeting is set; the members are invited."))
        return self.back()

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self.back()


class ScheduleProposalMeetingView(ScheduleMeetingMixin, ProposalMixin, FormView):
    meeting_url_name = "research:proposal-meeting"

    @property
    def subject(self):
        return self.proposal


class ScheduleTopicMeetingView(ScheduleMeetingMixin, TopicMixin, FormView):
    meeting_url_name = "research:topic-meeting"

    @property
    def subject(self):
        return self.topic


class MinutesDocumentMixin:
    """The minutes of the latest decided round as a Word file, for whoever may read the minutes."""

    rule = "see_aggregate"
    document_kind = None

    def get(self, request, *args, **kwargs):
        try:
            docx, _template = render_document(self.document_kind, self.subject)
        except ActionRefused as error:
            raise Http404(str(error)) from error
        response = HttpResponse(docx, content_type=DOCX)
        response["Content-Disposition"] = (
            f'attachment; filename="{file_name(self.document_kind, self.subject, "docx")}"'
        )
        return response


class ProposalMinutesDocumentView(MinutesDocumentMixin, ProposalMixin, View):
    document_kind = DocumentKind.MINUTES

    @property
    def subject(self):
        return self.proposal


class TopicMinutesDocumentView(MinutesDocumentMixin, TopicMixin, View):
    document_kind = DocumentKind.ACCEPTANCE_RECORD

    @property
    def subject(self):
        return self.topic
