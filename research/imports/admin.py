"""The research office's import in the admin: upload → preview (a status and a reason per row,
names to choose) → confirm → applied. The error report and the templates are downloads."""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from research.core import permissions
from research.imports.batches import preview_batch, start_batch
from research.imports.engine import LOG_ACTION as IMPORT_LOG_ACTION
from research.imports.engine import Context, ImportRefused, Status, confirm_batch, run_batch
from research.imports.kinds import KINDS
from research.imports.models import ImportBatch, ImportKind, ImportStatus
from research.imports.spreadsheets import error_report, template
from research.imports.workbook import FileRefused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_LABELS = {
    Status.NEW: gettext_lazy("New"),
    Status.UPDATE: gettext_lazy("Update"),
    Status.UNCHANGED: gettext_lazy("Unchanged"),
    Status.ERROR: gettext_lazy("Error"),
    Status.CHOOSE: gettext_lazy("Choose a person"),
}
CHOICE_PREFIX = "choose-"
logger = logging.getLogger(__name__)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of records"), choices=ImportKind.choices)
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class OfficeOnly:
    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "import_records")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        trail = [*self.breadcrumbs_items]
        if not isinstance(self, ImportView):
            trail.append(
                {"url": reverse("research_imports:upload"), "label": _("Import from Excel")}
            )
        return [
            *trail,
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


class ImportView(OfficeOnly, WagtailAdminTemplateMixin, FormView):
    template_name = "research/admin/import_upload.html"
    form_class = UploadForm
    page_title = gettext_lazy("Import from Excel")
    header_icon = "upload"

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", ImportKind.TOPICS)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=ImportKind.choices,
            batches=ImportBatch.objects.select_related("uploaded_by").defer(
                "rows", "pending_pages"
            )[:20],
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            batch, _preview = start_batch(
                form.cleaned_data["kind"], upload, user=self.request.user, file_name=upload.name
            )
        except FileRefused as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("research_imports:preview", batch.pk)


def choices_from(data):
    return {
        key[len(CHOICE_PREFIX) :]: value
        for key, value in data.items()
        if key.startswith(CHOICE_PREFIX) and value
    }


class PreviewView(OfficeOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "research/admin/import_preview.html"
    page_title = gettext_lazy("Import preview")
    header_icon = "upload"

    def dispatch(self, request, pk):
        self.batch = get_object_or_404(ImportBatch, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.batch)

    def get_context_data(self, choices=None, **kwargs):
        if self.batch.status != ImportStatus.PREVIEWED:
            return self.progress_context(**kwargs)
        preview = None
        refused = ""
        try:
            preview = preview_batch(self.batch, choices or choices_from(self.request.GET))
        except FileRefused as error:
            refused = str(error)
        rows = [
            {"result": r, "label": STATUS_LABELS[r.status], "summary": summarise(preview, r)}
            for r in (preview.results if preview else [])
        ]
        choices = choices or choices_from(self.request.GET)
        ambiguities = [
            (ambiguity, str(choices.get(ambiguity.key, "")))
            for ambiguity in (preview.ambiguities if preview else [])
        ]
        return super().get_context_data(
            batch=self.batch,
            ambiguities=ambiguities,
            preview=preview,
            refused=refused,
            rows=rows,
            counts=[(STATUS_LABELS[s], s, n) for s, n in preview.counts.items()] if preview else [],
            choice_prefix=CHOICE_PREFIX,
            applied=False,
            **kwargs,
        )

    def progress_context(self, **kwargs):
        """A confirmed batch: where its import stands (the preview is not planned again)."""
        return super().get_context_data(
            batch=self.batch,
            preview=None,
            rows=[],
            counts=[
                (STATUS_LABELS[s], s, n)
                for s, n in self.batch.summary.items()
                if s in STATUS_LABELS and s not in (Status.ERROR, Status.CHOOSE)
            ],
            applied=self.batch.status == ImportStatus.APPLIED,
            running=self.batch.unfinished,
            failed=self.batch.status == ImportStatus.FAILED,
            **kwargs,
        )

    def post(self, request, pk):
        choices = choices_from(request.POST)
        try:
            batch, preview = confirm_batch(self.batch, user=request.user, choices=choices)
        except ImportRefused as error:
            self.batch.refresh_from_db()
            messages.warning(request, str(error))
            if self.batch.status != ImportStatus.PREVIEWED:
                return redirect("research_imports:preview", pk)
            return self.render_to_response(self.get_context_data(choices=choices))
        if len(preview.results) > settings.IMPORT_INLINE_ROWS:
            messages.info(
                request,
                _(
                    "The import of %(file)s is under way; this page shows how far it has come. You may leave it."
                )
                % {"file": batch.file_name},
            )
            return redirect("research_imports:preview", pk)
        try:
            run_batch(batch.pk)
        except ImportRefused as error:
            messages.error(request, str(error))
            return redirect("research_imports:preview", pk)
        except Exception:  # the job resumes it (manage.py run_imports); the office is told so
            logger.exception("Import %s stopped; run_imports will resume it", batch.pk)
            messages.warning(
                request,
                _("The import of %(file)s will be completed in the background.")
                % {"file": batch.file_name},
            )
            return redirect("research_imports:preview", pk)
        counts = preview.counts
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(update)s updated, %(unchanged)s unchanged.")
            % {
                "file": batch.file_name,
                "new": counts[Status.NEW],
                "update": counts[Status.UPDATE],
                "unchanged": counts[Status.UNCHANGED],
            },
        )
        return redirect("research_imports:upload")


def summarise(preview, result):
    """A few words naming the row's record, for the preview table."""
    first = [value for value in result.raw.values() if value not in (None, "")][:3]
    return " · ".join(str(value) for value in first)[:200]


class ErrorReportView(OfficeOnly, View):
    def get(self, request, pk):
        batch = get_object_or_404(ImportBatch, pk=pk)
        try:
            data = error_report(preview_batch(batch))
        except FileRefused as error:
            messages.error(request, str(error))
            return redirect(reverse("research_imports:preview", args=[pk]))
        name = batch.file_name.rsplit(".", 1)[0]
        return download(data, f"{name}-loi.xlsx")


class TemplateDownloadView(OfficeOnly, View):
    def get(self, request, kind):
        if kind not in KINDS:
            return HttpResponse(status=404)
        return download(template(KINDS[kind](Context())), f"mau-nhap-{kind}.xlsx")


def download(data, name):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def register_log_actions(actions):
    """How an imported record reads in its history."""

    @actions.register_action(IMPORT_LOG_ACTION)
    class Imported(LogFormatter):
        label = gettext_lazy("Import from Excel")

        def format_message(self, log_entry):
            return gettext_lazy("Imported from %(file)s") % log_entry.data


# The import (namespace research_imports).
admin_urls = [
    path("", ImportView.as_view(), name="upload"),
    path("<int:pk>/", PreviewView.as_view(), name="preview"),
    path("<int:pk>/errors.xlsx", ErrorReportView.as_view(), name="errors"),
    path("template/<slug:kind>.xlsx", TemplateDownloadView.as_view(), name="template"),
]
