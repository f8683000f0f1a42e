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

from cms.models import StandardPage
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
    """The text nodes and the labelling attributes of a page, outside scripts and styles; hidden
    elements too (a dropdown's items and a dialog's buttons are hidden until opened), and the
    labels of the editor's blocks (in the JSON of their data attributes)."""

    UNSEEN = ("script", "style", "template", "svg")
    VOID = {"input", "img", "br", "hr", "meta", "link", "source", "col", "area", "wbr"}
    LABEL = re.compile(r'"label": ("(?:[^"\\]|\\.)*")')

    def __init__(self):
        super().__init__()
        self.texts = []  # (text, hidden)
        self.unseen = None  # [tag, depth] of the unseen element we are in
        self.hidden = []  # [tag, depth] of each hidden element we are in

    def handle_starttag(self, tag, attrs):
        if self.unseen:
            self.unseen[1] += tag == self.unseen[0]
            return
        if tag in self.UNSEEN:
            self.unseen = [tag, 1]
        if self.hidden and tag == self.hidden[-1][0]:
            self.hidden[-1][1] += 1
        elif any(name == "hidden" for name, _ in attrs) and tag not in self.VOID:
            self.hidden.append([tag, 1])
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append((value, bool(self.hidden)))
            elif name.startswith("data-") and value and '"label": ' in value:
                self.texts.extend((json.loads(label), True) for label in self.LABEL.findall(value))

    def handle_endtag(self, tag):
        if self.unseen and tag == self.unseen[0]:
            self.unseen[1] -= 1
            if not self.unseen[1]:
                self.unseen = None
        elif self.hidden and tag == self.hidden[-1][0]:
            self.hidden[-1][1] -= 1
            if not self.hidden[-1][1]:
                self.hidden.pop()

    def handle_data(self, data):
        if not self.unseen:
            self.texts.append((data, bool(self.hidden)))


def english_in(html, untranslated):
    exact, pattern = untranslated
    parser = Texts()
    parser.feed(html)
    found = set()
    for text, hidden in parser.texts:
        # the whole node, and each of its lines (“Awaiting” before a task's name)
        for piece in {" ".join(text.split()), *(line.strip() for line in text.splitlines())}:
            # a Python value, unless hidden (a hidden counter waits for its script to fill it)
            python_value = piece in PYTHON_VALUES and not hidden
            if piece in exact or (piece and pattern.match(piece)) or python_value:
                found.add(piece)
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
    return site


def moderation(site, submitter):
    """Pages in each state of moderation: one submitted to the workflow by `submitter` (the
    office's “awaiting your review”, the editor's “your pages in a workflow”, the moderation
    menu), one live with a newer draft (the listing's badges); and the screens that show them."""
    waiting = StandardPage(title="Giới thiệu", slug="gioi-thieu")
    site.home.add_child(instance=waiting)
    waiting.save_revision(user=submitter).publish()
    waiting.title = "Giới thiệu chung"
    waiting.save_revision(user=submitter)
    waiting.get_workflow().start(waiting, submitter)
    drafted = StandardPage(title="Liên hệ", slug="lien-he")
    site.home.add_child(instance=drafted)
    drafted.save_revision(user=submitter).publish()
    drafted.title = "Liên hệ với nhà trường"
    drafted.save_revision(user=submitter)
    first, last = waiting.revisions.order_by("pk").values_list("pk", flat=True)
    return [
        # an editor's pages: the edit form (panels, blocks, privacy, the moderation menu), the
        # history, the workflow's history, the revisions compared, the listings' badges
        f"/admin/pages/{site.research.pk}/edit/",
        f"/admin/pages/{site.research.pk}/history/",
        f"/admin/pages/{site.research.pk}/",
        f"/admin/pages/{site.home.pk}/",
        f"/admin/pages/{waiting.pk}/edit/",
        f"/admin/pages/{waiting.pk}/history/",
        f"/admin/pages/{waiting.pk}/workflow_history/",
        f"/admin/pages/{waiting.pk}/revisions/compare/{first}...{last}/",
        f"/admin/pages/{waiting.pk}/revisions/compare/live...{last}/",
        "/admin/pages/search/?q=Li",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
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
    user = role()
    submitter = user if role is EditorFactory else EditorFactory()
    screens = moderation(admin_data, submitter)
    client.force_login(user)
    home = client.get("/admin/").content.decode()
    pages = ["/admin/", *menu_urls(home), *screens]
    reached = set()
    # each listing's first row too: the edit, inspect and history pages
    for url in list(pages):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        reached.add(url)
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
    if role is not LeadershipFactory:  # the leadership reads; the pages are not theirs
        assert set(screens) <= reached, set(screens) - reached
        assert "Giới thiệu chung" in home  # in the home's moderation panels
        # the moderation menu: “Phê chuẩn và xuất bản”, not “Phê chuẩnvà Xuất bản”
        edit = client.get(screens[4]).content.decode()
        assert role is EditorFactory or re.search(r"\w và xuất bản", edit)
        assert "chuẩnvà" not in edit
        # a slug already in use among its siblings: said in Vietnamese
        response = client.post(
            f"/admin/pages/add/cms/standardpage/{admin_data.home.pk}/",
            {"title": "Trùng", "slug": "lien-he", "intro": "", "body-count": "0"},
        )
        errors = " ".join(response.context["form"].errors.get("slug", []))
        assert "đã được dùng" in errors, errors
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
