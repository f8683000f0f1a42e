"""The search box in a real Chromium: typed without diacritics, the combobox shows the server's
suggestions as they come, with their type, chosen with the keyboard; at desktop and phone width."""

import datetime
import os

from playwright.sync_api import expect

from cms.models import OutputPage, TopicPage
from search.indexing import rebuild
from tests.cms.site import build_site, publish
from tests.e2e.test_public_journey import serious_violations
from tests.factories import OutputFactory, TopicFactory

SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def build():
    site = build_site()
    topic = TopicFactory(
        title="Xây dựng Đảng ở cơ sở vùng biên giới", planned_start=datetime.date(2024, 3, 1)
    )
    publish(site.research, TopicPage, title=topic.title, slug="xay-dung-dang", topic=topic)
    for number, title in enumerate(
        [
            "Đảng viên trẻ tham gia xây dựng nông thôn mới",
            "Ảnh hưởng của việc xây dựng đô thị đến làng nghề",  # "xây dựng" apart from "Đảng"
        ]
    ):
        output = OutputFactory(title=title, published_on=datetime.date(2025, 1, 1))
        publish(site.library, OutputPage, title=title, slug=f"bai-{number}", output=output)
    rebuild()
    return topic


def shoot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_suggestions_typed_without_diacritics_are_shown_and_chosen_with_the_keyboard(browse):
    topic = build()
    problems = {}

    def journey(page):
        page.goto("/tim-kiem/")
        box = page.get_by_role("combobox", name="Tìm kiếm")
        box.press_sequentially("xay dun", delay=40)
        listbox = page.get_by_role("listbox", name="Gợi ý")
        expect(listbox).to_be_visible()
        options = listbox.get_by_role("option")
        # the server's order, not filtered again by the browser: the title starting with the
        # typed words first, each with its type
        expect(options).to_have_count(3)
        expect(options.first).to_contain_text("Xây dựng Đảng ở cơ sở vùng biên giới")
        expect(options.first).to_contain_text("Đề tài")
        expect(options.nth(1)).to_contain_text("Sản phẩm")
        expect(box).to_have_attribute("aria-expanded", "true")
        expect(page.locator("[data-suggest-status]")).to_have_text(
            "3 gợi ý: dùng phím mũi tên lên, xuống để chọn, Enter để mở."
        )
        problems["open"] = serious_violations(page)
        shoot(page, "search-combobox-desktop")

        box.press("ArrowDown")
        expect(options.first).to_have_attribute("aria-selected", "true")
        expect(box).to_have_attribute("aria-activedescendant", "q-suggestions-0")
        box.press("ArrowUp")  # wraps to the last
        expect(options.last).to_have_attribute("aria-selected", "true")
        box.press("ArrowDown")
        box.press("Escape")
        expect(listbox).to_be_hidden()
        expect(box).to_have_attribute("aria-expanded", "false")

        box.press_sequentially("g", delay=40)  # "xay dung": the list comes back
        expect(options.first).to_be_visible()
        box.press("ArrowDown")
        box.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(topic.title)

        # Enter without choosing searches, by relevance
        page.goto("/tim-kiem/")
        box = page.get_by_role("combobox", name="Tìm kiếm")
        box.fill("xay dung dang")
        box.press("Enter")
        expect(page.locator("#sort")).to_have_value("relevance")
        expect(page.locator("ol.results li").first).to_contain_text(topic.title)

    browse(journey)
    assert problems == {"open": []}


def test_the_suggestions_fit_a_phone(browse):
    build()

    def journey(page):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/tim-kiem/")
        page.get_by_role("combobox", name="Tìm kiếm").press_sequentially("xay dun", delay=40)
        listbox = page.get_by_role("listbox", name="Gợi ý")
        expect(listbox.get_by_role("option")).to_have_count(3)
        box = listbox.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        shoot(page, "search-combobox-phone")
        listbox.get_by_role("option").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Xây dựng Đảng ở cơ sở vùng biên giới"
        )

    browse(journey)


def test_the_header_and_home_search_boxes_suggest_too(browse):
    """Issue 23, item 8: only /tim-kiem/ gave suggestions; the header's box on every page and
    the home page's box are the same combobox."""
    build()

    def journey(page):
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 844})
            for address, name in (
                ("/de-tai/", "Tìm kiếm nghiên cứu"),
                ("/", "Tìm kiếm nghiên cứu"),
            ):
                page.goto(address)
                page.get_by_role("combobox", name=name).press_sequentially("xay dun", delay=40)
                listbox = page.get_by_role("listbox", name="Gợi ý")
                expect(listbox.get_by_role("option")).to_have_count(3)
                box = listbox.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (address, box)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                shoot(page, f"header-combobox-{width}-{address.strip('/') or 'home'}")
        page.get_by_role("listbox", name="Gợi ý").get_by_role("option").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Xây dựng Đảng ở cơ sở vùng biên giới"
        )

    browse(journey)
