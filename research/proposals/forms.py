import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import ClusterForm

from research.core.choices import ProposalStatus, RubricKind
from research.core.formatting import format_vnd
from research.core.forms import ReasonForm
from research.core.teams import principal_problems, team_rows
from research.councils.models.councils import Council
from research.proposals.models import Proposal


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


class OverlapJudgementForm(ReasonForm):
    """The office's judgement of one similar piece of work (the work is named by a hidden field:
    the action checks it is among the similar work found)."""

    ref = forms.CharField(max_length=40, widget=forms.HiddenInput)
    overlap = forms.TypedChoiceField(
        label=_("Judgement"),
        choices=[("yes", _("A real overlap")), ("no", _("No real overlap"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    field_order = ["ref", "overlap", "reason"]
