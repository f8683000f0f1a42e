"""Issue 20, item 15: the demo is finished with the README's role logins alone. On the demo data
as `load_demo_data` builds it, `giangvien` submits the draft, `phongnckh` checks it and puts it
before the school's council, `hoidong` scores it, and `phongnckh` records the meeting and the
council's decision — no `admin`, no account the README does not list."""

from playwright.sync_api import expect

from research.demo.common import DEMO_PASSWORD
from research.demo.content import PROPOSALS
from research.demo.loader import DemoLoader
from research.models import Proposal, ProposalStatus, Review
from tests.e2e.conftest import log_in, log_in_workspace

TITLE = PROPOSALS[1][0]  # the demo lecturer's draft


def test_a_draft_reaches_the_councils_decision_with_the_readme_logins(browse):
    DemoLoader().load()
    draft = Proposal.objects.get(title=TITLE)
    assert draft.status == ProposalStatus.DRAFT

    def journey(page):
        # 1. the lecturer submits the draft
        log_in_workspace(page, "giangvien", DEMO_PASSWORD)
        page.goto(draft.get_absolute_url())
        page.get_by_role("link", name="Nộp", exact=True).click()
        page.get_by_role("button", name="Nộp và chốt hồ sơ").click()
        expect(page.get_by_text("Đã nộp thuyết minh")).to_be_visible()

        # 2. the office checks eligibility and assigns the school's council
        log_in(page, "phongnckh", DEMO_PASSWORD)
        page.goto(f"/admin/research/proposals/inspect/{draft.pk}/")
        page.get_by_role("button", name="Rà soát tính hợp lệ").click()
        expect(page.get_by_text("Đã rà soát hợp lệ").first).to_be_visible()
        page.get_by_role("button", name="Giao", exact=True).click()
        expect(page.get_by_text("Đang xét duyệt").first).to_be_visible()

        # 3. the chair scores it
        log_in_workspace(page, "hoidong", DEMO_PASSWORD)
        page.get_by_role("link", name=TITLE).first.click()
        # count the criteria on the score sheet, not on the page the click leaves
        expect(page.locator("[data-score-sheet]")).to_be_visible()
        inputs = page.locator("input.score-points")
        for index in range(inputs.count()):
            inputs.nth(index).fill(str(int(inputs.nth(index).get_attribute("data-max")) - 1))
        page.get_by_label("Biểu quyết").select_option("yes")
        page.get_by_label("Tôi cam kết không có xung đột lợi ích", exact=False).check()
        page.get_by_role("button", name="Gửi phiếu đánh giá").click()
        expect(page.get_by_text("Đã gửi phiếu đánh giá.")).to_be_visible()

        # 4. the office records attendance, the votes and the decision
        log_in(page, "phongnckh", DEMO_PASSWORD)
        page.goto(f"/workspace/proposals/{draft.pk}/meeting/")
        for checkbox in page.locator("input[name^=present_]").all():
            checkbox.check()
        for vote in page.locator("select[name^=vote_]").all():
            vote.select_option("yes")
        page.get_by_role("button", name="Ghi danh sách có mặt và biểu quyết").click()
        expect(
            page.get_by_text("Đã ghi nhận danh sách có mặt và kết quả biểu quyết.")
        ).to_be_visible()
        expect(page.locator("[data-quorum]")).to_have_text("đủ")
        page.locator("#id_outcome").select_option("approved")
        page.get_by_role("button", name="Ghi nhận quyết định").click()
        expect(page.locator("[data-decision]")).to_have_text("Đã phê duyệt")

    browse(journey)

    draft.refresh_from_db()
    assert draft.status == ProposalStatus.APPROVED
    assert draft.topic is not None
    # The office's login sits on no council: nothing was asked of it but the office's work.
    assert not Review.objects.filter(member__person__user__username="phongnckh").exists()
