"""“Has this been done?” in the browser (issue 26): a lecturer types a title close to a topic the
school runs and sees it listed with the shared phrases; the office is warned at eligibility and
records its judgement; a blind council member sees the judgement on the score sheet, without the
proposer's name."""

from django.urls import reverse
from playwright.sync_api import expect

from research.core.permissions import Roles
from research.models import OverlapJudgement, Review
from research.proposals.actions import AssignCouncil, RunEligibilityCheck, SubmitProposal
from tests.e2e.conftest import log_in, log_in_workspace
from tests.factories import (
    CallFactory,
    CouncilFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    ProposalFactory,
    TopicFactory,
)

ACCEPTED = "Nâng cao chất lượng sinh hoạt chi bộ ở các xã biên giới"
TYPED = "Đổi mới sinh hoạt chi bộ ở các xã vùng biên giới"
PI = "Lê Thị Thu Hà"


def test_the_lecturer_the_office_and_the_council_see_similar_work(browse):
    office = OfficeStaffFactory()
    TopicFactory(title=ACCEPTED, code="CS-2024-015", status="in_progress")
    call = CallFactory(blind_review=True, similarity_threshold=40)
    lecturer = PersonWithLoginFactory(full_name=PI, user__role=Roles.LECTURER)
    proposal = ProposalFactory(call=call, principal=lecturer, title=TYPED, complete=True)
    SubmitProposal(proposal, user=lecturer.user).execute()
    inspect = reverse("research_proposal:inspect", args=[proposal.pk])

    def drafting(page):
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in_workspace(page, lecturer.user.username)
        page.goto(f"/workspace/proposals/new/?call={call.pk}")
        page.fill('[name="title"]', "Sinh hoạt chi bộ ở các xã biên giới")
        panel = page.locator("#similar")
        expect(panel.get_by_text(ACCEPTED)).to_be_visible()
        expect(panel.get_by_text("(CS-2024-015)")).to_be_visible()
        expect(panel.locator("mark").first).to_contain_text("sinh hoạt chi bộ", ignore_case=True)

    def eligibility(page):
        log_in(page, office.username)
        page.goto(inspect)
        expect(page.get_by_text("vượt ngưỡng của đợt đăng ký").first).to_be_visible()
        details = page.locator("details", has_text=ACCEPTED)
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        details.get_by_label("Trùng lặp thực sự", exact=True).check()
        details.get_by_label("Lý do").fill("Cùng đối tượng nhưng khác địa bàn khảo sát")
        details.get_by_role("button", name="Ghi nhận đánh giá này").click()
        expect(
            page.get_by_text("Đánh giá đã được ghi nhận vào hồ sơ gửi hội đồng.")
        ).to_be_visible()

    browse(drafting)
    browse(eligibility)
    judgement = OverlapJudgement.objects.get(proposal=proposal)
    assert (judgement.overlap, judgement.title) == (True, ACCEPTED)

    RunEligibilityCheck(proposal, user=office).execute()
    AssignCouncil(proposal, CouncilFactory(), user=office).execute()
    review = Review.objects.filter(proposal=proposal).select_related("member__person__user")[0]

    def scoring(page):
        log_in_workspace(page, review.member.person.user.username)
        page.goto(f"/workspace/reviews/{review.pk}/")
        papers = page.locator(".similar-papers")
        expect(papers.get_by_text("Cùng đối tượng nhưng khác địa bàn khảo sát")).to_be_visible()
        expect(papers.get_by_text("Trùng lặp thực sự")).to_be_visible()
        expect(papers.get_by_text(ACCEPTED).first).to_be_visible()
        assert PI not in page.content()

    browse(scoring)
