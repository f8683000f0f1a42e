"""Issue 20, “done when”: one topic from contract to closing with the README's role logins alone,
on the demo data — `phongnckh` records the signed contract and starts the topic, `giangvien`
reports progress and evaluates the work, `phongnckh` puts it before the demo's acceptance
council, `hoidong` (its chair) scores it, `phongnckh` records the meeting and the grade, then
every closing record the rules require, and closes the topic."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from research.demo.common import DEMO_PASSWORD
from research.demo.content import ACCEPTANCE_COUNCIL
from research.demo.loader import DemoLoader
from research.models import Person, Review, TopicLevel, TopicStatus, regenerate_deadlines
from tests.e2e.conftest import log_in, log_in_workspace
from tests.factories import FundingLineFactory, TopicFactory

TITLE = "Nâng cao chất lượng sinh hoạt chi bộ khu dân cư ở thành phố Đông Hà"
AMOUNT = 30_000_000


def test_one_topic_from_contract_to_closing_with_the_readme_logins(browse):
    DemoLoader().load()
    today = timezone.localdate()
    lan = Person.objects.get(user__username="giangvien")
    topic = TopicFactory(
        code="CS-HT-01",
        title=TITLE,
        level=TopicLevel.SCHOOL,
        unit=lan.unit,
        principal=lan,
        planned_start=today - datetime.timedelta(days=300),
        planned_end=today + datetime.timedelta(days=30),
        status=TopicStatus.APPROVED,
    )
    FundingLineFactory(topic=topic, approved_amount=AMOUNT)
    regenerate_deadlines(topic)
    signed = today - datetime.timedelta(days=299)
    inspect = f"/admin/research/topics/inspect/{topic.pk}/"

    def journey(page):
        page.set_viewport_size({"width": 1366, "height": 900})
        # 1. the office records the signed contract and starts the topic
        log_in(page, "phongnckh", DEMO_PASSWORD)
        page.goto(f"/admin/research/topics/edit/{topic.pk}/")
        page.locator("input[name=contract_number]").fill("15/HĐ-TCTLD")
        page.locator("input[name=contract_date]").fill(f"{signed:%d/%m/%Y}")
        page.locator("input[name=contract_date]").press("Escape")
        page.get_by_role("button", name="Lưu").first.click()
        page.wait_for_load_state()
        page.goto(inspect)
        expect(page.get_by_text("15/HĐ-TCTLD")).to_be_visible()
        status = page.locator("form[action$='/status/']")
        status.locator("select[name=to_status]").select_option(TopicStatus.IN_PROGRESS)
        status.get_by_role("button").click()
        expect(page.get_by_text("Đang thực hiện").first).to_be_visible()

        # 2. the lecturer reports progress; the office accepts the report
        log_in_workspace(page, "giangvien", DEMO_PASSWORD)
        page.goto(f"/workspace/topics/{topic.pk}/")
        page.get_by_role("link", name="Nộp báo cáo tiến độ").click()
        page.get_by_label("Tiến độ thực hiện").fill("Đã khảo sát 20 chi bộ khu dân cư.")
        page.get_by_label("Tỷ lệ hoàn thành (%)").fill("80")
        page.get_by_role("button", name="Gửi").click()
        expect(page.get_by_text("Đã gửi báo cáo tiến độ")).to_be_visible()
        log_in(page, "phongnckh", DEMO_PASSWORD)
        page.goto(inspect)
        report = page.locator("article.report").first
        report.locator("select[name=decision]").select_option("accept")
        report.get_by_role("button", name="Thực hiện").click()
        expect(page.get_by_text("Đã ghi nhận.")).to_be_visible()

        # 3. the team evaluates itself; the office forms the acceptance council
        log_in_workspace(page, "giangvien", DEMO_PASSWORD)
        page.goto(f"/workspace/topics/{topic.pk}/")
        page.get_by_role("link", name="Nộp báo cáo tự đánh giá").click()
        page.get_by_label("Báo cáo tự đánh giá").fill("Đã hoàn thành báo cáo tổng hợp.")
        page.get_by_role("button", name="Gửi").click()
        expect(page.get_by_text("Đã nộp báo cáo tự đánh giá")).to_be_visible()
        log_in(page, "phongnckh", DEMO_PASSWORD)
        page.goto(inspect)
        page.get_by_label("Hội đồng nghiệm thu").select_option(label=ACCEPTANCE_COUNCIL[0])
        page.get_by_role("button", name="Giao", exact=True).click()
        expect(page.get_by_text("Đang đánh giá chính thức").first).to_be_visible()

        # 4. the chair scores it
        log_in_workspace(page, "hoidong", DEMO_PASSWORD)
        page.get_by_role("link", name=f"{topic.code} — {TITLE}").first.click()
        expect(page.locator("[data-score-sheet]")).to_be_visible()
        inputs = page.locator("input.score-points")
        for index in range(inputs.count()):
            inputs.nth(index).fill(inputs.nth(index).get_attribute("data-max"))
        page.get_by_label("Biểu quyết").select_option("yes")
        page.get_by_label("Tôi cam kết không có xung đột lợi ích", exact=False).check()
        page.get_by_role("button", name="Gửi phiếu đánh giá").click()
        expect(page.get_by_text("Đã gửi phiếu đánh giá.")).to_be_visible()

        # 5. the office records the meeting and the council's grade
        log_in(page, "phongnckh", DEMO_PASSWORD)
        page.goto(f"/workspace/topics/{topic.pk}/meeting/")
        for checkbox in page.locator("input[name^=present_]").all():
            checkbox.check()
        page.get_by_role("button", name="Ghi danh sách có mặt và biểu quyết").click()
        expect(page.locator("[data-quorum]")).to_have_text("đủ")
        page.get_by_role("button", name="Ghi nhận quyết định").click()
        expect(page.locator("[data-decision]")).to_have_text("Xuất sắc")

        # 6. every closing record the rules require, then the topic is closed
        page.goto(inspect)
        for number in range(1, 6):
            missing = page.locator("[data-closing-missing]")
            if missing.count() == 0:
                break
            labels = missing.inner_text()
            kind_select = page.locator("select[name=closing-kind]")
            options = kind_select.locator("option")
            kind = next(
                options.nth(index).get_attribute("value")
                for index in range(1, options.count())
                if options.nth(index).inner_text().strip() in labels
            )
            kind_select.select_option(kind)
            page.locator("input[name=closing-number]").fill(f"{number}/BB-TCTLD")
            page.locator("input[name=closing-signed_on]").fill(f"{today:%Y-%m-%d}")
            if kind == "settlement":
                page.locator("input[name=closing-amount]").fill(str(AMOUNT))
            with page.expect_navigation():
                kind_select.locator("xpath=ancestor::form").locator("button[type=submit]").click()
        page.locator("[data-close-topic]").click()
        expect(page.get_by_text("Đã kết thúc").first).to_be_visible()

    browse(journey)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.CLOSED
    assert topic.closed_from == TopicStatus.ACCEPTED
    assert topic.contract_number == "15/HĐ-TCTLD"
    assert not Review.objects.filter(member__person__user__username="phongnckh").exists()
