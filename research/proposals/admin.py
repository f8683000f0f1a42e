"""The research office's proposal work in the Wagtail admin: eligibility, return, council assignment."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from research.core import permissions
from research.core.actions import REFUSALS
from research.core.admin import ExportingIndexView, ResearchViewSet, status_change
from research.core.choices import ProposalStatus
from research.core.forms import ReasonForm
from research.core.teams import TeamAdminForm
from research.councils.models.reviews import Review
from research.councils.scoring import aggregate
from research.proposals.actions import (
    AssignCouncil,
    OverrideEligibility,
    RecordOverlapJudgement,
    ReturnProposal,
    RunEligibilityCheck,
)
from research.proposals.forms import AssignCouncilForm, OverlapJudgementForm, ReturnForm
from research.proposals.models import Proposal
from research.proposals.overlap import judgements, similar_for_review, warnings


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
        similar = similar_for_review(self.request.user, proposal)
        return super().get_context_data(
            similar=similar,
            similar_warnings=warnings(proposal, similar),
            judgements=judgements(self.request.user, proposal),
            judging=proposal.status in RecordOverlapJudgement.STATUSES,
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


class OverlapView(ProposalActionView):
    form_class = OverlapJudgementForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            RecordOverlapJudgement(
                self.proposal,
                data["ref"],
                user=self.request.user,
                overlap=data["overlap"],
                reason=data["reason"],
            ).execute()
        except REFUSALS as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("The judgement is recorded for the council's papers."))
        return redirect(
            reverse("research_proposal:inspect", args=[self.proposal.pk]) + "#similar-heading"
        )


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


class ProposalViewSet(ResearchViewSet):
    model = Proposal
    icon = "form"
    menu_label = gettext_lazy("Proposals")
    url_prefix = "research/proposals"
    index_view_class = ExportingIndexView
    inspect_view_class = ProposalInspectView
    edit_view_class = ProposalEditView
    inspect_view_enabled = True
    list_filter = ["status", "call", "level", "origin"]
    list_display = [
        Column("code", label=gettext_lazy("Code")),
        TitleColumn(
            "title",
            label=gettext_lazy("Title"),
            get_url=lambda p: reverse("research_proposal:inspect", args=[p.pk]),
        ),
        Column("principal", label=gettext_lazy("Principal investigator")),
        Column("call", label=gettext_lazy("Call")),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda p: p.status == "in_review",
        ),
        Column("version", label=gettext_lazy("Version")),
    ]
    list_export = [
        "code",
        "title",
        "principal",
        "unit",
        "call",
        "get_level_display",
        "get_origin_display",
        "ordering_body",
        "duration_months",
        "get_status_display",
        "version",
        "submitted_at",
    ]
    export_headings = {
        "principal": gettext_lazy("Principal investigator"),
        "get_level_display": gettext_lazy("Level"),
        "get_origin_display": gettext_lazy("Origin"),
        "get_status_display": gettext_lazy("Status"),
        "version": gettext_lazy("Version"),
    }
    export_filename = "thuyet-minh"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("call"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("origin"), FieldPanel("ordering_body")]),
            FieldRowPanel([FieldPanel("principal"), FieldPanel("unit")]),
            FieldPanel("title"),
            FieldPanel("keyword_list"),
            FieldRowPanel([FieldPanel("field"), FieldPanel("duration_months")]),
            FieldPanel("urgency"),
            FieldPanel("objectives"),
            FieldPanel("content_methods"),
            FieldPanel("schedule"),
            InlinePanel("members", heading=gettext_lazy("Team")),
            InlinePanel("expected_outputs", heading=gettext_lazy("Expected outputs")),
            InlinePanel("budget_items", heading=gettext_lazy("Requested budget")),
            InlinePanel("attachments", heading=gettext_lazy("Attachments")),
        ],
        base_form_class=TeamAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/eligibility/", EligibilityView.as_view(), name="eligibility"),
            path("<int:pk>/override/", OverrideView.as_view(), name="override"),
            path("<int:pk>/return/", ReturnView.as_view(), name="return"),
            path("<int:pk>/assign/", AssignView.as_view(), name="assign"),
            path("<int:pk>/overlap/", OverlapView.as_view(), name="overlap"),
        ]


def register_log_actions(actions):
    """How a proposal's moves read in its history."""

    @actions.register_action("research.proposal.status")
    class ProposalStatusChanged(LogFormatter):
        label = gettext_lazy("Change proposal status")
        format_message = status_change(ProposalStatus)

    @actions.register_action("research.proposal.overlap")
    class OverlapJudged(LogFormatter):
        label = gettext_lazy("Judge a similar work")

        def format_message(self, log_entry):
            data = log_entry.data
            verdict = (
                gettext_lazy("a real overlap") if data["overlap"] else gettext_lazy("no overlap")
            )
            return gettext_lazy("“%(title)s” (similarity %(score)s): %(verdict)s. %(reason)s") % {
                "title": data["title"],
                "score": data["score"],
                "verdict": verdict,
                "reason": data["reason"],
            }

    @actions.register_action("research.proposal.eligibility")
    class EligibilityChecked(LogFormatter):
        label = gettext_lazy("Check eligibility")

        def format_message(self, log_entry):
            failed = [c["code"] for c in log_entry.data["checks"] if not c["passed"]]
            return gettext_lazy("Eligibility checked; failed: %(failed)s") % {
                "failed": ", ".join(failed) or "—"
            }
