"""Accounts outside the admin: the form behind "Quên mật khẩu?" (Django's views do the rest,
wired in portal/urls.py with the templates in templates/research/workspace/)."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _


class ResetPasswordForm(PasswordResetForm):
    """Django's reset form with the address labelled in the portal's words."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
