import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import ClusterForm
from wagtail.admin.forms import WagtailAdminModelForm

from research.core.formatting import format_vnd
from research.core.validators import limit_text
from research.models import (
    ChangeRequest,
    ClosingKind,
    ClosingRecord,
    Council,
    CouncilMeeting,
    Output,
    ProgressReport,
    Proposal,
    ProposalStatus,
    RubricKind,
    SelfEvaluation,
    TopicStatus,
    check_council_composition,
    check_tranches,
    principal_problems,
)
from research.standard.models import PARAMETERS


def _kept_instances(formset):
    """The rows the formset will save: filled in and not marked for deletion."""
    return [
        form.instance
        for form in formset.forms
        if (form.has_changed() or form.instance.pk) and not form.cleaned_data.get("DELETE")
    ]


def team_rows(formset):
    """(person, role) of the team rows a formset keeps."""
    return [
        (form.cleaned_data["person"], form.cleaned_data.get("role"))
        for form in formset.forms
        if form.cleaned_data.get("person") and not form.cleaned_data.get("DELETE")
    ]


class TeamAdminForm(WagtailAdminModelForm):
    """A team names one principal investigator (for a proposal: the dossier's own)."""

    def clean(self):
        cleaned_data = super().clean()
        members = self.formsets.get("members")
        if members is not None and members.is_valid():
            principal = cleaned_data.get("principal") if "principal" in self.fields else None
            for problem in principal_problems(team_rows(members), principal):
                self.add_error(None, problem)
        return cleaned_data


class TopicAdminForm(TeamAdminForm):
    """Checks the funding rows together: tranches must fit in the approved amounts."""

    def clean(self):
        cleaned_data = super().clean()
        lines, tranches = self.formsets.get("funding_lines"), self.formsets.get("tranches")
        if lines is not None and tranches is not None and lines.is_valid() and tranches.is_valid():
            try:
                check_tranches(
                    _kept_instances(lines),
                    _kept_instances(tranches),
                    self.instance.report_accepted_days(),
                )
            except ValidationError as error:
                self.add_error(None, error)
        if lines is not None and lines.is_valid() and self.instance.pk:
            self.check_settlement(_kept_instances(lines))
        return cleaned_data

    def check_settlement(self, lines):
        """Funding lines settled after the settlement record must still add up to it."""
        record = self.instance.closing_records.filter(kind=ClosingKind.SETTLEMENT).first()
        settled = [line.settled_amount for line in lines if line.settled_amount is not None]
        if record and record.amount is not None and settled and sum(settled) != record.amount:
            self.add_error(
                None,
                _(
                    "The funding lines record %(lines)s settled, the settlement %(amount)s: "
                    "correct one so that they agree."
                )
                % {"lines": format_vnd(sum(settled)), "amount": format_vnd(record.amount)},
            )


PARAMETER_LABELS = {
    "levels": _("levels"),
    "origins": _("origins"),
    "roles": _("school's roles"),
    "statuses": _("statuses that count"),
    "placement": _("in the window when"),
    "kinds": _("output kinds"),
}


PARAMETER_HELP = {
    "placement": _("None ticked: started in the window."),
}


def parameter_field_name(rule_kind, parameter):
    return f"{rule_kind}__{parameter}"


class IndicatorFormBase(WagtailAdminModelForm):
    """The rule's parameters as ticked lists, one group per rule kind and parameter, instead of
    JSON; the groups of the chosen rule become `parameters`, the others are ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PARAMETERS.get(self.instance.rule_kind, {}):
            field_name = parameter_field_name(self.instance.rule_kind, name)
            self.initial.setdefault(field_name, self.instance.values_of(name))

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("rule_kind")
        self.instance.parameters = {
            name: cleaned_data[parameter_field_name(kind, name)]
            for name in PARAMETERS.get(kind, {})
            if cleaned_data.get(parameter_field_name(kind, name))
        }
        return cleaned_data


IndicatorAdminForm = type(
    "IndicatorAdminForm",
    (IndicatorFormBase,),
    {
        parameter_field_name(kind, name): forms.MultipleChoiceField(
            label=format_lazy("{} — {}", kind.label, PARAMETER_LABELS[name]),
            choices=values.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=PARAMETER_HELP.get(name, _("None ticked: any.")),
        )
        for kind, parameters in PARAMETERS.items()
        for name, values in parameters.items()
    },
)


class TopicStatusForm(forms.Form):
    """Choose the next status among the moves that have no step of their own (starting,
    withdrawing); acceptance, failure, extension and termination go through their own steps."""

    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        validators=[limit_text],
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, TopicStatus(status).label) for status in topic.generic_transitions
        ]


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


class VNDInput(forms.TextInput):
    """Whole VND typed and shown the Vietnamese way, “20.000.000 đ”: dots, spaces, commas and the
    currency sign are read past, so that “20.000.000”, “20 000 000 đ” and “20000000” are equal."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "class": "money-input", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return ""
        try:
            return format_vnd(value)
        except (TypeError, ValueError):
            return str(value)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return re.sub(r"[\s.,]|đ|₫|vnd", "", value, flags=re.IGNORECASE) if value else value


class ProposalForm(ClusterForm):
    """The lecturer's dossier; what the form does not show (call, level, PI, unit) the view sets.
    Its lists grow and shrink: one empty row each, more with “add a row”."""

    class Meta:
        model = Proposal
        fields = [
            "title",
            "keyword_list",
            "field",
            "duration_months",
            "urgency",
            "objectives",
            "content_methods",
            "schedule",
        ]
        # Every row list is bounded (MAX_FORM_ROWS, docs/reliability.md): a posted form with more
        # rows is refused before any row is read.
        formsets = {
            name: {**options, "max_num": settings.MAX_FORM_ROWS, "validate_max": True}
            for name, options in {
                "members": {"fields": ["person", "role"], "extra": 1},
                "expected_outputs": {"fields": ["kind", "count", "description"], "extra": 1},
                "budget_items": {
                    "fields": ["item", "source", "amount"],
                    "extra": 1,
                    "widgets": {"amount": VNDInput},
                },
                "attachments": {"fields": ["title", "file"], "extra": 1},
            }.items()
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("urgency", "objectives", "content_methods", "schedule")
        }

    def __init__(self, *args, more=None, principal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.principal = principal or (self.instance.principal if self.instance.pk else None)
        for formset in self.formsets.values():
            # Django reads up to max_num + 1,000 posted rows before it refuses the surplus.
            formset.absolute_max = settings.MAX_FORM_ROWS
        # “Add a row” without JavaScript: the list asked for gets one more empty row
        if more in self.formsets and not self.is_bound:
            self.formsets[more].extra += 1

    def clean(self):
        cleaned_data = super().clean()
        members = self.formsets.get("members")
        if members is not None and members.is_valid():
            for problem in principal_problems(team_rows(members), self.principal):
                self.add_error(None, problem)
        return cleaned_data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        validators=[limit_text], label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
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


class AssignCouncilForm(forms.Form):
    council = forms.ModelChoiceField(
        label=_("Council"), queryset=Council.objects.filter(rubric__kind=RubricKind.SELECTION)
    )


class ReturnForm(ReasonForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ProposalStatus.REVISION_REQUESTED, ProposalStatus.REVISION_REQUESTED.label),
            (ProposalStatus.REJECTED, ProposalStatus.REJECTED.label),
        ],
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


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["text", "percent_done", "outputs", "file"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "outputs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outputs"].queryset = Output.objects.of_topic_work(topic)


class ChangeRequestForm(forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["kind", "reason", "months", "details"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "details": forms.Textarea(attrs={"rows": 3}),
        }


class DecideForm(forms.Form):
    """The office's answer to a progress report or a change request."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("refuse", _("Ask for changes / refuse"))],
    )
    comment = forms.CharField(
        validators=[limit_text],
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @property
    def accepted(self):
        return self.cleaned_data["decision"] == "accept"


class DeadlineChangeForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), required=False)
    waive = forms.BooleanField(label=_("Waive this deadline"), required=False)
    reason = forms.CharField(validators=[limit_text], label=_("Reason"))


class SelfEvaluationForm(forms.ModelForm):
    class Meta:
        model = SelfEvaluation
        fields = ["text", "file"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class AcceptanceDecisionForm(forms.Form):
    """The grade follows from the scores and the rubric's bands; the secretary adds a note."""

    note = forms.CharField(
        validators=[limit_text],
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptanceCouncilForm(forms.Form):
    council = forms.ModelChoiceField(
        label=_("Acceptance council"),
        queryset=Council.objects.filter(rubric__kind=RubricKind.ACCEPTANCE),
    )


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


class ClosingRecordForm(forms.ModelForm):
    """One closing record as the office enters it from the topic's page."""

    class Meta:
        model = ClosingRecord
        fields = ["kind", "number", "signed_on", "amount", "agency", "note", "file"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def validate_unique(self):
        """A second record of a kind corrects the first (the action decides), so no refusal here."""


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
