import datetime

from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import (
    DeadlineFactory,
    FundingLineFactory,
    OfficeStaffFactory,
    PersonFactory,
    TopicFactory,
    TrancheFactory,
    funding_source,
)


def test_office_filters_provincial_topics_and_reads_one(browse):
    office = OfficeStaffFactory(username="phongnckh")
    pi = PersonFactory(full_name="Võ Thị Mai Lan", degree="ts")
    topic = TopicFactory(
        provincial=True,
        code="QT-2025-07",
        title="Nâng cao chất lượng sinh hoạt chi bộ trên địa bàn tỉnh Quảng Trị",
        principal=pi,
    )
    province = funding_source("ngan-sach-tinh")
    FundingLineFactory(topic=topic, source=province, approved_amount=450_000_000)
    TrancheFactory(
        topic=topic,
        source=province,
        planned_amount=225_000_000,
        paid_on=datetime.date(2025, 2, 10),
        paid_amount=225_000_000,
    )
    DeadlineFactory(topic=topic, due_on=datetime.date(2025, 7, 1), note="Báo cáo 6 tháng")
    TopicFactory(title="Đề tài cấp cơ sở về công tác dân vận", principal=PersonFactory())

    def journey(page):
        log_in(page, office.username)
        page.get_by_role("button", name="Nghiên cứu khoa học").click()
        page.get_by_role("link", name="Đề tài").click()
        expect(page.get_by_text("Đề tài cấp cơ sở về công tác dân vận")).to_be_visible()

        page.get_by_role("button", name="Hiện bộ lọc").click()
        page.get_by_role("button", name="Cấp", exact=True).click()
        page.get_by_label("Cấp tỉnh", exact=True).check()
        expect(page.get_by_text("Đề tài cấp cơ sở về công tác dân vận")).to_be_hidden()
        assert "level=provincial" in page.url

        page.get_by_role("link", name=topic.title).click()
        expect(page.get_by_role("heading", name="Kinh phí", exact=True)).to_be_visible()
        expect(page.locator("[data-approved-total]")).to_have_text("450.000.000 đ")
        expect(page.get_by_text("TS. Võ Thị Mai Lan")).to_be_visible()
        expect(page.get_by_role("cell", name="Chủ nhiệm")).to_be_visible()
        overdue_row = page.locator("tr.deadline-overdue")
        expect(overdue_row).to_contain_text("Báo cáo 6 tháng")
        expect(overdue_row).to_contain_text("01/07/2025")
        expect(overdue_row).to_contain_text("Quá hạn")

    browse(journey)
