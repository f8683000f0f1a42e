"""The research office's proposal work in the Wagtail admin: eligibility, return, council assignment."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from research.core import permissions
from research.core.actions import ActionRefused
from research.core.forms import ReasonForm
from research.councils.scoring import aggregate
from research.models import InvalidTransition, Proposal, ProposalStatus, Review
from research.proposals.actions import (
    AssignCouncil,
    OverrideEligibility,
    ReturnProposal,
    RunEligibilityCheck,
)
from research.proposals.forms import AssignCouncilForm, ReturnForm

REFUSALS = (ActionRefused, InvalidTransition)


class ProposalInspectView(InspectView):
    template_name = "research/admin/proposal_inspect.html"

    def get_fields(self):
        return []

    def get_object(self, queryset=None):
        return get_object_or_404(
            Proposal.objects.select_related(
                "call__rubric", "principal", "unit", "council", "topic"
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        proposal = self.object
        reviews = list(Review.objects.for_round(proposal))
        return super().get_context_data(
            proposal=proposal,
            show_team=True,
            reviews=reviews,
            result=aggregate(proposal.rubric, reviews) if reviews else None,
            versions=proposal.versions.order_by("number"),
            decisions=proposal.decisions.order_by("round"),
            override_form=ReasonForm(),
            return_form=ReturnForm(),
            assign_form=AssignCouncilForm(
                initial={"council": proposal.call.council if proposal.call else None}
            ),
            **kwargs,
        )


class ProposalActionView(WagtailAdminTemplateMixin, FormView):
    """One office action on a proposal, posted from its inspect page; refusals come back as messages."""

    http_method_names = ["post"]
    form_class = ReasonForm

    def dispatch(self, request, pk):
        self.proposal = get_object_or_404(Proposal, pk=pk)
        permissions.require(request.user, "manage_proposals", self.proposal)
        return super().dispatch(request, pk)

    def back(self):
        return redirect(reverse("research_proposal:inspect", args=[self.proposal.pk]))

    def form_valid(self, form):
        try:
            self.run(form.cleaned_data)
        except REFUSALS as error:
            messages.error(self.request, str(error))
        else:
            messages.success(
                self.request,
                _("Done: the proposal is now “%(status)s”.")
                % {
                    "status": ProposalStatus(Proposal.objects.get(pk=self.proposal.pk).status).label
                },
            )
        return self.back()

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self.back()


class EligibilityView(ProposalActionView):
    def post(self, request, *args, **kwargs):
        try:
            RunEligibilityCheck(self.proposal, user=request.user).execute()
        except REFUSALS as error:
            messages.error(request, str(error))
        return self.back()


class OverrideView(ProposalActionView):
    def run(self, data):
        OverrideEligibility(self.proposal, user=self.request.user, reason=data["reason"]).execute()


class ReturnView(ProposalActionView):
    form_class = ReturnForm

    def run(self, data):
        ReturnProposal(
            self.proposal, data["outcome"], user=self.request.user, reason=data["reason"]
        ).execute()


class AssignView(ProposalActionView):
    form_class = AssignCouncilForm

    def run(self, data):
        AssignCouncil(self.proposal, data["council"], user=self.request.user).execute()


class ProposalEditView(EditView):
    """Proposals change only as drafts or when a revision is asked for: submitted versions are frozen."""

    def dispatch(self, request, *args, **kwargs):
        proposal = get_object_or_404(Proposal, pk=kwargs["pk"])
        if not proposal.is_editable:
            messages.error(
                request, _("A submitted proposal is not edited; return it for revision instead.")
            )
            return redirect(reverse("research_proposal:inspect", args=[proposal.pk]))
        return super().dispatch(request, *args, **kwargs)
