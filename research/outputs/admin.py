"""The research office's queue of declarations waiting for verification, in the admin."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from research.core import permissions
from research.core.actions import ActionRefused, InvalidTransition
from research.core.admin import ExportingIndexView, ResearchViewSet, YesNoColumn
from research.outputs.actions import LOG_ACTION, VerifyDeclaration
from research.outputs.duplicates import OutputAdminForm, OutputCreateView, OutputEditView
from research.outputs.filters import OutputFilterSet
from research.outputs.models.declarations import EventParticipation
from research.outputs.models.outputs import Output, OutputAuthor
from research.outputs.models.records import BulletinIssue, Fieldwork, ScientificEvent

# URL name of each kind → (model, label, what the queue shows of it)
QUEUE = {
    # Authors joined with their person in one query: a prefetch of “authors__person” sent every
    # author's id back in one IN list, which SQLite refused past about a thousand (issue 19).
    "output": (
        Output,
        gettext_lazy("Output"),
        (Prefetch("authors", OutputAuthor.objects.select_related("person")), "files"),
    ),
    "fieldwork": (Fieldwork, gettext_lazy("Fieldwork"), ("lecturers",)),
    "event": (EventParticipation, gettext_lazy("Event participation"), ()),
}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("return", "return")])
    reason = forms.CharField(required=False)


class VerificationQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "research/admin/declarations.html"
    page_title = gettext_lazy("Declarations to verify")
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "verify_declarations")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        groups = []
        for code, (model, label, related) in QUEUE.items():
            rows = (
                model.objects.pending()
                .select_related("declared_by__person")
                .prefetch_related(*related)
            )
            groups.append((code, label, list(rows)))
        return super().get_context_data(groups=groups, **kwargs)


class VerifyView(View):
    http_method_names = ["post"]

    def post(self, request, kind, pk):
        if kind not in QUEUE:
            raise Http404
        permissions.require(request.user, "verify_declarations")
        record = get_object_or_404(QUEUE[kind][0], pk=pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            raise Http404
        accept = form.cleaned_data["decision"] == "accept"
        try:
            VerifyDeclaration(
                record, user=request.user, accept=accept, reason=form.cleaned_data["reason"]
            ).execute()
        except (ActionRefused, InvalidTransition) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Verified: it now counts.") if accept else _("Returned to the lecturer."),
            )
        return redirect("research_declarations:queue")


class OutputViewSet(ResearchViewSet):
    model = Output
    icon = "doc-full"
    index_view_class = ExportingIndexView
    menu_label = gettext_lazy("Outputs")
    url_prefix = "research/outputs"
    filterset_class = OutputFilterSet
    list_per_page = 25
    list_display = [
        "title",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        "published_on",
        "topic",
        YesNoColumn("is_public", label=gettext_lazy("Public")),
        Column(
            "verification", label=gettext_lazy("Verification"), accessor="get_verification_display"
        ),
    ]
    # Excel and CSV of the filtered list (the buttons above it).
    list_export = [
        "title",
        "get_kind_display",
        "published_on",
        "author_names",
        "venue",
        "volume",
        "issue",
        "pages",
        "issn",
        "isbn",
        "publisher",
        "url",
        "topic",
        "is_public",
        "get_verification_display",
    ]
    export_headings = {
        "get_kind_display": gettext_lazy("Kind"),
        "author_names": gettext_lazy("Authors"),
        "topic": gettext_lazy("Topic"),
        "get_verification_display": gettext_lazy("Verification"),
    }
    export_filename = "san-pham"
    add_view_class = OutputCreateView
    edit_view_class = OutputEditView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on")]),
            FieldPanel("title"),
            FieldPanel("title_en"),
            FieldPanel("abstract"),
            FieldPanel("keyword_list"),
            FieldPanel("keyword_list_en"),
            FieldPanel("topic"),
            FieldRowPanel([FieldPanel("event"), FieldPanel("bulletin_issue")]),
            InlinePanel("authors", heading=gettext_lazy("Authors"), min_num=1),
            MultiFieldPanel(
                [
                    FieldPanel("venue"),
                    FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
                    FieldRowPanel([FieldPanel("issn"), FieldPanel("isbn")]),
                    FieldPanel("publisher"),
                    FieldPanel("url"),
                ],
                heading=gettext_lazy("Bibliographic data"),
            ),
            InlinePanel("files", heading=gettext_lazy("Files")),
            FieldPanel("is_public"),
            # shown only to matter when the portal already holds the same work
            FieldPanel("merge_into_existing"),
        ],
        base_form_class=OutputAdminForm,
    )


class ScientificEventViewSet(ResearchViewSet):
    model = ScientificEvent
    icon = "group"
    menu_label = gettext_lazy("Scientific events")
    url_prefix = "research/events"
    list_filter = ["level", "kind"]
    list_display = [
        "title",
        Column("level", label=gettext_lazy("Level"), accessor="get_level_display"),
        "held_on",
        "unit",
        "paper_count",
    ]
    form_fields = [
        "title",
        "kind",
        "level",
        "held_on",
        "unit",
        "co_organisers",
        "paper_count",
        "proceedings",
    ]


class BulletinIssueViewSet(ResearchViewSet):
    model = BulletinIssue
    icon = "doc-full"
    menu_label = gettext_lazy("Bulletin issues")
    url_prefix = "research/bulletin"
    list_filter = ["year"]
    list_display = ["__str__", "published_on"]
    form_fields = ["number", "year", "published_on", "pdf", "cover"]


class FieldworkViewSet(ResearchViewSet):
    model = Fieldwork
    icon = "site"
    menu_label = gettext_lazy("Fieldwork")
    url_prefix = "research/fieldwork"
    list_display = ["place", "started_on", "ended_on"]
    form_fields = ["place", "started_on", "ended_on", "lecturers", "report"]


class EventParticipationViewSet(ResearchViewSet):
    model = EventParticipation
    icon = "group"
    menu_label = gettext_lazy("Event participation")
    url_prefix = "research/participation"
    list_filter = ["role", "verification"]
    list_display = [
        "person",
        "__str__",
        "held_on",
        Column("role", label=gettext_lazy("Role"), accessor="get_role_display"),
        Column(
            "verification", label=gettext_lazy("Verification"), accessor="get_verification_display"
        ),
    ]
    form_fields = [
        "person",
        "event",
        "event_title",
        "organiser",
        "held_on",
        "role",
        "paper_title",
        "certificate",
    ]


DECLARATION_MESSAGES = {
    "declared": gettext_lazy("Declared by the lecturer"),
    "corrected": gettext_lazy("Corrected by the lecturer and sent again"),
    "verified": gettext_lazy("Verified by the research office"),
    "returned": gettext_lazy("Returned to the lecturer: %(reason)s"),
    "confirmed": gettext_lazy("Co-authorship confirmed by %(author)s"),
}


def register_log_actions(actions):
    """How a declaration's steps read in its history."""

    @actions.register_action(LOG_ACTION)
    class DeclarationLogged(LogFormatter):
        label = gettext_lazy("Declaration")

        def format_message(self, log_entry):
            data = log_entry.data
            return DECLARATION_MESSAGES[data["event"]] % data


# The verification queue (namespace research_declarations).
admin_urls = [
    path("", VerificationQueueView.as_view(), name="queue"),
    path("<slug:kind>/<int:pk>/", VerifyView.as_view(), name="verify"),
]
