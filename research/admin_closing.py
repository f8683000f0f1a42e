"""The end of a topic's life from its page in the admin: closing records, the final close, and
the records' signed files."""

from django.shortcuts import get_object_or_404
from django.views import View

from portal.operations.files import serve_file
from research import permissions
from research.actions import CloseTopic, RecordClosing
from research.admin_views import TopicWorkActionView
from research.forms import CloseForm, ClosingRecordForm
from research.models import ClosingRecord, Topic

# The topic's page has other forms with the same field names: each gets its own prefix.
CLOSING_PREFIX = "closing"


class RecordClosingView(TopicWorkActionView):
    form_class = ClosingRecordForm
    prefix = CLOSING_PREFIX

    def run(self, form):
        data = form.cleaned_data
        RecordClosing(
            self.topic,
            data["kind"],
            user=self.request.user,
            number=data["number"],
            signed_on=data["signed_on"],
            amount=data["amount"],
            agency=data["agency"],
            note=data["note"],
            file=data["file"],
        ).execute()


class CloseTopicView(TopicWorkActionView):
    form_class = CloseForm

    def run(self, form):
        CloseTopic(self.topic, user=self.request.user, note=form.cleaned_data["note"]).execute()


class ClosingFileView(View):
    """A closing record's signed file, for the office and the leadership."""

    def get(self, request, pk, item):
        topic = get_object_or_404(Topic, pk=pk)
        permissions.require(request.user, "view_documents", topic)
        record = get_object_or_404(ClosingRecord, pk=item, topic=topic)
        return serve_file(record.file)
