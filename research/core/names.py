"""Matching people by name the way the school's spreadsheets write them — the import's rows and
an output's author lines alike (`PeopleMatcher`).

The same name arrives composed (NFC) or decomposed (NFD), with the tone mark on either vowel
(the old “hoà, thuỷ” or the new “hòa, thủy” placement), in any case, and behind degree prefixes
(“TS.”, “ThS.”, “PGS.TS.”, “CN.”). `name_key` maps all of them to one key.
"""

import re
import unicodedata
from dataclasses import dataclass

from research.core.choices import AcademicTitle, Degree, PersonKind
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


HINT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
NEW_PERSON = "new"


def text_key(value):
    return " ".join(str(value or "").casefold().split())


class Ambiguous(Exception):
    """A written name matches several people; the office chooses."""

    def __init__(self, written, candidates):
        super().__init__(written)
        self.written, self.candidates = written, candidates


@dataclass
class Ambiguity:
    key: str
    written: str
    candidates: list


class PeopleMatcher:
    """Every person, read once, to match written names against; `choices` are the office's
    answers to earlier ambiguities (name key → a person's pk, or NEW_PERSON)."""

    def __init__(self, choices=None):
        self.people = PeopleIndex()
        self.person_by_email = {
            person.email.lower(): person
            for people in self.people.by_key.values()
            for person in people
            if person.email
        }
        self.choices = choices or {}
        self.ambiguities = {}
        self.new_people = []

    def match_person(self, written, create=True):
        """The person a written name means. One match: that person. Several: the office's
        choice, or `Ambiguous`. None: a new outside researcher (when `create`), else None.

        “Name (organisation or unit)” narrows several matches, and is the affiliation of a new
        outside researcher.
        """
        hint = ""
        if match := HINT.match(written):
            written, hint = match.group(1), match.group(2).strip()
        full_name, prefixes = parse_name(written)
        candidates = self.people.find(full_name)
        if hint and len(candidates) > 1:
            wanted = text_key(hint)
            narrowed = [
                person
                for person in candidates
                if wanted
                in (
                    text_key(person.affiliation),
                    text_key(person.unit.name if person.unit_id else ""),
                    text_key(person.unit.short_name if person.unit_id else ""),
                )
            ]
            candidates = narrowed or candidates
        if len(candidates) == 1:
            return candidates[0]
        key = name_key(full_name)
        if len(candidates) > 1:
            choice = str(self.choices.get(key, ""))
            chosen = next((p for p in candidates if p.pk and str(p.pk) == choice), None)
            if chosen:
                return chosen
            if choice != NEW_PERSON:
                self.ambiguities.setdefault(key, Ambiguity(key, full_name, candidates))
                raise Ambiguous(full_name, candidates)
        if not create:
            return None
        person = Person(
            full_name=full_name,
            given_name=full_name.split()[-1] if full_name else "",
            kind=PersonKind.OUTSIDE,
            affiliation=hint,
            **prefixes,
        )
        self.people.add(person)
        self.new_people.append(person)
        return person
