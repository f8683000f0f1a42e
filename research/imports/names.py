"""Matching people by name the way the school's spreadsheets write them.

The same name arrives composed (NFC) or decomposed (NFD), with the tone mark on either vowel
(the old “hoà, thuỷ” or the new “hòa, thủy” placement), in any case, and behind degree prefixes
(“TS.”, “ThS.”, “PGS.TS.”, “CN.”). `name_key` maps all of them to one key.
"""

import re
import unicodedata

from research.core.choices import AcademicTitle, Degree
from research.core.people import Person

# The five tone marks of Vietnamese as combining characters: grave, acute, tilde, hook, dot below.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Title and degree abbreviations written before a name, and what each one means.
PREFIXES = {
    "gs": ("academic_title", AcademicTitle.PROFESSOR),
    "pgs": ("academic_title", AcademicTitle.ASSOCIATE_PROFESSOR),
    "tskh": ("degree", Degree.DOCTOR),
    "ts": ("degree", Degree.DOCTOR),
    "ths": ("degree", Degree.MASTER),
    "cn": ("degree", Degree.BACHELOR),
    "ncs": (None, None),
}
ALTERNATIVES = "|".join(sorted(PREFIXES, key=len, reverse=True))
PREFIX = re.compile(rf"^\s*({ALTERNATIVES})\s*\.\s*", re.I)


def parse_name(text):
    """(full name without prefixes, {"academic_title": …, "degree": …}) of a written name."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    found = {}
    while match := PREFIX.match(text):
        field, value = PREFIXES[match.group(1).lower()]
        if field:
            found.setdefault(field, value)
        text = text[match.end() :]
    return text.strip(), found


def syllable_key(word):
    decomposed = unicodedata.normalize("NFD", word)
    tones = [char for char in decomposed if char in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base + "".join(tones[:1])


def name_key(text):
    """One key for every way of writing the same name."""
    name, _prefixes = parse_name(text)
    return " ".join(syllable_key(word) for word in name.lower().split())


class PeopleIndex:
    """Every person by name key, read once; people created during an import are added to it."""

    def __init__(self, people=None):
        self.by_key = {}
        for person in Person.objects.select_related("unit") if people is None else people:
            self.add(person)

    def add(self, person):
        self.by_key.setdefault(name_key(person.full_name), []).append(person)

    def find(self, written):
        return list(self.by_key.get(name_key(written), []))
