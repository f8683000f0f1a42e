from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from research.core.choices import ClosingKind, TopicStatus
from research.core.formatting import format_vnd
from research.core.teams import TeamAdminForm, _kept_instances
from research.core.validators import limit_text
from research.outputs.models.outputs import Output
from research.topics.models.funding import check_tranches
from research.topics.models.running import ChangeRequest, ProgressReport


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
