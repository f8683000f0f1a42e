import datetime

from playwright.sync_api import expect

from research.core.permissions import Roles
from research.models import (
    CouncilRole,
    DeadlineKind,
    Rubric,
    RubricKind,
    TopicStatus,
    regenerate_deadlines,
)
from tests.e2e.conftest import log_in, log_in_workspace
from tests.factories import CouncilFactory, OfficeStaffFactory, PersonWithLoginFactory, TopicFactory


def test_progress_report_extension_and_acceptance(browse):
    pi = PersonWithLoginFactory(user__role=Roles.LECTURER)
    office = OfficeStaffFactory(username="phongnckh")
    council = CouncilFactory(
        name="Hội đồng nghiệm thu đề tài cấp cơ sở",
        rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE),
    )
    members = list(council.members.select_related("person__user"))
    secretary = next(m.person for m in members if m.role == CouncilRole.SECRETARY)
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
        page.get_by_role("link", name=f"{topic.code} — {topic.title}").first.click()
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

        # the team evaluates itself; the office puts the topic before its acceptance council
        page.get_by_role("link", name="Nộp báo cáo tự đánh giá").click()
        page.get_by_label("Báo cáo tự đánh giá").fill(
            "Đã hoàn thành báo cáo tổng hợp và 2 bài báo."
        )
        page.get_by_role("button", name="Gửi").click()
        expect(page.get_by_text("Đã nộp báo cáo tự đánh giá")).to_be_visible()
        log_in(page, office.username)
        page.goto(f"/admin/research/topics/inspect/{topic.pk}/")
        page.get_by_label("Hội đồng nghiệm thu").select_option(label=council.name)
        page.get_by_role("button", name="Giao", exact=True).click()
        expect(page.get_by_text("Đang đánh giá chính thức").first).to_be_visible()

        # every member scores 12 of each criterion's maximum where it fits: 5+5+10+10+12+12+12+10 = 76 → Khá
        for member in members:
            log_in_workspace(page, member.person.user.username)
            page.get_by_role("link", name=f"{topic.code} — {topic.title}").first.click()
            # count the criteria on the score sheet, not on the page the click leaves
            expect(page.locator("[data-score-sheet]")).to_be_visible()
            inputs = page.locator("input.score-points")
            for index in range(inputs.count()):
                inputs.nth(index).fill(
                    str(min(12, int(inputs.nth(index).get_attribute("data-max"))))
                )
            expect(page.locator("[data-total]")).to_have_text("76 / 100")
            page.get_by_label("Biểu quyết").select_option("yes")
            page.get_by_label("Tôi cam kết không có xung đột lợi ích", exact=False).check()
            page.get_by_role("button", name="Gửi phiếu đánh giá").click()
            expect(page.get_by_text("Đã gửi phiếu đánh giá.")).to_be_visible()
            expect(page.locator("[data-submitted]")).to_be_visible()  # read-only from now on

        log_in_workspace(page, secretary.user.username)
        page.goto("/workspace/reviews/")
        page.get_by_role("link", name="Phiên họp hội đồng").click()
        # .all() does not wait: list the boxes of the meeting page, not of the page the click leaves
        page.wait_for_url("**/meeting/")
        for checkbox in page.locator("input[name^=present_]").all():
            checkbox.check()
        page.get_by_role("button", name="Ghi danh sách có mặt và biểu quyết").click()
        expect(page.locator("[data-final-score]")).to_have_text("76")
        page.get_by_role("button", name="Ghi nhận quyết định").click()
        expect(page.locator("[data-decision]")).to_have_text("Khá")

        log_in_workspace(page, pi.user.username)
        page.goto(f"/workspace/topics/{topic.pk}/")
        expect(page.locator("[data-grade]")).to_have_text("Khá")
        expect(page.locator("span.tag").first).to_have_text("Đã nghiệm thu")

    browse(journey)
    topic.refresh_from_db()
    assert (topic.status, topic.grade) == (TopicStatus.ACCEPTED, "good")
    assert topic.deadlines.get(kind=DeadlineKind.PROGRESS_REPORT, sequence=1).done_on is not None
