"""The workspace of lecturers and council members: HTTP only; rules live in actions and permissions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from research import blind, permissions
from research.actions import (
    ActionRefused,
    DeclareConflict,
    RecordAttendance,
    RecordCouncilDecision,
    ResolveConflict,
    SaveScoreSheet,
    WithdrawProposal,
)
from research.compare import compare
from research.filters import ProposalFilterSet, ReviewFilterSet
from research.forms import (
    DecisionForm,
    MeetingForm,
    ReasonForm,
    ScoreSheetForm,
)
from research.inbox.todo import todo_for
from research.models import (
    Call,
    CouncilRole,
    InvalidTransition,
    Proposal,
    Review,
    Topic,
)
from research.scoring import aggregate
from research.views.redirects import redirect_next

REFUSALS = (ActionRefused, InvalidTransition)


def seen_subject(user, subject):
    """A proposal or topic as `user` may read it (blind review)."""
    return blind.as_seen_by(user, subject)


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "research/workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        person = permissions.person_of(self.request.user)
        return super().get_context_data(
            person=person,
            may_propose=permissions.check(self.request.user, "create_proposal"),
            calls=Call.objects.open(),
            proposals=Proposal.objects.of_principal(person).for_listing()[:10] if person else [],
            topics=Topic.objects.led_by(person).for_listing() if person else [],
            reviews=Review.objects.of_person(person).to_do().for_listing() if person else [],
            meetings=Review.objects.of_person(person)
            .open_round()
            .filter(member__role=CouncilRole.SECRETARY)
            .for_listing()
            if person
            else [],
            todo=todo_for(self.request.user),
            **kwargs,
        )


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


class ReviewListView(LoginRequiredMixin, FilterView):
    filterset_class = ReviewFilterSet
    template_name = "research/workspace/review_list.html"
    paginate_by = 20


class ReviewMixin(LoginRequiredMixin):
    rule = "review"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.review = get_object_or_404(
            Review.objects.select_related(
                "proposal__call__rubric",
                "proposal__council",
                "topic__council__rubric",
                "member__person",
            ),
            pk=kwargs["pk"],
        )
        permissions.require(request.user, self.rule, self.review)
        return super().dispatch(request, *args, **kwargs)

    def back(self):
        return redirect("research:review-detail", pk=self.review.pk)


class ScoreSheetView(ReviewMixin, FormView):
    """The member's score sheet, with the proposal beside it (names hidden in blind review)."""

    template_name = "research/workspace/score_sheet.html"
    form_class = ScoreSheetForm

    def get_form_kwargs(self):
        self.criteria = list(self.review.rubric.criteria.all())
        return {
            **super().get_form_kwargs(),
            "criteria": self.criteria,
            "review": self.review,
            "submitting": "submit" in self.request.POST,
        }

    def get_context_data(self, **kwargs):
        subject = self.review.subject
        shown = seen_subject(self.request.user, subject)
        return super().get_context_data(
            review=self.review,
            subject=shown,
            proposal=shown if self.review.proposal_id else None,
            show_team=permissions.may_see_team(self.request.user, subject),
            rubric=subject.review_rubric,
            conflict_form=ReasonForm(),
            **kwargs,
        )

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            SaveScoreSheet(
                self.review,
                form.entries(),
                user=self.request.user,
                recommend=form.cleaned_data["recommend"],
                comments=form.cleaned_data["comments"],
                submit=submit,
                no_conflict=form.cleaned_data["no_conflict"],
            ).execute()
        except REFUSALS as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Score sheet submitted.") if submit else _("Score sheet saved.")
        )
        return self.back()


class DeclareConflictView(ReviewMixin, FormView):
    form_class = ReasonForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            DeclareConflict(
                self.review, user=self.request.user, note=form.cleaned_data["reason"]
            ).execute()
            messages.success(
                self.request, _("Your conflict of interest is recorded; you will not score.")
            )
        except REFUSALS as error:
            messages.error(self.request, str(error))
        return self.back()

    def form_invalid(self, form):
        messages.error(self.request, _("Give the reason for this change."))
        return self.back()


class ResolveConflictView(ReviewMixin, FormView):
    rule = "resolve_conflict"
    form_class = ReasonForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            ResolveConflict(
                self.review, user=self.request.user, resolution=form.cleaned_data["reason"]
            ).execute()
            messages.success(self.request, _("The flagged conflict is resolved."))
        except REFUSALS as error:
            messages.error(self.request, str(error))
        return redirect_next(self.request, "research:review-list")

    def form_invalid(self, form):
        messages.error(self.request, _("Give the reason for this change."))
        return redirect_next(self.request, "research:review-list")


class MeetingMixin:
    """The secretary's page for a council round on a proposal or an acceptance: the live aggregate,
    attendance, votes, conflicts and the decision form."""

    rule = "run_meeting"
    template_name = "research/workspace/meeting.html"
    form_class = MeetingForm
    decision_url_name = None

    @property
    def subject(self):
        raise NotImplementedError

    @cached_property
    def reviews(self):
        return list(Review.objects.for_round(self.subject))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reviews": self.reviews}

    def get_context_data(self, **kwargs):
        rubric = self.subject.review_rubric
        return super().get_context_data(
            subject=seen_subject(self.request.user, self.subject),
            result=aggregate(rubric, self.reviews) if rubric else None,
            reviews=self.reviews,
            decision_form=self.decision_form_class(),
            decision_url=reverse(self.decision_url_name, args=[self.subject.pk]),
            resolve_form=ReasonForm(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            RecordAttendance(
                self.subject, user=self.request.user, present=form.present(), votes=form.votes()
            ).execute()
            messages.success(self.request, _("Attendance and votes are recorded."))
        except REFUSALS as error:
            messages.error(self.request, str(error))
        return redirect(self.request.path)


class MeetingView(MeetingMixin, ProposalMixin, FormView):
    decision_url_name = "research:proposal-decision"
    decision_form_class = DecisionForm

    @property
    def subject(self):
        return self.proposal


class RecordDecisionView(ProposalMixin, FormView):
    rule = "run_meeting"
    form_class = DecisionForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            RecordCouncilDecision(
                self.proposal,
                form.cleaned_data["outcome"],
                user=self.request.user,
                note=form.cleaned_data["note"],
            ).execute()
        except REFUSALS as error:
            messages.error(self.request, str(error))
            return redirect("research:proposal-meeting", pk=self.proposal.pk)
        messages.success(self.request, _("The council's decision is recorded."))
        return redirect("research:proposal-minutes", pk=self.proposal.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Choose approval, revision or rejection."))
        return redirect("research:proposal-meeting", pk=self.proposal.pk)


class MinutesMixin:
    """The printable minutes (biên bản) of the latest decided round, from the frozen aggregate."""

    rule = "see_aggregate"
    template_name = "research/workspace/minutes.html"

    def get_context_data(self, **kwargs):
        decision = self.decisions().order_by("-round").select_related("recorded_by__person").first()
        if decision is None:
            raise Http404
        decision.note = blind.redactor_for(self.request.user, self.subject)(decision.note)
        return super().get_context_data(
            subject=seen_subject(self.request.user, self.subject),
            decision=decision,
            summary=decision.summary,
            **kwargs,
        )


class MinutesView(MinutesMixin, ProposalMixin, TemplateView):
    @property
    def subject(self):
        return self.proposal

    def decisions(self):
        return self.proposal.decisions
