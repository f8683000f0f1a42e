"""Comparing two submitted versions flags added and removed rows and writes amounts in VND."""

from django.test import TestCase
from django.urls import reverse

from research.models import ProposalBudgetItem, ProposalMember, ProposalStatus, TeamRole
from research.proposals.actions import ReturnProposal, SubmitProposal
from tests.factories import OfficeStaffFactory, PersonFactory, ProposalFactory, funding_source


class CompareVersionsTests(TestCase):
    def test_added_and_removed_rows_are_flagged_and_amounts_formatted(self):
        proposal = ProposalFactory(complete=True)
        lecturer = proposal.principal.user
        SubmitProposal(proposal, user=lecturer).execute()
        ReturnProposal(
            proposal, ProposalStatus.REVISION_REQUESTED, user=OfficeStaffFactory(), reason="Sửa"
        ).execute()
        proposal.budget_items.filter(item="Khảo sát thực địa").delete()
        ProposalBudgetItem.objects.create(
            proposal=proposal, item="Thuê chuyên gia", source=funding_source(), amount=5_000_000
        )
        ProposalMember.objects.create(
            proposal=proposal, person=PersonFactory(full_name="Đỗ Thị Hạnh"), role=TeamRole.MEMBER
        )
        proposal.refresh_from_db()
        proposal.objectives = "Mục tiêu đã sửa."
        proposal.save()
        SubmitProposal(proposal, user=lecturer).execute()
        self.client.force_login(lecturer)
        response = self.client.get(
            reverse("research:proposal-compare", args=[proposal.pk]), {"a": 1, "b": 2}
        )
        page = response.content.decode()
        removed = page.split("data-removed>", 1)[1].split("</li>", 1)[0]
        self.assertIn("Khảo sát thực địa", removed)
        self.assertIn("6.000.000 đ", removed)
        added = [chunk.split("</li>", 1)[0] for chunk in page.split("data-added>")[1:]]
        self.assertTrue(any("Thuê chuyên gia" in a and "5.000.000 đ" in a for a in added))
        self.assertTrue(any("Đỗ Thị Hạnh" in a for a in added))
        self.assertNotIn("5000000", page)
        self.assertNotIn("Thuê khoán chuyên môn</del>", page)  # unchanged rows are not flagged
        self.assertContains(response, 'class="changed"', count=3)  # objectives, team, budget
