"""The office's documents in the admin: the templates (format, own .docx, signer, recipients), the
built-in templates to start from, issuing a document from a proposal's or topic's page, and the
downloads of what was issued."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from portal.operations.files import serve_file
from research.core import permissions
from research.core.actions import ActionRefused
from research.core.validators import validate_docx_file
from research.documents.actions import IssueDocument
from research.documents.builtin import builtin_template
from research.documents.formatcheck import refuse_deviating_template
from research.documents.grounds import LegalGround, incomplete_warning
from research.documents.models import DocumentFormat, DocumentKind, DocumentTemplate, IssuedDocument
from research.documents.render import DOCX, TemplateBroken, check_template
from research.inbox.admin import ViewOnlyPolicy
from research.orders.models import OrderSubmission
from research.proposals.models import Proposal
from research.topics.models.topics import Topic


class LinksColumn(Column):
    """A column of links: (label, URL) pairs."""

    def get_value(self, instance):
        return format_html_join(" · ", '<a href="{1}">{0}</a>', super().get_value(instance))


class DocumentTemplateForm(WagtailAdminModelForm):
    """An uploaded template is checked by content and filled once before it is saved."""

    def clean_custom_file(self):
        upload = self.cleaned_data.get("custom_file")
        if upload and hasattr(upload, "read"):
            validate_docx_file(upload)
            upload.seek(0)
            source = upload.read()
            upload.seek(0)
            try:
                check_template(source)
            except TemplateBroken as error:
                raise ValidationError(str(error)) from error
            # The same element-by-element check as the built-in templates (formatcheck.py).
            refuse_deviating_template(
                source, self.cleaned_data.get("format") or self.instance.format, self.instance.kind
            )
        return upload


class DocumentTemplateViewSet(ModelViewSet):
    model = DocumentTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Document templates")
    url_prefix = "research/document-templates"
    copy_view_enabled = False
    list_display = [
        "kind",
        Column("format", label=gettext_lazy("Format"), accessor="get_format_display"),
        Column("custom_file", label=gettext_lazy("The office's own template")),
        LinksColumn("builtin", label=gettext_lazy("Built-in templates"), accessor="builtin_links"),
        DateColumn("updated_at", label=gettext_lazy("Updated")),
    ]
    edit_handler_panels = [
        FieldPanel("kind", read_only=True),
        FieldPanel("format"),
        MultiFieldPanel(
            [
                HelpPanel(
                    gettext_lazy(
                        "Download the built-in template below, change it in Word keeping the "
                        "{{ fields }} (docs/documents.md lists them), and upload it here. The next "
                        "document of this kind uses it; empty the field to go back to the built-in one."
                    )
                ),
                FieldPanel("custom_file"),
            ],
            heading=gettext_lazy("Template"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signer_authority"),
                FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
            ],
            heading=gettext_lazy("Signer"),
        ),
        FieldPanel("recipients"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "builtin/<str:kind>/<str:document_format>/",
                BuiltinTemplateView.as_view(),
                name="builtin",
            ),
        ]


DocumentTemplateViewSet.edit_handler = ObjectList(
    DocumentTemplateViewSet.edit_handler_panels, base_form_class=DocumentTemplateForm
)


class MissingColumn(Column):
    def get_value(self, instance):
        return instance.missing_labels() or "—"


class LegalGroundViewSet(ModelViewSet):
    """The laws, decrees and circulars each regime's documents cite: six rows (a law, a decree, a
    circular per regime) the office corrects, never adds or deletes."""

    model = LegalGround
    icon = "doc-full"
    menu_label = gettext_lazy("Legal grounds")
    url_prefix = "research/legal-grounds"
    copy_view_enabled = False
    list_display = [
        "__str__",
        Column("regime", label=gettext_lazy("Legal regime"), accessor="get_regime_display"),
        Column("role", label=gettext_lazy("Ground"), accessor="get_role_display"),
        DateColumn("issued_on", label=gettext_lazy("Issued on")),
        MissingColumn("missing", label=gettext_lazy("Still missing")),
    ]
    panels = [
        FieldRowPanel([FieldPanel("regime", read_only=True), FieldPanel("role", read_only=True)]),
        HelpPanel(
            gettext_lazy(
                "Printed as “Căn cứ {name} số {number} ngày … của {issuer} {summary};”. Copy "
                "them from the Công báo; a part left empty is left out of the documents."
            )
        ),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("issued_on")]),
        FieldPanel("issuer"),
        FieldPanel("title"),
    ]


class BuiltinTemplateView(View):
    """The built-in template of one kind and format, for the office to start its own from."""

    def get(self, request, kind, document_format):
        permissions.require(request.user, "manage_documents")
        if kind not in DocumentKind.values or document_format not in DocumentFormat.values:
            raise Http404
        response = HttpResponse(builtin_template(kind, document_format), content_type=DOCX)
        response["Content-Disposition"] = (
            f'attachment; filename="mau-{kind}-{document_format}.docx"'
        )
        return response


# The topic's page has other forms with a "kind" field: this one has its own prefix.
ISSUE_PREFIX = "issue"


class IssueForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document to issue"), choices=DocumentKind.choices)
    number = forms.RegexField(
        label=gettext_lazy("Number (digits only)"),
        regex=r"^\s*\d{1,6}\s*$",
        required=False,
        max_length=6,
        help_text=gettext_lazy(
            "The symbol (QĐ/TCT …) is added from the template; empty: left blank for the clerk."
        ),
        error_messages={
            "invalid": gettext_lazy(
                "Give only the number (digits); the symbol is added from the template."
            )
        },
    )
    issued_on = forms.DateField(label=gettext_lazy("Date"), initial=timezone.localdate)


SUBJECTS = {
    "proposal": (Proposal, "research_proposal:inspect"),
    "topic": (Topic, "research_topic:inspect"),
    # the proposal list to the province, issued as its tờ trình or công văn
    "ordersubmission": (OrderSubmission, "research_order_submission:inspect"),
}


class IssueDocumentView(View):
    """Issue a document from a proposal's or a topic's page; the register keeps it."""

    http_method_names = ["post"]

    def post(self, request, subject, pk):
        permissions.require(request.user, "manage_documents")
        if subject not in SUBJECTS:
            raise Http404
        model, inspect = SUBJECTS[subject]
        instance = get_object_or_404(model, pk=pk)
        form = IssueForm(request.POST, prefix=ISSUE_PREFIX)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(inspect, pk)
        try:
            document = IssueDocument(
                instance,
                form.cleaned_data["kind"],
                user=request.user,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            ).execute()
        except ActionRefused as error:
            messages.error(request, str(error))
            return redirect(inspect, pk)
        messages.success(
            request,
            _("%(document)s is issued.") % {"document": document.get_kind_display()},
        )
        for ground in document.incomplete_grounds:
            messages.warning(request, incomplete_warning(ground))
        return redirect(f"{redirect(inspect, pk).url}#documents")


class IssuedFileView(View):
    """The Word or PDF file of an issued document, for the office and the leadership."""

    def get(self, request, pk, which):
        permissions.require(request.user, "view_documents")
        document = get_object_or_404(
            IssuedDocument.objects.exclude(topic__in=Topic.objects.hidden_from(request.user)), pk=pk
        )
        stored = {"docx": document.docx, "pdf": document.pdf}.get(which)
        if not stored:
            raise Http404
        return serve_file(stored)


register_permission_policy(IssuedDocument, ViewOnlyPolicy(IssuedDocument))


class IssuedDocumentViewSet(ModelViewSet):
    """The register of issued documents (sổ văn bản), read-only."""

    model = IssuedDocument
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Issued documents")
    url_prefix = "research/issued-documents"
    copy_view_enabled = False
    list_filter = ["kind", "format"]
    inspect_view_enabled = False
    # Never edited in the admin (the permission policy allows viewing only).
    exclude_form_fields = []
    list_display = [
        Column("kind", label=gettext_lazy("Document"), accessor="get_kind_display"),
        Column("subject", label=gettext_lazy("For"), accessor="subject"),
        "number",
        DateColumn("issued_on", label=gettext_lazy("Date")),
        LinksColumn("files", label=gettext_lazy("Files"), accessor="file_links"),
    ]

    def get_queryset(self, request):
        return IssuedDocument.objects.select_related(
            "proposal", "topic", "researchplan", "ordersubmission"
        ).exclude(topic__in=Topic.objects.hidden_from(request.user))


def register_log_actions(actions):
    """How an issued document reads in the history."""

    @actions.register_action("research.document.issued")
    class DocumentIssued(LogFormatter):
        label = gettext_lazy("Issue a document")

        def format_message(self, log_entry):
            data = log_entry.data
            return gettext_lazy("%(kind)s issued, number %(number)s") % {
                "kind": DocumentKind(data["kind"]).label,
                "number": data["number"] or "—",
            }


# Issuing and downloading documents (namespace research_documents, with the closing records).
admin_urls = [
    path("documents/<str:subject>/<int:pk>/issue/", IssueDocumentView.as_view(), name="issue"),
    path("documents/<int:pk>/<str:which>/", IssuedFileView.as_view(), name="file"),
]
