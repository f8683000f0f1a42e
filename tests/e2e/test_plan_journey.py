"""The research plan's cycle in the browser: the office drafts the plan and its targets and submits
it, the leadership approves it from its landing page; the criterion dashboard shows what it takes
beside the live value, and it moves when a declared article is verified and a topic accepted."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from research.models import Indicator, OutputAuthor, PlanStatus, ResearchPlan, TopicStatus
from tests.e2e.conftest import log_in
from tests.factories import (
    LeadershipFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
)


def test_office_drafts_the_leadership_approves_and_what_it_takes_moves(browse):
    today = timezone.localdate()
    by = f"31/12/{today.year}"
    office = OfficeStaffFactory(username="phongnckh")
    LeadershipFactory(username="lanhdao")
    Indicator.objects.filter(code="4.6").update(threshold_level1=2, threshold_level2=3)
    Indicator.objects.filter(code="4.2").update(
        parameters={"levels": ["school"], "placement": ["accepted"]},
        threshold_level1=1,
        threshold_level2=2,
    )
    lecturer = LecturerUserFactory()
    person = PersonFactory(user=lecturer, full_name="Võ Thị Mai Lan")
    for verification, title in (("verified", "Dân vận khéo"), ("pending", "Chi bộ kiểu mẫu")):
        article = OutputFactory(
            kind="journal_article",
            title=title,
            published_on=today,
            verification=verification,
            declared_by=lecturer,
        )
        OutputAuthor.objects.create(output=article, person=person)
    topic = TopicFactory(
        status=TopicStatus.IN_PROGRESS,
        planned_start=datetime.date(today.year, 1, 1),
        planned_end=datetime.date(today.year + 1, 6, 30),
    )
    title = f"Kế hoạch nghiên cứu khoa học giai đoạn {today.year}–{today.year + 4}"

    def office_drafts(page):
        log_in(page, office.username)
        page.goto("/admin/research/plans/new/")
        page.fill("input[name=title]", title)
        page.fill("input[name=first_year]", str(today.year))
        page.fill("input[name=last_year]", str(today.year + 4))
        page.get_by_role("button", name="Tạo").click()
        page.get_by_role("link", name=title).click()
        page.get_by_role("button", name="Đề xuất chỉ tiêu theo mức chuẩn").click()
        expect(page.get_by_text("Đã đề xuất chỉ tiêu theo mức chuẩn")).to_be_visible()
        articles = page.locator("[data-plan-targets] tr[data-indicator='4.6']")
        expect(articles.locator("td").first).to_contain_text("2")
        page.get_by_role("link", name="Sửa chỉ tiêu").click()
        page.get_by_label(f"4.6, năm {today.year}: chỉ tiêu").fill("3")
        page.get_by_role("button", name="Lưu chỉ tiêu").click()
        expect(page.get_by_text("Đã lưu chỉ tiêu.")).to_be_visible()
        expect(articles.locator("td").first).to_contain_text("3")
        page.get_by_role("button", name="Trình Ban Giám hiệu").click()
        expect(page.get_by_text("Đã trình kế hoạch lên Ban Giám hiệu.")).to_be_visible()

    def leadership_approves(page):
        log_in(page, "lanhdao")
        page.locator("[data-plan-to-approve] a").click()
        page.get_by_role("button", name="Phê duyệt kế hoạch").click()
        expect(page.get_by_text("Kế hoạch đã được phê duyệt.")).to_be_visible()
        expect(page.get_by_role("link", name="Sửa chỉ tiêu")).to_have_count(0)
        page.goto("/admin/")
        articles = page.locator("[data-criterion] tr[data-indicator='4.6']")
        expect(articles).to_contain_text(f"Mức 1: cần thêm 1 trước {by}")
        page.goto("/admin/research/reports/standard/")
        articles = page.locator("tr[data-indicator='4.6']")
        expect(articles.locator("[data-value]")).to_have_text("1")
        expect(articles.locator("[data-plan-target]")).to_have_text("3")
        expect(articles).to_contain_text(f"Mức 1: cần thêm 1 trước {by}")
        expect(articles).to_contain_text(f"Mức 2: cần thêm 2 trước {by}")
        expect(page.locator("tr[data-indicator='4.2']")).to_contain_text(
            f"Mức 1: cần thêm 1 trước {by}"
        )

    def office_verifies(page):
        log_in(page, office.username)
        page.goto("/admin/research/declarations/")
        page.locator("tr", has_text="Chi bộ kiểu mẫu").get_by_role(
            "button", name="Xác nhận"
        ).click()
        page.goto("/admin/research/reports/standard/")
        articles = page.locator("tr[data-indicator='4.6']")
        expect(articles.locator("[data-value]")).to_have_text("2")
        expect(articles).to_contain_text("Mức 1: đã đạt, giữ được")
        expect(articles).to_contain_text(f"Mức 2: cần thêm 1 trước {by}")

    def dashboard_after_acceptance(page):
        log_in(page, "lanhdao")
        page.goto("/admin/research/reports/standard/")
        topics = page.locator("tr[data-indicator='4.2']")
        expect(topics).to_contain_text("Mức 1: đã đạt, giữ được")
        expect(topics).to_contain_text(f"Mức 2: cần thêm 1 trước {by}")

    browse(office_drafts)
    assert ResearchPlan.objects.get(title=title).status == PlanStatus.SUBMITTED
    browse(leadership_approves)
    assert ResearchPlan.objects.get(title=title).status == PlanStatus.APPROVED
    browse(office_verifies)
    # the acceptance council's decision (its own journey: test_topic_journey) accepts the topic
    topic.status, topic.grade, topic.accepted_on = TopicStatus.ACCEPTED, "good", today
    topic.save()
    browse(dashboard_after_acceptance)
