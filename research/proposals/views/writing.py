"""Writing a proposal in the workspace: the dossier form whose lists grow and shrink (with and
without JavaScript), and submitting it after seeing what will be frozen."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from research.calls.models import Call
from research.core import permissions
from research.core.bounds import IdField, query_value
from research.core.choices import TopicOrigin
from research.core.similarity import Draft
from research.proposals.actions import SubmitProposal
from research.proposals.forms import ProposalForm
from research.proposals.models import Proposal
from research.proposals.overlap import similar_for_draft
from research.proposals.views.workspace import REFUSALS, ProposalMixin


def posted_draft(data):
    """The draft as typed in the form (title, keywords, objectives), bounded."""
    return Draft.of(data.get("title", ""), data.get("keyword_list", ""), data.get("objectives", ""))


class ProposalFormMixin:
    form_class = ProposalForm
    template_name = "research/workspace/proposal_form.html"
    similar = None  # the similar work, once asked for

    def post(self, request, *args, **kwargs):
        # “Check for similar work” without JavaScript: the form comes back as typed, unsaved,
        # with the similar work beside it
        if "similar" in request.POST:
            self.similar = similar_for_draft(
                request.user, posted_draft(request.POST), getattr(self, "proposal", None)
            )
            return self.render_to_response(self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(similar=self.similar, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "more": self.request.GET.get("add")}

    def form_valid(self, form):
        with transaction.atomic():
            self.proposal = self.fill(form.save(commit=False))
            self.proposal.save()
            form.save()
            moved = self.move_row(self.request.POST.get("move", ""))
        messages.success(self.request, _("The proposal is saved as a draft."))
        # The buttons of the lists without JavaScript: save, then back to the form.
        if "add" in self.request.POST or moved:
            target = reverse("research:proposal-edit", args=[self.proposal.pk])
            if "add" in self.request.POST:
                target += f"?add={self.request.POST['add']}"
            return redirect(f"{target}#{self.request.POST.get('add') or moved}")
        return redirect(self.proposal.get_absolute_url())

    def move_row(self, move):
        """Move the row “<list>:<id>:up|down” one place (the form's ↑ and ↓ without JavaScript);
        return the list's name, or "" when nothing moved."""
        try:
            name, pk, direction = move.split(":")
            rows = list(getattr(self.proposal, name).all())
        except (ValueError, AttributeError, KeyError):
            return ""
        if name not in ProposalForm.Meta.formsets:
            return ""
        index = next((i for i, row in enumerate(rows) if str(row.pk) == pk), None)
        other = None if index is None else index + (-1 if direction == "up" else 1)
        if other is None or not 0 <= other < len(rows):
            return ""
        rows[index], rows[other] = rows[other], rows[index]
        for order, row in enumerate(rows):
            if row.sort_order != order:
                row.sort_order = order
                row.save(update_fields=["sort_order"])
        return name

    def fill(self, proposal):
        return proposal


class ProposalCreateView(LoginRequiredMixin, ProposalFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        permissions.require(request.user, "create_proposal", None)
        call, error = query_value(request, "call", IdField())
        if call is None:
            raise Http404(error or _("Choose an open call to write a proposal for."))
        self.call = get_object_or_404(Call.objects.open(), pk=call)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "principal": permissions.person_of(self.request.user)}

    def fill(self, proposal):
        person = permissions.person_of(self.request.user)
        proposal.call = self.call
        proposal.level = self.call.level
        proposal.origin = TopicOrigin.PROPOSED
        proposal.principal = person
        proposal.unit = person.unit
        return proposal


class ProposalUpdateView(ProposalMixin, ProposalFormMixin, FormView):
    rule = "edit_proposal"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.proposal}


class SubmitProposalView(ProposalMixin, TemplateView):
    """What submitting freezes, then the submission itself."""

    rule = "submit_proposal"
    template_name = "research/workspace/proposal_submit.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            next_version=self.proposal.version + 1,
            missing=self.proposal.missing_parts(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            SubmitProposal(self.proposal, user=request.user).execute()
        except REFUSALS as error:
            return self.refused(error)
        messages.success(
            request, _("The proposal is submitted; a receipt is on its way by e-mail.")
        )
        return redirect(self.proposal.get_absolute_url())


class SimilarDraftView(LoginRequiredMixin, View):
    """The similar work for the draft being typed (the form's live panel asks, debounced): an
    HTML fragment. `proposal` names the lecturer's own proposal, left out of the list."""

    def get(self, request):
        permissions.require(request.user, "create_proposal", None)
        proposal, _error = query_value(request, "proposal", IdField())
        own = None
        if proposal is not None:
            own = Proposal.objects.filter(pk=proposal).first()
            if own is not None and not permissions.check(request.user, "edit_proposal", own):
                own = None
        hits = similar_for_draft(request.user, posted_draft(request.GET), own)
        response = render(request, "research/workspace/_similar.html", {"hits": hits})
        response["Cache-Control"] = "private, no-store"
        return response
