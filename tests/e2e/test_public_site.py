"""The public site in a real Chromium, in Vietnamese and English, at desktop (1280 px) and phone
(390 px) width: every page kind renders, is never wider than the screen and has no axe-core
violation; the language switch keeps the visitor on the same page; on a phone the search's
facets fold into a panel above the results."""

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cms.demo import cover_for
from cms.i18n import translate_page
from cms.models import NewsPage, OutputPage, PersonPage, TopicPage
from research.models import OutputAuthor, OutputKind
from search.indexing import rebuild
from tests.cms.site import build_site, publish
from tests.factories import OutputFactory, PersonFactory, TopicFactory, UnitFactory

WIDTHS = {"desktop": 1280, "phone": 390}


def build_public_site():
    """A small site with a page of every kind, the home and index pages translated."""
    site = build_site()
    translate_page(site.home, "en", title="Research portal", intro="The school's research.")
    for index, title, slug in (
        (site.research, "Research topics", "research"),
        (site.library, "Digital library", "library"),
        (site.people, "Lecturers", "lecturers"),
        (site.news, "News", "news"),
    ):
        translate_page(index, "en", title=title, slug=slug, intro=f"{title} of the school.")
    unit = UnitFactory(name="Khoa Xây dựng Đảng", name_en="Faculty of Party Building")
    lan = PersonFactory(full_name="Võ Thị Mai Lan", degree="ts", unit=unit)
    topic = TopicFactory(
        provincial=True,
        title="Nâng cao chất lượng sinh hoạt chi bộ ở các đảng bộ xã, thị trấn tỉnh Quảng Trị",
        title_en="Improving the quality of Party cell meetings in the communes of Quang Tri",
        summary_en="The topic assesses Party cell meetings and proposes solutions.",
        planned_start=datetime.date(2024, 3, 1),
        principal=lan,
        in_progress=True,
    )
    for number in range(3):
        other = TopicFactory(planned_start=datetime.date(2022 + number, 1, 1))
        publish(site.research, TopicPage, title=other.title, slug=f"cs-{number}", topic=other)
    book = OutputFactory(
        kind=OutputKind.MONOGRAPH,
        title="Sinh hoạt chi bộ ở cơ sở: lý luận và thực tiễn",
        topic=topic,
        publisher="Nhà xuất bản Chính trị quốc gia Sự thật",
        published_on=datetime.date(2025, 6, 1),
    )
    OutputAuthor.objects.create(output=book, person=lan)
    article = OutputFactory(title="Kinh nghiệm sinh hoạt chi bộ thôn, bản", topic=topic)
    publish(site.research, TopicPage, title=topic.title, slug="qt-2024-01", topic=topic)
    publish(
        site.library, OutputPage, title=book.title, slug="sp-1", output=book, cover=cover_for(book)
    )
    publish(site.library, OutputPage, title=article.title, slug="sp-2", output=article)
    publish(site.people, PersonPage, title=lan.full_name, slug="gv-1", person=lan)
    news = publish(
        site.news,
        NewsPage,
        title="Hội thảo khoa học cấp tỉnh về sinh hoạt chi bộ",
        slug="hoi-thao",
        intro="Nhà trường tổ chức hội thảo với 42 tham luận.",
    )
    translate_page(
        news, "en", title="Provincial conference on Party cell meetings", slug="conference"
    )
    rebuild()
    return topic


PAGES = {
    "vi": [
        "/",
        "/de-tai/",
        "/de-tai/qt-2024-01/",
        "/thu-vien/",
        "/thu-vien/sp-1/",
        "/giang-vien/",
        "/giang-vien/gv-1/",
        "/tin-tuc/",
        "/tin-tuc/hoi-thao/",
        "/tim-kiem/?q=sinh+hoat+chi+bo",
    ],
    "en": [
        "/en/",
        "/en/research/",
        "/en/research/qt-2024-01/",
        "/en/library/",
        "/en/library/sp-1/",
        "/en/lecturers/",
        "/en/lecturers/gv-1/",
        "/en/news/",
        "/en/news/conference/",
        "/en/search/?q=sinh+hoat+chi+bo",
    ],
}


def test_every_public_page_fits_the_screen_and_passes_axe(browse):
    build_public_site()
    problems = []

    def journey(page):
        axe = Axe()
        for device, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            for language, addresses in PAGES.items():
                for address in addresses:
                    response = page.goto(address)
                    where = f"{device} {address}"
                    if not response.ok:
                        problems.append((where, response.status))
                        continue
                    if page.evaluate("document.documentElement.lang") != language:
                        problems.append((where, "lang"))
                    scroll_width = page.evaluate("document.documentElement.scrollWidth")
                    if scroll_width > width:
                        problems.append((where, f"{scroll_width} px wide"))
                    violations = axe.run(page).response["violations"]
                    problems.extend((where, violation["id"]) for violation in violations)

    browse(journey)
    assert problems == []


def test_the_english_site_and_the_language_switch(browse):
    topic = build_public_site()

    def journey(page):
        page.goto("/de-tai/qt-2024-01/")
        expect(page.get_by_role("heading", level=1)).to_have_text(topic.title)
        expect(page.get_by_text("Đang thực hiện").first).to_be_visible()
        page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
        expect(page).to_have_url(re.compile(r"/en/research/qt-2024-01/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(topic.title_en)
        expect(page.locator("[data-summary]")).to_have_text(topic.summary_en)
        expect(page.get_by_text("In progress").first).to_be_visible()
        menu = page.get_by_role("navigation", name="Main menu")
        expect(menu.get_by_role("link", name="Research topics")).to_have_attribute(
            "href", "/en/research/"
        )

        page.get_by_label("Search research").fill("sinh hoat chi bo")
        page.get_by_label("Search research").press("Enter")
        expect(page).to_have_url(re.compile(r"/en/search/\?q=sinh\+hoat\+chi\+bo$"))
        results = page.locator("ol.results")
        # the hit leads to the English page (its title in English is the search's own work)
        results.locator('a[href="/en/research/qt-2024-01/"]').click()
        expect(page).to_have_url(re.compile(r"/en/research/qt-2024-01/$"))

        page.get_by_role("navigation", name="Language").get_by_role(
            "link", name="Tiếng Việt"
        ).click()
        expect(page).to_have_url(re.compile(r"/de-tai/qt-2024-01/$"))
        expect(page.locator("html")).to_have_attribute("lang", "vi")

    browse(journey)


def test_on_a_phone_the_search_facets_fold_above_the_results(browse):
    build_public_site()

    def journey(page):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/tim-kiem/?q=chi+bo")
        panel = page.locator("[data-filter-panel]")
        first_result = page.locator("ol.results > li").first
        expect(first_result).to_be_in_viewport()
        expect(panel.locator("[data-facet]").first).to_be_hidden()
        box = page.get_by_role("button", name="Tìm kiếm").bounding_box()
        assert box["x"] + box["width"] <= 390
        assert panel.bounding_box()["y"] < first_result.bounding_box()["y"]
        panel.locator("summary").click()
        page.locator('[data-facet="type"]').get_by_role("link", name="Đề tài").click()
        expect(page.locator("ol.results > li")).to_have_count(1)
        expect(page.locator("[data-filter-panel]")).to_have_attribute("open", "")

        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto("/tim-kiem/?q=chi+bo")
        expect(page.locator('[data-facet="type"]')).to_be_visible()  # beside the results

    browse(journey)
