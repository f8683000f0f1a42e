"""A council's work in the workspace: score sheets and conflicts of its members, and the meeting of
a round (date, time, venue, score sheets due; attendance, votes, decision, minutes) on a proposal
or on a topic's acceptance."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_filters.views import FilterView

from research.core import blind, permissions
from research.core.actions import REFUSALS
from research.core.blind import as_seen_by
from research.core.forms import ReasonForm
from research.core.redirects import redirect_next
from research.councils.actions.councils import (
    DeclareConflict,
    RecordAttendance,
    ResolveConflict,
    SaveScoreSheet,
)
from research.councils.actions.meetings import ScheduleMeeting
from research.councils.filters import ReviewFilterSet
from research.councils.forms import CouncilMeetingForm, MeetingForm, ScoreSheetForm
from research.councils.models.reviews import Review
from research.councils.scoring import aggregate

# What a score sheet shows beside the dossier, offered by the capabilities above the councils
# (proposals: the similar work and the office's judgements of it): each `panel(user, subject)`
# gives a context with its "template", or None. Filled by research's wiring (research/apps.py).
SHEET_PANELS = []


def sheet_panels(user, subject):
    return [found for panel in SHEET_PANELS if (found := panel(user, subject))]


class ScheduleMeetingMixin:
    rule = "run_meeting"
    form_class = CouncilMeetingForm
    http_method_names = ["post"]
    meeting_url_name = None

    def back(self):
        return redirect(self.meeting_url_name, pk=self.subject.pk)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            ScheduleMeeting(
                self.subject,
                user=self.request.user,
                held_on=data["held_on"],
                starts_at=data["starts_at"],
                venue=data["venue"],
                reviews_due_on=data["reviews_due_on"],
            ).execute()
        except REFUSALS as error:
            messages.error(self.request, str(error))
            return self.back()
        messages.success(self.request, _("The meeting is set; the members are invited."))
        return self.back()

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self.back()


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
        shown = as_seen_by(self.request.user, subject)
        return super().get_context_data(
            review=self.review,
            subject=shown,
            proposal=shown if self.review.proposal_id else None,
            show_team=permissions.may_see_team(self.request.user, subject),
            rubric=subject.review_rubric,
            panels=sheet_panels(self.request.user, subject),
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
            subject=as_seen_by(self.request.user, self.subject),
            result=aggregate(rubric, self.reviews) if rubric else None,
            reviews=self.reviews,
            decision_form=self.decision_form_class(),
            decision_url=reverse(self.decision_url_name, args=[self.subject.pk]),
            panels=sheet_panels(self.request.user, self.subject),
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
            subject=as_seen_by(self.request.user, self.subject),
            decision=decision,
            summary=decision.summary,
            **kwargs,
        )
