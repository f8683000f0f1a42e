from django.test import TestCase
from django.urls import reverse

from research.models import Council, CouncilRole, ProposalStatus
from research.proposals.actions import SubmitProposal
from tests.factories import (
    CouncilFactory,
    EditorFactory,
    OfficeStaffFactory,
    PersonFactory,
    ProposalFactory,
    selection_rubric,
)


class OfficeProposalActionsTests(TestCase):
    """Eligibility, override, return and assignment from the proposal's admin page."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def setUp(self):
        self.client.force_login(self.office)
        self.proposal = ProposalFactory(complete=True, call__budget_ceiling=1_000_000)
        SubmitProposal(self.proposal, user=self.proposal.principal.user).execute()

    def post(self, name, data=None):
        return self.client.post(
            reverse(f"research_proposal:{name}", args=[self.proposal.pk]), data or {}, follow=True
        )

    def test_eligibility_failure_override_and_assignment(self):
        response = self.post("eligibility")
        self.assertContains(
            response, "Kinh phí đề nghị không vượt mức tối đa (24.000.000 đ / 1.000.000 đ)"
        )
        response = self.post("override", {"reason": ""})
        self.assertContains(response, "Trường này là bắt buộc.")
        self.post("override", {"reason": "Ban Giám hiệu đồng ý"})
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, ProposalStatus.ELIGIBLE)
        council = CouncilFactory()
        response = self.post("assign", {"council": council.pk})
        self.assertContains(response, "Đang xét duyệt")
        self.proposal.refresh_from_db()
        self.assertEqual(
            (self.proposal.status, self.proposal.council), (ProposalStatus.IN_REVIEW, council)
        )
        inspect = self.client.get(reverse("research_proposal:inspect", args=[self.proposal.pk]))
        self.assertContains(inspect, "Phiên họp hội đồng")

    def test_return_for_revision(self):
        self.post("return", {"outcome": "revision_requested", "reason": "Bổ sung tổng quan"})
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, ProposalStatus.REVISION_REQUESTED)

    def test_a_submitted_proposal_is_not_edited_in_the_admin(self):
        response = self.client.get(
            reverse("research_proposal:edit", args=[self.proposal.pk]), follow=True
        )
        self.assertContains(response, "Không sửa thuyết minh đã nộp")

    def test_editors_and_lecturers_cannot_act(self):
        for user in (EditorFactory(), self.proposal.principal.user):
            self.client.force_login(user)
            response = self.client.post(
                reverse("research_proposal:eligibility", args=[self.proposal.pk])
            )
            self.assertIn(response.status_code, (302, 403))
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.eligibility, [])

    def test_history_lists_every_transition(self):
        self.post("eligibility")
        self.post("return", {"outcome": "rejected", "reason": "Trùng đề tài đã có"})
        response = self.client.get(reverse("research_proposal:history", args=[self.proposal.pk]))
        self.assertContains(response, "Chuyển trạng thái từ “Bản nháp” sang “Đã nộp”")
        self.assertContains(
            response, "Chuyển trạng thái từ “Đã nộp” sang “Không phê duyệt”. Trùng đề tài đã có"
        )


class CouncilFormTests(TestCase):
    def form_data(self, roles):
        data = {
            "name": "Hội đồng xét duyệt năm 2026",
            "rubric": selection_rubric().pk,
            "decision_number": "15/QĐ-TCT",
            "members-TOTAL_FORMS": str(len(roles)),
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1",
            "members-MAX_NUM_FORMS": "1000",
        }
        for index, role in enumerate(roles):
            data.update(
                {
                    f"members-{index}-person": PersonFactory().pk,
                    f"members-{index}-role": role,
                    f"members-{index}-ORDER": str(index),
                    f"members-{index}-id": "",
                    f"members-{index}-DELETE": "",
                }
            )
        return data

    def test_a_well_formed_council_is_saved(self):
        self.client.force_login(OfficeStaffFactory())
        roles = ["chair", "vice_chair", "reviewer", "reviewer", "secretary", "member", "member"]
        response = self.client.post(reverse("research_council:add"), self.form_data(roles))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Council.objects.get().members.count(), 7)

    def test_size_and_roles_are_checked_and_input_kept(self):
        self.client.force_login(OfficeStaffFactory())
        roles = ["chair", "reviewer", "secretary", "member", "member", "member"]
        response = self.client.post(reverse("research_council:add"), self.form_data(roles))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hội đồng có từ 7 đến 9 thành viên; hội đồng này có 6.")
        self.assertContains(response, f"Hội đồng cần từ 2 đến 2 “{CouncilRole.REVIEWER.label}”")
        self.assertContains(response, 'value="15/QĐ-TCT"')
        self.assertFalse(Council.objects.exists())
