import datetime

from playwright.sync_api import expect

from research.models import DeadlineKind, TopicStatus, regenerate_deadlines
from research.permissions import Roles
from tests.e2e.conftest import log_in, log_in_workspace
from tests.factories import OfficeStaffFactory, PersonWithLoginFactory, TopicFactory


def test_progress_report_and_extension(browse):
    pi = PersonWithLoginFactory(user__role=Roles.LECTURER)
    office = OfficeStaffFactory(username="phongnckh")
    topic = TopicFactory(
        in_progress=True,
        title="Công tác dân vận của chính quyền cấp xã",
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
        principal=pi,
    )
    regenerate_deadlines(topic)

    def journey(page):
        log_in_workspace(page, pi.user.username)
        page.get_by_role("link", name=f"{topic.code} — {topic.title}").click()
        page.get_by_role("link", name="Nộp báo cáo tiến độ").click()
        page.get_by_label("Tiến độ thực hiện").fill("Đã khảo sát 12 xã, đang xử lý số liệu.")
        page.get_by_label("Tỷ lệ hoàn thành (%)").fill("55")
        page.get_by_role("button", name="Gửi").click()
        expect(page.get_by_text("Đã gửi báo cáo tiến độ")).to_be_visible()
        page.get_by_role("link", name="Đề nghị gia hạn, điều chỉnh hoặc chấm dứt").click()
        page.get_by_label("Loại").select_option("extension")
        page.get_by_label("Lý do").fill("Địa bàn khảo sát bị chia tách sau sáp nhập.")
        page.get_by_label("Số tháng gia hạn").fill("6")
        page.get_by_role("button", name="Gửi").click()
        expect(page.get_by_text("Đã gửi đề nghị")).to_be_visible()

        log_in(page, office.username)
        page.goto(f"/admin/research/topics/inspect/{topic.pk}/")
        for form in ("report", "request"):
            section = page.locator(f"article.{form}").first
            section.locator("select[name=decision]").select_option("accept")
            section.get_by_role("button", name="Thực hiện").click()
            expect(page.get_by_text("Đã ghi nhận.")).to_be_visible()

        log_in_workspace(page, pi.user.username)
        page.goto(f"/workspace/topics/{topic.pk}/")
        expect(page.locator("[data-planned-end]")).to_have_text("30/06/2027")
        expect(page.get_by_text("Được gia hạn")).to_be_visible()
        expect(page.locator("[data-deadlines]")).to_contain_text("31/05/2027")

    browse(journey)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.EXTENDED
    assert topic.deadlines.get(kind=DeadlineKind.PROGRESS_REPORT, sequence=1).done_on is not None
