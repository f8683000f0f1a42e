"""Keywords are a list: a Vietnamese keyword may itself hold a comma ("phòng, chống tham nhũng"),
so no separator inside one text field can be trusted."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What people type between keywords in one box or one spreadsheet cell: a new line or “;”.
SEPARATORS = ("\n", ";")


def split_keywords(text):
    """The keywords of a text written one per line or separated by “;”, in order, once each."""
    for separator in SEPARATORS[1:]:
        text = text.replace(separator, SEPARATORS[0])
    found = {}
    for word in text.split(SEPARATORS[0]):
        word = " ".join(word.split())
        if word:
            found.setdefault(word, None)
    return list(found)


class KeywordsFormField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.setdefault("help_text", _("One keyword per line (or separated by “;”)."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(word) for word in value]
        return split_keywords(super().to_python(value) or "")

    def validate(self, value):
        super().validate(value)
        if len(value) > settings.MAX_KEYWORDS:
            raise forms.ValidationError(
                _("At most %(limit)s keywords; %(count)s are listed.")
                % {"limit": settings.MAX_KEYWORDS, "count": len(value)}
            )


class KeywordsField(models.JSONField):
    """A list of keywords, edited one per line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": KeywordsFormField, **kwargs})


class KeywordsMixin(models.Model):
    """`keyword_list` holds the keywords; `keywords` is the same as one text, for search text."""

    keyword_list = KeywordsField(_("keywords"))

    class Meta:
        abstract = True

    @property
    def keywords(self):
        return "; ".join(self.keyword_list or [])
