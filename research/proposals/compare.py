"""Two submitted versions of a proposal side by side: the texts that changed, and the rows of the
team, expected outputs, budget and attachments that were added or removed."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from research.core.formatting import format_vnd
from research.proposals.models import Proposal

TEXT_FIELDS = [
    "title",
    "keyword_list",
    "duration_months",
    "urgency",
    "objectives",
    "content_methods",
    "schedule",
]


@dataclass
class TextRow:
    label: str
    old: object
    new: object

    @property
    def changed(self):
        return self.old != self.new


@dataclass
class ListDiff:
    """One list in both versions: each row with “same”, “removed” (old side) or “added” (new)."""

    label: str
    old: list
    new: list

    @property
    def changed(self):
        return any(state != "same" for _text, state in (*self.old, *self.new))


# How a row of each list reads, one line each; rows are compared by that line.
DESCRIBE = {
    "members": lambda m: f"{m.person.display_name} — {m.get_role_display()}",
    "expected_outputs": lambda o: (
        f"{o.count} × {o.get_kind_display()}" + (f" — {o.description}" if o.description else "")
    ),
    "budget_items": lambda b: f"{b.item} — {b.source} — {format_vnd(b.amount)}",
    "attachments": lambda a: f"{a.title} ({a.extension.upper()})",
}
LIST_LABELS = {
    "members": _("Team"),
    "expected_outputs": _("Expected outputs"),
    "budget_items": _("Requested budget"),
    "attachments": _("Attachments"),
}


def diff_lines(old, new):
    """[(line, state)] for each side: lines only on the old side are removed, only on the new side
    added (a changed row reads as one removed and one added)."""
    left, right = Counter(old), Counter(new)
    return (
        [(line, "same" if right[line] else "removed") for line in old],
        [(line, "same" if left[line] else "added") for line in new],
    )


def text(proposal, name):
    """A field as one text; the keyword list one keyword after another."""
    value = getattr(proposal, name)
    return "; ".join(value) if isinstance(value, list) else value


def compare(old, new, lists):
    """Text rows and list diffs of two proposals (as `ProposalVersion.as_proposal()` gives them)."""
    rows = [
        TextRow(Proposal._meta.get_field(name).verbose_name, text(old, name), text(new, name))
        for name in TEXT_FIELDS
    ]
    diffs = []
    for name in lists:
        describe = DESCRIBE[name]
        before = [describe(item) for item in getattr(old, name).all()]
        after = [describe(item) for item in getattr(new, name).all()]
        diffs.append(ListDiff(LIST_LABELS[name], *diff_lines(before, after)))
    return rows, diffs
