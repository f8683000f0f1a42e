"""Every workspace page, with the demo data, as each role sees it, at a desktop's width (1366 px)
and a phone's (390 px): it opens, and the page never scrolls sideways (a wide table scrolls inside
itself). The pages are found by following the workspace's own links from its overview, so a new
page is reached as soon as one links to it (issue 23).

On a phone the header and the menus leave most of the screen to the page, and a calendar entry is
shown whole."""

import io
import re
from urllib.parse import urlsplit

from django.core.management import call_command

from research.demo.common import DEMO_PASSWORD
from research.models import AcceptanceDecision, CouncilDecision, CouncilMeeting
from tests.e2e.conftest import log_in_workspace

DESKTOP, PHONE = 1366, 390
ROLES = ("phongnckh", "giangvien", "hoidong", "lanhdao", "bientap")
# Of the pages of one kind (an address with its numbers taken out), this many are opened: a
# proposal in review and one decided, say.
PER_KIND = 2
# Links that are files or feeds, not pages.
NOT_PAGES = re.compile(r"\.(docx|xlsx|pdf|ics|zip|csv)$|/files/")
WIDER = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")].filter(
        (e) => e.getBoundingClientRect().right > width + 1
            && e.parentElement.getBoundingClientRect().right <= width + 1);
    return [document.documentElement.scrollWidth,
            wide.slice(0, 3).map((e) => e.tagName + "." + e.className)];
}"""


def workspace_links(page):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    for href in hrefs:
        parts = urlsplit(href)
        if parts.path.startswith("/workspace/") and not NOT_PAGES.search(parts.path):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def kind(address):
    return re.sub(r"\d+", "N", address.split("?")[0])


def test_every_workspace_page_fits_a_phone_and_a_desktop(browse):
    call_command("load_demo_data", stdout=io.StringIO())
    # The council's meetings and minutes are reached from the admin too: the office starts
    # from them as well as from the overview.
    seeds = {"phongnckh": []}
    for meeting in CouncilMeeting.objects.all():
        kind_of = "proposals" if meeting.proposal_id else "topics"
        pk = meeting.proposal_id or meeting.topic_id
        seeds["phongnckh"].append(f"/workspace/{kind_of}/{pk}/meeting/")
    for decision in CouncilDecision.objects.all():
        seeds["phongnckh"].append(f"/workspace/proposals/{decision.proposal_id}/minutes/")
    for decision in AcceptanceDecision.objects.all():
        seeds["phongnckh"].append(f"/workspace/topics/{decision.topic_id}/minutes/")
    problems, opened = [], {}

    def fits(page, username, width, address):
        scroll_width, wide = page.evaluate(WIDER)
        if scroll_width > width:
            problems.append((username, width, address, scroll_width, wide))

    def journey(page):
        for username in ROLES:
            log_in_workspace(page, username, DEMO_PASSWORD)
            seeded = list(dict.fromkeys(seeds.get(username, [])))
            queue, seen, kinds = ["/workspace/", *seeded], {"/workspace/", *seeded}, {}
            pages = []
            page.set_viewport_size({"width": DESKTOP, "height": 900})
            while queue:  # the desktop walk finds the pages and measures each
                address = queue.pop(0)
                response = page.goto(address)
                if not response.ok:
                    problems.append((username, address, response.status))
                    continue
                pages.append(address)
                fits(page, username, DESKTOP, address)
                for link in workspace_links(page):
                    if link in seen or kinds.get(kind(link), 0) >= PER_KIND:
                        continue
                    seen.add(link)
                    kinds[kind(link)] = kinds.get(kind(link), 0) + 1
                    queue.append(link)
            opened[username] = pages
            page.set_viewport_size({"width": PHONE, "height": 844})
            for address in pages:
                page.goto(address)
                fits(page, username, PHONE, address)
            page.goto("/workspace/calendar/")
            # the header, the site's menu and the workspace's menu: under a third of the screen
            top = page.locator(".workspace-nav").bounding_box()
            if top["y"] + top["height"] > 844 / 3:
                problems.append((username, "menus end at", top["y"] + top["height"]))
            # a calendar entry is shown whole, not clipped (“07: 30 H…”)
            clipped = page.eval_on_selector_all(
                ".month .event",
                "events => events.filter(e => e.offsetParent && (e.scrollHeight > e.clientHeight + 1"
                " || e.scrollWidth > e.clientWidth + 1)).map(e => e.textContent)",
            )
            problems.extend((username, "clipped", text) for text in clipped)

    browse(journey)
    assert problems == []
    # the walk reached the pages of each role: the office's meetings and minutes, a member's
    # score sheets, a lecturer's proposals, everyone's calendar
    every = {kind(address) for pages in opened.values() for address in pages}
    for expected in (
        "/workspace/calendar/",
        "/workspace/proposals/",
        "/workspace/proposals/N/",
        "/workspace/reviews/N/",
        "/workspace/topics/N/",
        "/workspace/inbox/",
    ):
        assert expected in every, (expected, sorted(every))
    assert any(k.endswith("/meeting/") for k in every), sorted(every)
    assert any(k.endswith("/minutes/") for k in every), sorted(every)
