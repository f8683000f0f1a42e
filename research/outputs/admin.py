"""The research office's queue of declarations waiting for verification, in the admin."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from research.core import permissions
from research.core.actions import ActionRefused
from research.models import EventParticipation, Fieldwork, InvalidTransition, Output, OutputAuthor
from research.outputs.actions import VerifyDeclaration

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
