from django import forms
from django.utils.translation import gettext_lazy as _

from research.closing.models import ClosingRecord
from research.core.choices import RubricKind
from research.core.validators import limit_text
from research.councils.models.councils import Council
from research.topics.models.running import SelfEvaluation


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
