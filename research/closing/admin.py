"""The end of a topic's life from its page in the admin: closing records, the final close, and
the records' signed files."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from portal.operations.files import serve_file
from research.closing.actions.acceptance import AssignAcceptanceCouncil
from research.closing.actions.closing import CloseTopic, RecordClosing
from research.closing.forms import AcceptanceCouncilForm, CloseForm, ClosingRecordForm
from research.closing.models import ClosingKind, ClosingRecord, ClosingRequirement
from research.core import permissions
from research.topics.admin import TopicStep, TopicWorkActionView
from research.topics.models.topics import Topic

# The topic's page has other forms with the same field names: each gets its own prefix.
CLOSING_PREFIX = "closing"


class AssignAcceptanceCouncilView(TopicWorkActionView):
    form_class = AcceptanceCouncilForm

    def run(self, form):
        AssignAcceptanceCouncil(
            self.topic, form.cleaned_data["council"], user=self.request.user
        ).execute()


# On the office's topic page (research.topics.admin.TopicViewSet, given them by wagtail_hooks.py)
topic_steps = [
    TopicStep(
        "acceptance",
        "assign-acceptance",
        AssignAcceptanceCouncilView.as_view(),
        "acceptance_form",
        AcceptanceCouncilForm,
    ),
]


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


def register_log_actions(actions):
    """How a closing record reads in the topic's history."""

    @actions.register_action("research.topic.closing")
    class ClosingRecorded(LogFormatter):
        label = _("Closing record")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("%(kind)s recorded: %(number)s of %(date)s") % {
                "kind": ClosingKind(data["kind"]).label,
                "number": data["number"],
                "date": "/".join(reversed(data["signed_on"].split("-"))),
            }


# Closing records and the final close (namespace research_documents, after the documents).
admin_urls = [
    path("topics/<int:pk>/closing/", RecordClosingView.as_view(), name="record-closing"),
    path("topics/<int:pk>/close/", CloseTopicView.as_view(), name="close"),
    path(
        "topics/<int:pk>/closing/<int:item>/file/", ClosingFileView.as_view(), name="closing-file"
    ),
]


class ClosingRequirementViewSet(ModelViewSet):
    model = ClosingRequirement
    icon = "tick-inverse"
    menu_label = _("Closing requirements")
    url_prefix = "research/closing-requirements"
    copy_view_enabled = False
    list_display = ["outcome", "kind", "level"]
    list_filter = ["outcome", "kind"]
    form_fields = ["outcome", "kind", "level"]
