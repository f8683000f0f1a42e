"""The workspace of lecturers and council members: HTTP only; rules live in actions and permissions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from research.calls.models import Call
from research.core import blind, permissions
from research.core.actions import REFUSALS
from research.core.forms import ReasonForm
from research.proposals.actions import WithdrawProposal
from research.proposals.compare import compare
from research.proposals.filters import ProposalFilterSet
from research.proposals.models import Proposal


class ProposalListView(LoginRequiredMixin, FilterView):
    filterset_class = ProposalFilterSet
    template_name = "research/workspace/proposal_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        # “Write a proposal” for each open call, where the user may propose
        may_propose = permissions.check(self.request.user, "create_proposal")
        return super().get_context_data(
            open_calls=Call.objects.open() if may_propose else Call.objects.none(), **kwargs
        )


class ProposalMixin(LoginRequiredMixin):
    """Loads the proposal named in the URL and checks `rule` against it."""

    rule = "view_proposal"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.proposal = get_object_or_404(
            Proposal.objects.select_related("call__rubric", "principal__unit", "council", "topic"),
            pk=kwargs["pk"],
        )
        permissions.require(request.user, self.rule, self.proposal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=blind.as_seen_by(self.request.user, self.proposal),
            show_team=permissions.may_see_team(self.request.user, self.proposal),
            **kwargs,
        )

    def refused(self, error):
        messages.error(self.request, str(error))
        return redirect(self.proposal.get_absolute_url())


class ProposalDetailView(ProposalMixin, DetailView):
    template_name = "research/workspace/proposal_detail.html"

    def get_object(self):
        return self.proposal

    def get_context_data(self, **kwargs):
        user = self.request.user
        redact = blind.redactor_for(user, self.proposal)
        decisions = list(self.proposal.decisions.order_by("round"))
        for decision in decisions:
            decision.note = redact(decision.note)
        may_see_team = permissions.may_see_team(user, self.proposal)
        return super().get_context_data(
            versions=self.proposal.versions.order_by("number"),
            decisions=decisions,
            returns=list(self.proposal.office_returns()) if may_see_team else [],
            may_edit=permissions.check(user, "edit_proposal", self.proposal),
            may_withdraw=permissions.check(user, "withdraw_proposal", self.proposal)
            and self.proposal.allowed_transitions,
            may_run_meeting=permissions.check(user, "run_meeting", self.proposal),
            may_see_aggregate=permissions.check(user, "see_aggregate", self.proposal),
            my_review=permissions.review_of(user, self.proposal),
            withdraw_form=ReasonForm(),
            **kwargs,
        )


class WithdrawProposalView(ProposalMixin, FormView):
    rule = "withdraw_proposal"
    form_class = ReasonForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            WithdrawProposal(
                self.proposal, user=self.request.user, reason=form.cleaned_data["reason"]
            ).execute()
        except REFUSALS as error:
            return self.refused(error)
        messages.success(self.request, _("The proposal is withdrawn."))
        return redirect(self.proposal.get_absolute_url())

    def form_invalid(self, form):
        return self.refused(_("Give the reason for this change."))


class CompareVersionsView(ProposalMixin, TemplateView):
    """Two submitted versions side by side."""

    template_name = "research/workspace/proposal_compare.html"

    def get_context_data(self, **kwargs):
        versions = {v.number: v for v in self.proposal.versions.all()}
        try:
            left, right = versions[int(self.request.GET["a"])], versions[int(self.request.GET["b"])]
        except (KeyError, ValueError) as error:
            raise Http404 from error
        user = self.request.user
        old = blind.as_seen_by(user, self.proposal, left.as_proposal())
        new = blind.as_seen_by(user, self.proposal, right.as_proposal())
        lists = ["expected_outputs", "budget_items", "attachments"]
        if permissions.may_see_team(user, self.proposal):
            lists.insert(0, "members")
        rows, diffs = compare(old, new, lists)
        return super().get_context_data(left=left, right=right, rows=rows, lists=diffs, **kwargs)
