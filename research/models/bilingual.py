"""Records written in Vietnamese with English counterparts of the texts the public site shows."""

from django.conf import settings
from django.utils.translation import get_language


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
