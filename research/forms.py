from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from research.models import TopicGrade, TopicStatus, check_tranche_totals
from research.models.topics import PASSING_GRADES


def _kept_instances(formset):
    """The rows the formset will save: filled in and not marked for deletion."""
    return [
        form.instance
        for form in formset.forms
        if (form.has_changed() or form.instance.pk) and not form.cleaned_data.get("DELETE")
    ]


class TopicAdminForm(WagtailAdminModelForm):
    """Checks the funding rows together: tranches must fit in the approved amounts."""

    def clean(self):
        cleaned_data = super().clean()
        lines, tranches = self.formsets.get("funding_lines"), self.formsets.get("tranches")
        if lines is not None and tranches is not None and lines.is_valid() and tranches.is_valid():
            try:
                check_tranche_totals(_kept_instances(lines), _kept_instances(tranches))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


class TopicStatusForm(forms.Form):
    """Choose the next status among those the lifecycle allows from the current one."""

    to_status = forms.ChoiceField(label=_("New status"))
    grade = forms.ChoiceField(
        label=_("Grade"),
        required=False,
        choices=[("", "—"), *[(g, TopicGrade(g).label) for g in PASSING_GRADES]],
        help_text=_("Only when the topic is accepted."),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, TopicStatus(status).label) for status in topic.allowed_transitions
        ]
