"""The minutes of a council round as a Word file, on a proposal's or a topic's pages in the
workspace."""

from django.http import Http404, HttpResponse
from django.views import View

from research.core.actions import ActionRefused
from research.documents.actions import file_name, render_document
from research.documents.models import DocumentKind
from research.documents.render import DOCX
from research.proposals.views.workspace import ProposalMixin
from research.topics.views import TopicMixin


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
