"""The workspace side of declarations: declare, correct a returned one, confirm a co-authorship."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from research.core import permissions
from research.core.actions import ActionRefused
from research.outputs.actions import (
    ConfirmAuthorship,
    log_declaration,
    notify_coauthors,
    prepare_declaration,
)
from research.outputs.forms import (
    FieldworkDeclarationForm,
    OutputDeclarationForm,
    ParticipationForm,
)
from research.outputs.models.declarations import EventParticipation
from research.outputs.models.outputs import Output, OutputAuthor
from research.outputs.models.records import Fieldwork


class DeclareView(LoginRequiredMixin, FormView):
    """Create a declaration, or correct one of the user's own that is not verified yet."""

    template_name = "research/workspace/declaration_form.html"
    model = None
    heading = ""

    def dispatch(self, request, *args, pk=None, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        permissions.require(request.user, "declare")
        self.person = permissions.person_of(request.user)
        self.record = None
        if pk is not None:
            self.record = get_object_or_404(self.model, pk=pk)
            permissions.require(request.user, "edit_declaration", self.record)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.record, "person": self.person}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, record=self.record, **kwargs)

    def form_valid(self, form):
        created = self.record is None
        with transaction.atomic():
            prepare_declaration(form.instance, self.request.user)
            record = form.save()
            self.after_save(form, record)
            log_declaration(record, self.request.user, created)
        messages.success(
            self.request, _("Declared. The research office will verify it before it counts.")
        )
        return redirect("research:contribution")

    def after_save(self, form, record):
        pass


class DeclareOutputView(DeclareView):
    model = Output
    form_class = OutputDeclarationForm

    @property
    def heading(self):
        return _("Declare an output")

    def after_save(self, form, output):
        form.save_authors(output)
        notify_coauthors(output, self.person)


class DeclareFieldworkView(DeclareView):
    model = Fieldwork
    form_class = FieldworkDeclarationForm

    @property
    def heading(self):
        return _("Declare fieldwork")

    def after_save(self, form, fieldwork):
        form.save_lecturers(fieldwork)


class DeclareParticipationView(DeclareView):
    model = EventParticipation
    form_class = ParticipationForm

    @property
    def heading(self):
        return _("Declare participation in a scientific event")


class ConfirmAuthorshipView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        authorship = get_object_or_404(OutputAuthor, pk=pk)
        try:
            ConfirmAuthorship(authorship, user=request.user).execute()
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Confirmed: this output is yours."))
        return redirect("research:contribution")
