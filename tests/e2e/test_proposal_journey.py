from django.core import mail
from playwright.sync_api import expect

from research.core.permissions import Roles
from research.models import CouncilRole, Proposal, ProposalStatus, TopicStatus
from tests.e2e.conftest import log_in, log_in_workspace
from tests.factories import (
    CallFactory,
    CouncilFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    funding_source,
)

TITLE = "Nâng cao chất lượng sinh hoạt chi bộ ở các xã biên giới tỉnh Quảng Trị"


def test_from_draft_to_topic(browse):
    lecturer = PersonWithLoginFactory(full_name="Võ Thị Mai Lan", user__role=Roles.LECTURER)
    office = OfficeStaffFactory(username="phongnckh")
    council = CouncilFactory(name="Hội đồng xét duyệt đề tài cấp cơ sở năm 2026")
    members = {m.pk: (m.person, m.role) for m in council.members.select_related("person__user")}
    flagged = next(person for person, role in members.values() if role == CouncilRole.MEMBER)
    flagged.unit = lecturer.unit  # same unit as the principal investigator: the portal flags it
    flagged.save()
    scorers = [p for p, _ in members.values() if p != flagged]
    secretary = next(p for p, role in members.values() if role == CouncilRole.SECRETARY)
    CallFactory(title="Đợt đăng ký đề tài cấp cơ sở năm 2026", council=council)
    school = funding_source()

    def journey(page):
        # 1. the lecturer drafts and submits
        log_in_workspace(page, lecturer.user.username)
        page.get_by_role("link", name="Viết thuyết minh").click()
        page.fill('[name="title"]', TITLE)
        page.fill('[name="urgency"]', "Chất lượng sinh hoạt chi bộ ở xã biên giới còn hạn chế.")
        page.fill('[name="objectives"]', "Đề xuất giải pháp nâng cao chất lượng sinh hoạt chi bộ.")
        page.fill('[name="content_methods"]', "Khảo sát 30 chi bộ, phỏng vấn sâu bí thư chi bộ.")
        page.fill('[name="schedule"]', "12 tháng.")
        page.select_option('[name="members-0-person"]', str(lecturer.pk))
        page.select_option('[name="members-0-role"]', "principal")
        page.select_option('[name="expected_outputs-0-kind"]', "final_report")
        page.fill('[name="budget_items-0-item"]', "Thuê khoán chuyên môn")
        page.select_option('[name="budget_items-0-source"]', str(school.pk))
        page.fill('[name="budget_items-0-amount"]', "20000000")
        page.fill('[name="attachments-0-title"]', "Thuyết minh đề tài")
        page.set_input_files(
            '[name="attachments-0-file"]',
            files=[
                {
                    "name": "thuyet-minh.pdf",
                    "mimeType": "application/pdf",
                    "buffer": b"%PDF-1.4\n%%EOF\n",
                }
            ],
        )
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_text("Đã lưu thuyết minh dưới dạng bản nháp.")).to_be_visible()
        page.get_by_role("link", name="Nộp", exact=True).click()
        expect(page.locator("[data-frozen]")).to_contain_text("phiên bản 1")
        page.get_by_role("button", name="Nộp và chốt hồ sơ").click()
        expect(page.get_by_text("Đã nộp thuyết minh")).to_be_visible()
        code = page.locator("h1").inner_text().split(" — ")[0]

        # 2. the office checks eligibility and assigns the council in the admin
        log_in(page, office.username)
        page.goto("/admin/research/proposals/")
        page.get_by_role("link", name=TITLE).click()
        page.get_by_role("button", name="Rà soát tính hợp lệ").click()
        expect(page.get_by_text("Đã rà soát hợp lệ").first).to_be_visible()
        page.get_by_label("Hội đồng", exact=True).select_option(label=council.name)
        page.get_by_role("button", name="Giao", exact=True).click()
        expect(page.get_by_text("Đang xét duyệt").first).to_be_visible()

        # 3. the flagged member is not asked to score (nothing waits on their overview); their
        # reviews list shows why, and they step aside
        log_in_workspace(page, flagged.user.username)
        expect(page.get_by_role("link", name=f"{code} — {TITLE}")).to_have_count(0)
        page.goto("/workspace/reviews/")
        page.get_by_role("link", name=f"{code} — {TITLE}").first.click()
        expect(page.get_by_text("Cùng đơn vị với chủ nhiệm đề tài")).to_be_visible()
        page.locator("details.declare summary").click()
        page.locator("details.declare").get_by_label("Lý do").fill("Cùng khoa với chủ nhiệm đề tài")
        page.get_by_role("button", name="Khai báo và không tham gia chấm").click()
        expect(page.get_by_text("Đã ghi nhận xung đột lợi ích của bạn")).to_be_visible()

        # 4. the others score: the live total follows the points
        for person in scorers:
            log_in_workspace(page, person.user.username)
            page.get_by_role("link", name=f"{code} — {TITLE}").first.click()
            # count the criteria on the score sheet, not on the page the click leaves
            expect(page.locator("[data-score-sheet]")).to_be_visible()
            inputs = page.locator("input.score-points")
            for index in range(inputs.count()):
                inputs.nth(index).fill(str(int(inputs.nth(index).get_attribute("data-max")) - 1))
            expect(page.locator("[data-total]")).to_have_text("92 / 100")
            page.get_by_label("Biểu quyết").select_option("yes")
            page.get_by_label("Tôi cam kết không có xung đột lợi ích", exact=False).check()
            page.get_by_role("button", name="Gửi phiếu đánh giá").click()
            expect(page.get_by_text("Đã gửi phiếu đánh giá.")).to_be_visible()
            expect(page.locator("[data-submitted]")).to_be_visible()  # read-only from now on

        # 5. the secretary records attendance and votes, then the decision
        log_in_workspace(page, secretary.user.username)
        page.goto("/workspace/reviews/")
        page.get_by_role("link", name="Phiên họp hội đồng").click()
        # .all() does not wait: list the boxes of the meeting page, not of the page the click leaves
        page.wait_for_url("**/meeting/")
        for checkbox in page.locator("input[name^=present_]").all():
            checkbox.check()
        page.get_by_role("button", name="Ghi danh sách có mặt và biểu quyết").click()
        expect(
            page.get_by_text("Đã ghi nhận danh sách có mặt và kết quả biểu quyết.")
        ).to_be_visible()
        expect(page.locator("[data-quorum]")).to_have_text("đủ")
        expect(page.locator("[data-final-score]")).to_have_text("92")
        page.locator("#id_outcome").select_option("approved")
        page.get_by_role("button", name="Ghi nhận quyết định").click()
        expect(page.get_by_role("heading", name="BIÊN BẢN HỌP HỘI ĐỒNG KHOA HỌC")).to_be_visible()
        expect(page.locator("[data-decision]")).to_have_text("Đã phê duyệt")

        # 6. the lecturer sees the decision and the new topic
        log_in_workspace(page, lecturer.user.username)
        page.get_by_role("link", name=TITLE, exact=True).click()
        expect(page.get_by_text("đã trở thành đề tài")).to_be_visible()

    browse(journey)

    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.topic.status == TopicStatus.APPROVED
    assert proposal.reviews.get(member__person=flagged).conflict_declared
    decision_mails = [
        m for m in mail.outbox if m.to == [lecturer.email] and proposal.topic.code in m.body
    ]
    assert len(decision_mails) == 1
