"""Records written in Vietnamese with English counterparts of the texts the public site shows."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from research.core.keywords import KeywordsField


class Bilingual:
    """A record whose text fields may have an English counterpart named `<field>_en`.

    `in_language("summary")` is the summary in the visitor's language when it is written, or
    the Vietnamese text with its language, so the page can say it is a fallback."""

    def in_language(self, field, language=None):
        """(text, language code) of `field` in `language` (the active one by default)."""
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language != settings.LANGUAGE_CODE:
            text = getattr(self, f"{field}_{language}", "")
            if text:
                return text, language
        return getattr(self, field), settings.LANGUAGE_CODE


class EnglishKeywords(models.Model):
    """The record's keywords in English, a list as the Vietnamese ones (research.core.keywords);
    `keywords_en` is the same as one text."""

    keyword_list_en = KeywordsField(_("English keywords"))

    class Meta:
        abstract = True

    @property
    def keywords_en(self):
        return "; ".join(self.keyword_list_en or [])
