from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from research.core.choices import ProposalStatus, RubricKind
from research.core.validators import limit_text
from research.councils.models.councils import check_council_composition
from research.councils.models.meetings import CouncilMeeting

VOTE_VALUES = {True: "yes", False: "no", None: ""}


VOTE_LABELS = {
    RubricKind.SELECTION: _("Recommend funding"),
    RubricKind.ACCEPTANCE: _("Recommend acceptance"),
}


def vote_field(kind=RubricKind.SELECTION, **kwargs):
    """A member's vote: recommend funding (or, at acceptance, the results), or not, or not yet
    cast."""
    return forms.TypedChoiceField(
        label=_("Vote"),
        required=False,
        choices=[("", "—"), ("yes", VOTE_LABELS[kind]), ("no", _("Do not recommend"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        **kwargs,
    )


class ScoreSheetForm(forms.Form):
    """One points field and one “not applicable” box per criterion, a vote and comments."""

    recommend = vote_field()
    comments = forms.CharField(
        validators=[limit_text],
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    no_conflict = forms.BooleanField(
        label=_(
            "I declare that I have no conflict of interest with this proposal or topic "
            "(not on its team, no family tie, no recent joint work with its principal "
            "investigator)."
        ),
        required=False,
    )

    def clean(self):
        cleaned_data = super().clean()
        if self.submitting and not cleaned_data.get("no_conflict"):
            self.add_error(
                "no_conflict",
                _(
                    "Declare that you have no conflict of interest before submitting, or declare "
                    "the conflict and step aside."
                ),
            )
        return cleaned_data

    def __init__(self, *args, criteria, review, submitting=False, **kwargs):
        self.submitting = submitting
        scores = {score.criterion_id: score for score in review.scores.all()}
        initial = {
            "recommend": VOTE_VALUES[review.recommend],
            "comments": review.comments,
            "no_conflict": review.no_conflict_declared_at is not None,
        }
        for criterion in criteria:
            score = scores.get(criterion.pk)
            initial[f"points_{criterion.pk}"] = score.points if score else None
            initial[f"na_{criterion.pk}"] = bool(score and score.not_applicable)
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["recommend"] = vote_field(review.rubric.kind)
        if review.topic_id:  # an acceptance sheet judges a topic's results, not a proposal
            self.fields["no_conflict"].label = _(
                "I declare that I have no conflict of interest with this topic (not on its "
                "team, no family tie, no recent joint work with its principal investigator)."
            )
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=criterion.title,
                required=False,
                min_value=0,
                max_value=criterion.max_points,
                help_text=criterion.guidance,
                widget=forms.NumberInput(
                    attrs={"data-max": criterion.max_points, "class": "score-points"}
                ),
            )
            if criterion.allow_not_applicable:
                self.fields[f"na_{criterion.pk}"] = forms.BooleanField(
                    label=_("Not applicable"),
                    required=False,
                    widget=forms.CheckboxInput(attrs={"class": "score-na"}),
                )

    def rows(self):
        for criterion in self.criteria:
            na = self[f"na_{criterion.pk}"] if f"na_{criterion.pk}" in self.fields else None
            yield criterion, self[f"points_{criterion.pk}"], na

    def entries(self):
        return {
            criterion.pk: (
                self.cleaned_data[f"points_{criterion.pk}"],
                bool(self.cleaned_data.get(f"na_{criterion.pk}")),
            )
            for criterion in self.criteria
        }


class MeetingForm(forms.Form):
    """The secretary's record: who is present and how each member voted."""

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviews = reviews
        for review in reviews:
            self.fields[f"present_{review.pk}"] = forms.BooleanField(
                label=_("Present"), required=False, initial=bool(review.present)
            )
            if not review.is_conflicted:
                self.fields[f"vote_{review.pk}"] = vote_field(
                    review.rubric.kind, initial=VOTE_VALUES[review.recommend]
                )

    def rows(self):
        """(review, present field, vote field or None for a member who may not vote)."""
        for review in self.reviews:
            yield review, self[f"present_{review.pk}"], self.vote_of(review)

    def vote_of(self, review):
        name = f"vote_{review.pk}"
        return self[name] if name in self.fields else None

    def present(self):
        return [r.pk for r in self.reviews if self.cleaned_data[f"present_{r.pk}"]]

    def votes(self):
        return {
            r.pk: self.cleaned_data[f"vote_{r.pk}"]
            for r in self.reviews
            if f"vote_{r.pk}" in self.fields
        }


class DecisionForm(forms.Form):
    # No outcome preselected: the secretary chooses it.
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", "—")]
        + [
            (status, ProposalStatus(status).label)
            for status in (
                ProposalStatus.APPROVED,
                ProposalStatus.REVISION_REQUESTED,
                ProposalStatus.REJECTED,
            )
        ],
    )
    note = forms.CharField(
        validators=[limit_text],
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CouncilAdminForm(WagtailAdminModelForm):
    """Checks the council's size and roles against its rubric's rules."""

    def clean(self):
        cleaned_data = super().clean()
        members = self.formsets.get("members")
        rubric = cleaned_data.get("rubric")
        if members is not None and rubric is not None and members.is_valid():
            pairs = [
                (form.cleaned_data["person"], form.cleaned_data["role"])
                for form in members.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            try:
                check_council_composition(pairs, rubric)
            except ValidationError as error:
                self.add_error(None, error)
        if self.instance.pk and rubric is not None:
            for problem in self.instance.problems_if_changed(rubric, cleaned_data.get("level", "")):
                self.add_error(None, problem)
        return cleaned_data


class CouncilMeetingForm(forms.ModelForm):
    """When and where the council sits for this round, and when the score sheets are due."""

    class Meta:
        model = CouncilMeeting
        fields = ["held_on", "starts_at", "venue", "reviews_due_on"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "reviews_due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("held_on", "reviews_due_on"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
