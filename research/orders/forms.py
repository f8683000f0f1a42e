from django import forms
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from research.core.bounds import plausible_date
from research.core.choices import ProvinceAnswer
from research.core.permissions import Roles
from research.core.validators import (
    limit_text,
    validate_attachment_extension,
    validate_attachment_size,
)
from research.orders.models import Liaison, SharedReport


def date_field(label, required=True, initial_today=False):
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if initial_today else None,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        validators=[plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def file_field(label, required=False):
    return forms.FileField(
        label=label,
        required=required,
        max_length=200,
        validators=[validate_attachment_extension, validate_attachment_size],
    )


def text_field(label, required=True, rows=3):
    return forms.CharField(
        label=label,
        required=required,
        validators=[limit_text],
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SendSubmissionForm(forms.Form):
    number = forms.CharField(label=_("Document number"), max_length=100)
    sent_on = date_field(_("Sent on"), initial_today=True)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer of the province"),
        choices=[
            (value, label)
            for value, label in ProvinceAnswer.choices
            if value != ProvinceAnswer.PENDING
        ],
    )
    answered_on = date_field(_("Answered on"), initial_today=True)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class HandOverForm(forms.Form):
    handed_over_on = date_field(_("Handed over on"), initial_today=True)
    number = forms.CharField(label=_("Hand-over record number"), max_length=100)
    file = file_field(_("Hand-over record (biên bản bàn giao)"))
    confirmation_due_on = date_field(_("Confirmation of application expected by"), required=False)


class ConfirmApplicationForm(forms.Form):
    applied_on = date_field(_("Applied on"), initial_today=True)
    note = text_field(_("How the result was applied"))
    number = forms.CharField(
        label=_("Confirmation document number"), max_length=100, required=False
    )
    file = file_field(_("Confirmation document"))


class SharedReportForm(forms.ModelForm):
    class Meta:
        model = SharedReport
        fields = ["title", "file"]


class OrderAdminForm(WagtailAdminModelForm):
    """A topic carries out one order at most."""

    def clean_topics(self):
        topics = self.cleaned_data.get("topics")
        if topics is None:
            return topics
        taken = [
            topic.code for topic in topics if topic.orders.exclude(pk=self.instance.pk).exists()
        ]
        if taken:
            raise forms.ValidationError(
                _("Already carrying out another order: %(codes)s.") % {"codes": ", ".join(taken)}
            )
        return topics


class LiaisonAdminForm(WagtailAdminModelForm):
    """The login becomes a liaison: it joins the role, which keeps it to its body's orders."""

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user.is_superuser or user.groups.exclude(name=Roles.LIAISON).exists():
            raise forms.ValidationError(
                _("Use a login of its own: this one already has another role in the school.")
            )
        return user

    def save(self, commit=True):
        liaison = super().save(commit=commit)
        if commit:
            liaison.user.groups.add(Group.objects.get(name=Roles.LIAISON))
        return liaison

    class Meta:
        model = Liaison
        fields = ["user", "ordering_body", "full_name", "position", "phone"]
