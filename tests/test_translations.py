from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

CATALOGUES = [
    Path(settings.BASE_DIR) / directory / "vi" / "LC_MESSAGES" / f"{domain}.po"
    for directory, domain in (
        ("locale", "django"),
        ("locale-admin", "django"),
        ("locale-admin", "djangojs"),
    )
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: f"{path.parts[-4]}/{path.stem}")
def test_every_string_has_a_vietnamese_translation(path):
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    untranslated = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


def test_vietnamese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        assert translation.gettext("Overdue") == "Quá hạn"
    with translation.override("en"):
        assert translation.gettext("Overdue") == "Overdue"
