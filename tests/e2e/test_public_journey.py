import datetime

from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from cms.models import OutputPage, PersonPage, TopicPage
from research.models import OutputAuthor, OutputFile
from search.indexing import rebuild
from tests.cms.site import build_site, publish
from tests.factories import (
    FundingLineFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
    funding_source,
)

SERIOUS = {"serious", "critical"}


def serious_violations(page):
    violations = Axe().run(page).response["violations"]
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in violations
        if violation["impact"] in SERIOUS
    ]


def test_visitor_finds_research_without_diacritics_and_follows_it(browse, tmp_path):
    site = build_site()
    lan = PersonFactory(full_name="Võ Thị Mai Lan", degree="ts")
    provincial = TopicFactory(
        provincial=True,
        title="Nghiên cứu xây dựng Đảng ở cơ sở tỉnh Quảng Trị",
        planned_start=datetime.date(2024, 3, 1),
        principal=lan,
    )
    FundingLineFactory(
        topic=provincial, source=funding_source("ngan-sach-tinh"), approved_amount=350_000_000
    )
    school = TopicFactory(
        title="Nghiên cứu xây dựng Đảng trong trường học",
        planned_start=datetime.date(2025, 3, 1),
    )
    article = OutputFactory(
        title="Nghiên cứu xây dựng Đảng: kinh nghiệm từ cơ sở",
        topic=provincial,
        published_on=datetime.date(2025, 5, 1),
    )
    OutputAuthor.objects.create(output=article, person=lan)
    attachment = OutputFile(output=article, title="Toàn văn bài báo")
    attachment.file.save("toan-van.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    for topic, slug in ((provincial, "qt-1"), (school, "cs-1")):
        publish(site.research, TopicPage, title=topic.title, slug=slug, topic=topic)
    publish(site.library, OutputPage, title=article.title, slug="bai-1", output=article)
    publish(site.people, PersonPage, title=lan.full_name, slug="vo-thi-mai-lan", person=lan)
    rebuild()
    downloaded = tmp_path / "toan-van.pdf"
    problems = {}

    def journey(page):
        page.goto("/")
        problems["home"] = serious_violations(page)
        page.get_by_label("Tìm kiếm nghiên cứu").fill("nghien cuu xay dung dang")
        page.get_by_label("Tìm kiếm nghiên cứu").press("Enter")
        results = page.locator("ol.results")
        expect(results).to_contain_text("Nghiên cứu xây dựng Đảng ở cơ sở tỉnh Quảng Trị")
        expect(results).to_contain_text("Nghiên cứu xây dựng Đảng trong trường học")
        expect(results).to_contain_text("Nghiên cứu xây dựng Đảng: kinh nghiệm từ cơ sở")
        problems["search"] = serious_violations(page)

        page.locator('[data-facet="level"]').get_by_role("link", name="Cấp tỉnh").click()
        page.locator('[data-facet="year"]').get_by_role("link", name="2024").click()
        expect(results.locator("li")).to_have_count(1)
        results.get_by_role("link").first.click()

        expect(page.get_by_role("heading", level=1)).to_have_text(provincial.title)
        expect(page.locator("[data-funding]")).to_contain_text("350.000.000 đ")
        problems["topic"] = serious_violations(page)
        page.locator("[data-outputs]").get_by_role("link", name=article.title).click()

        expect(page.locator("[data-citation]")).to_have_value(
            "Võ Thị Mai Lan (2025). Nghiên cứu xây dựng Đảng: kinh nghiệm từ cơ sở. "
            "Tạp chí Lý luận chính trị."
        )
        problems["output"] = serious_violations(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Toàn văn bài báo").click()
        download.value.save_as(downloaded)

        page.locator("[data-authors]").get_by_role("link", name="TS. Võ Thị Mai Lan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("TS. Võ Thị Mai Lan")
        expect(page.locator("[data-topics]")).to_contain_text(provincial.title)

    browse(journey)
    assert downloaded.read_bytes().startswith(b"%PDF")
    assert problems == {"home": [], "search": [], "topic": [], "output": []}
