"""What a reviewer of a blind round may see of a proposal (blind call) or a topic (blind
acceptance council) — one filter for every page, e-mail and file name a reviewer reaches.

The team is left out, the eligibility details (which can name the proposer's earlier topics) are
dropped, and the names and e-mail addresses of the team are struck out of every free text, however
they were typed (with or without diacritics, in either Unicode form, any case).
"""

import copy as copy_module
import re

from django.utils.translation import gettext as _

from research.core import permissions
from research.core.people import Person, Unit
from research.core.text import fold, folded_with_positions

TEXT_FIELDS = ["title", "keyword_list", "urgency", "objectives", "content_methods", "schedule"]
TOPIC_TEXT_FIELDS = ["title", "title_en", "summary", "summary_en", "keyword_list"]


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def name_forms(full_name):
    """The forms a colleague's name takes in a text: the full name, and the middle and given
    names together (“cô Mai Lan” for Võ Thị Mai Lan) when the name has three words or more."""
    words = full_name.split()
    return [full_name, " ".join(words[-2:])] if len(words) >= 3 else [full_name]


class Redactor:
    """Strikes the given people's names and e-mail addresses, and any other `names` (their units,
    their topics' codes, which name them through the public pages), out of texts; and every
    e-mail address, whoever's it is."""

    def __init__(self, people, names=()):
        needles = {fold(name).strip() for name in names}
        for person in people:
            needles.update(fold(value).strip() for value in name_forms(person.full_name))
            needles.add(fold(person.email).strip())
        needles.discard("")
        self.pattern = (
            re.compile(
                r"(?<!\w)("
                + "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
                + r")(?!\w)"
            )
            if needles
            else None
        )

    def __call__(self, text):
        if not text:
            return text
        text = EMAIL.sub(str(_("[hidden]")), text)
        if self.pattern is None:
            return text
        composed, folded, positions = folded_with_positions(text)
        pieces, last = [], 0
        for match in self.pattern.finditer(folded):
            start, end = positions[match.start()], positions[match.end() - 1] + 1
            pieces += [composed[last:start], _("[hidden]")]
            last = end
        pieces.append(composed[last:])
        return "".join(pieces)


def no_redaction(text):
    return text


def hides_team_from(user, subject):
    return not permissions.may_see_team(user, subject)


def redactor_for(user, subject):
    """The text filter for what `user` reads of `subject` (a proposal or a topic): the identity
    unless blind review hides the team from them."""
    if not hides_team_from(user, subject):
        return no_redaction
    return Redactor(subject.team_people())


def team_redactor(people, keep=None):
    """Strikes `people`, their units and the codes of their topics (which name them through the
    public pages; all but `keep`, the code of the topic under review) out of texts. The codes are
    asked of the people: the core knows no capability."""
    units = Unit.objects.filter(pk__in=[person.unit_id for person in people if person.unit_id])
    return Redactor(
        people,
        names=[
            *Person.objects.filter(
                pk__in=[person.pk for person in people], topic_roles__isnull=False
            )
            .exclude(topic_roles__topic__code=keep or "")
            .values_list("topic_roles__topic__code", flat=True),
            *[name for unit in units for name in (unit.name, unit.short_name) if name],
        ],
    )


def redacted(proposal, source=None):
    """An unsaved copy of `proposal` (or of `source`, one of its submitted versions) as a blind
    reviewer sees it. Never saved."""
    source = source or proposal
    copy = type(proposal).from_serializable_data(
        source.serializable_data(), check_fks=False, strict_fks=False
    )
    redact = team_redactor({*proposal.team_people(), *source.team_people()})
    for name in TEXT_FIELDS:
        value = getattr(copy, name)
        redacted = [redact(word) for word in value] if isinstance(value, list) else redact(value)
        setattr(copy, name, redacted)
    copy.members = []
    for expected in copy.expected_outputs.all():
        expected.description = redact(expected.description)
    for item in copy.budget_items.all():
        item.item = redact(item.item)
    for attachment in copy.attachments.all():
        attachment.title = redact(attachment.title)
    copy.eligibility = [{**check, "detail": ""} for check in copy.eligibility]
    if copy.eligibility_override:
        copy.eligibility_override = _("(the reason is hidden in blind review)")
    return copy


def redacted_topic(topic):
    """An unsaved copy of `topic` as a blind acceptance reviewer sees it: no team, and their
    names struck out of its texts and of the team's self-evaluation. Never saved."""
    # the topic's own code stays: it is how the council names what it grades
    redact = team_redactor(topic.team_people(), keep=topic.code)
    copy = type(topic).from_serializable_data(
        topic.serializable_data(), check_fks=False, strict_fks=False
    )
    for name in TOPIC_TEXT_FIELDS:
        value = getattr(copy, name)
        setattr(
            copy, name, [redact(w) for w in value] if isinstance(value, list) else redact(value)
        )
    copy.members = []
    copy.council = topic.council
    for expected in copy.expected_outputs.all():
        expected.description = redact(expected.description)
    evaluation = getattr(topic, "self_evaluation", None)
    if evaluation is not None:
        shown = copy_module.copy(evaluation)
        shown.text = redact(evaluation.text)
        type(topic).self_evaluation.related.set_cached_value(copy, shown)
    return copy


def _redacted(subject, source=None):
    """The subject's blind copy: each reviewable model names its own (`blind_copy`), so the core
    knows no capability."""
    return subject.blind_copy(source)


def as_seen_by(user, subject, source=None):
    """The proposal (or one of its versions) or the topic as `user` may read it."""
    if hides_team_from(user, subject):
        return _redacted(subject, source)
    return source or subject


def for_reviewers(subject):
    """The proposal or topic as every council member may read it: what e-mails to the council
    carry."""
    return _redacted(subject) if subject.is_blind else subject


def title_as_seen_by(user, subject):
    """A proposal's or topic's title for a list row."""
    if hides_team_from(user, subject):
        return Redactor(subject.team_people())(subject.title)
    return subject.title
