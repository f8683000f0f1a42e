"""The admin in Vietnamese: every page of its menu, for each role that uses the admin, rendered in
Vietnamese, shows no string that Wagtail or Django left untranslated (their own catalogues are
incomplete; locale-admin/ completes them).

A string is caught when a text node, a placeholder, a title or a label of the page is exactly a
message of Wagtail's or Django's catalogues that has no Vietnamese translation."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import wagtail
from babel.messages.pofile import read_po
from django.test import Client
from django.utils import translation

from tests.cms.site import build_site
from tests.factories import (
    EditorFactory,
    LeadershipFactory,
    OfficeStaffFactory,
    TopicFactory,
    proposal_in_review,
)

# The catalogues whose messages the admin shows (their English .po files list every message).
SOURCES = [Path(wagtail.__file__).parent, Path(django.__file__).parent / "contrib"]
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# Messages that read the same in Vietnamese, or that are names.
SAME_IN_VIETNAMESE = {"Wagtail", "Email", "URL", "ID", "OK", "Slug", "PDF", "Excel", "CSV"}


def untranslated_messages():
    messages = set()
    for root in SOURCES:
        for path in root.glob("**/locale/en/LC_MESSAGES/django*.po"):
            with path.open("rb") as handle:
                messages.update(message.id for message in read_po(handle) if message.id)
    untranslated = set()
    with translation.override("vi"):
        for message in messages:
            if isinstance(message, tuple):  # singular and plural: both are shown
                if translation.ngettext(*message, 2) == message[1]:
                    untranslated.update(message)
            elif translation.gettext(message) == message:
                untranslated.add(message)
    # a message with markup is shown as the text between its tags
    texts = {
        " ".join(piece.split())
        for message in untranslated
        for piece in re.split(r"<[^>]+>", message)
        if len(piece) > 2 and "{" not in piece and re.search("[A-Za-z]{3}", piece)
    } - SAME_IN_VIETNAMESE
    # a message with placeholders (“%(title)s updated.”) matches whatever fills them
    patterns = [
        ".+".join(re.escape(piece) for piece in PLACEHOLDER.split(text))
        for text in texts
        if PLACEHOLDER.search(text) and len(re.findall("[A-Za-z]", PLACEHOLDER.sub("", text))) > 8
    ]
    untranslated = texts
    return untranslated, re.compile("^(?:" + "|".join(patterns) + ")$")


# A column or field that prints a Python value instead of a word.
PYTHON_VALUES = {"True", "False", "None"}
# Wagtail's own report prints the publisher of a page published by no one (the automatic
# publishing of issue 12) as “None”; left to Wagtail (its template, not a message).
KNOWN = {("/admin/reports/aging-pages/", "None")}
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")


class Texts(HTMLParser):
    """The text nodes and the labelling attributes of a page, outside scripts, styles and hidden
    elements."""

    UNSEEN = ("script", "style", "template", "svg")

    def __init__(self):
        super().__init__()
        self.texts = []
        self.unseen = None  # [tag, depth] of the unseen element we are in

    def handle_starttag(self, tag, attrs):
        if self.unseen:
            self.unseen[1] += tag == self.unseen[0]
            return
        if tag in self.UNSEEN or any(name == "hidden" for name, _ in attrs):
            self.unseen = [tag, 1]
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if self.unseen and tag == self.unseen[0]:
            self.unseen[1] -= 1
            if not self.unseen[1]:
                self.unseen = None

    def handle_data(self, data):
        if not self.unseen:
            self.texts.append(data)


def english_in(html, untranslated):
    exact, pattern = untranslated
    parser = Texts()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        text = " ".join(text.split())
        if text in exact or text in PYTHON_VALUES or (text and pattern.match(text)):
            found.add(text)
    return found


def menu_urls(html):
    """Every admin address of the sidebar (its items are in a JSON script)."""
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    return sorted(set(re.findall(r'"url": "(/admin/[^"]*)"', match.group(1)))) if match else []


@pytest.fixture
def admin_data(db):
    site = build_site()
    TopicFactory(in_progress=True)
    proposal_in_review()
    # an editor's own pages: a page's edit form (panels, blocks, privacy), its history and
    # revisions
    return [
        f"/admin/pages/{site.research.pk}/edit/",
        f"/admin/pages/{site.research.pk}/history/",
        f"/admin/pages/{site.research.pk}/",
    ]


@pytest.mark.parametrize("role", [OfficeStaffFactory, LeadershipFactory, EditorFactory])
def test_the_admin_speaks_vietnamese(admin_data, role):
    untranslated = untranslated_messages()
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    found = {}
    anonymous = client.get("/admin/login/").content.decode()
    assert 'placeholder="Tên đăng nhập của bạn"' in anonymous  # not “Nhập Tên đăng nhậpcủa bạn”
    for text in english_in(anonymous, untranslated):
        found.setdefault(text, "/admin/login/")
    client.force_login(role())
    home = client.get("/admin/").content.decode()
    pages = ["/admin/", *menu_urls(home), *admin_data]
    # each listing's first row too: the edit, inspect and history pages
    for url in list(pages):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        for text in english_in(html, untranslated):
            found.setdefault(text, url)
        first = re.search(rf'href="({re.escape(url)}(?:edit|inspect)/\d+/)"', html)
        if first and first.group(1) not in pages:
            pages.append(first.group(1))
            detail = client.get(first.group(1))
            if detail.status_code == 200:
                for text in english_in(detail.content.decode(), untranslated):
                    found.setdefault(text, first.group(1))
    found = {text: url for text, url in found.items() if (url, text) not in KNOWN}
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_admin_javascript_speaks_vietnamese(client):
    """Every message of Wagtail's admin JavaScript (the sidebar, the editor's panels and
    blocks) is in the Vietnamese catalogue the admin loads."""
    with (Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po").open(
        "rb"
    ) as po:
        messages = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po) if m.id}
    script = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    missing = sorted(text for text in messages if text not in catalogue)
    assert missing == []
    assert catalogue["Collapse all"] == "Thu gọn tất cả"
