from django import forms
from django.utils.translation import gettext_lazy as _

from research.core.validators import limit_text


class ReasonForm(forms.Form):
    reason = forms.CharField(
        validators=[limit_text], label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )
