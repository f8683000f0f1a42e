"""A short English message can carry two senses that Vietnamese writes differently: “Open” is a
button (“Mở”) and a deadline's state (“Chưa đến hạn”); “State” is a status (“Tình trạng”) and a
document format (“Thể thức nhà nước”). One translation then reaches both screens. A short message
used as a button's text and as a label elsewhere must have a context (pgettext / `context`)."""

import re
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import translation
from django.utils.translation import pgettext

ROOT = Path(__file__).resolve().parent.parent
# A button or a button-styled link whose whole text is one context-less {% translate %}.
BUTTON = re.compile(
    r'<button\b[^>]*>\s*{%\s*translate\s+"([^"]+)"\s*%}\s*</button>'
    r'|<a\b[^>]*class="[^"]*\bbutton\b[^"]*"[^>]*>\s*{%\s*translate\s+"([^"]+)"\s*%}\s*</a>',
    re.S,
)
# A context-less gettext call in Python: labels, column headings, states, choices.
LABEL = re.compile(r'(?<![\w.])(?:_|gettext|gettext_lazy)\(\s*"([^"]+)"\s*\)')
# Reviewed: the button and the label mean the same thing and read the same in Vietnamese.
SAME_SENSE = {
    "Sort": "sắp xếp, the search's sort control and its field label",
    "Search": "tìm kiếm, the verb in both",
    "Declare fieldwork": "the action and the calendar entry that leads to it",
    "Council meeting": "the meeting, shown as a link and as a calendar entry",
}


def short_messages_in_two_senses(more_templates=()):
    """{message: (templates, modules)}; `more_templates`: (name, text) read beside the files."""
    templates = [
        (str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
        for path in (ROOT / "templates").glob("**/*.html")
    ]
    buttons, labels = {}, {}
    for name, text in [*templates, *more_templates]:
        for match in BUTTON.finditer(text):
            message = match.group(1) or match.group(2)
            buttons.setdefault(message, set()).add(name)
    for folder in ("research", "cms", "search", "portal"):
        for path in (ROOT / folder).glob("**/*.py"):
            if "migrations" in path.parts:
                continue
            for match in LABEL.finditer(path.read_text(encoding="utf-8")):
                labels.setdefault(match.group(1), set()).add(str(path.relative_to(ROOT)))
    return {
        message: (sorted(buttons[message]), sorted(labels[message]))
        for message in buttons.keys() & labels.keys()
        if len(message.split()) <= 2 and message not in SAME_SENSE
    }


class MessageSenseTests(SimpleTestCase):
    def test_no_short_message_is_a_button_and_a_label_without_a_context(self):
        self.assertEqual(short_messages_in_two_senses(), {})

    def test_the_check_catches_the_collision_it_was_written_for(self):
        """Before issue 21 the inbox button was {% translate "Open" %}, beside _("Open") for a
        deadline's state: put it back in a template and the check reports it. (Read beside the
        files, not written among them: a scan in a parallel worker would see it.)"""
        scratch = ("scratch.html", '<a class="button" href="#">{% translate "Open" %}</a>')
        self.assertIn("Open", short_messages_in_two_senses([scratch]))

    def test_the_two_senses_read_differently_in_vietnamese(self):
        with translation.override("vi"):
            self.assertEqual(pgettext("inbox message link", "Open"), "Mở")
            self.assertEqual(pgettext("document format", "State"), "Thể thức nhà nước")
