"""Lists of things to do show only what can still be done; a returned proposal says why."""

from django.test import TestCase
from django.urls import reverse

from research.councils.actions.councils import DeclareConflict, RecordAttendance, SaveScoreSheet
from research.models import CouncilRole, ProposalStatus, Review
from research.proposals.actions import RecordCouncilDecision, ReturnProposal, SubmitProposal
from tests.factories import OfficeStaffFactory, ProposalFactory, proposal_in_review


def full_entries(rubric):
    return {c.pk: (c.max_points, False) for c in rubric.criteria.all()}


class StaleToDoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.proposal = proposal_in_review(office=cls.office)

    def reviews(self):
        return list(Review.objects.filter(proposal=self.proposal).select_related("member__person"))

    def secretary(self):
        return next(r for r in self.reviews() if r.member.role == CouncilRole.SECRETARY)

    def decide(self):
        for review in self.reviews():
            SaveScoreSheet(
                review,
                full_entries(self.proposal.rubric),
                user=review.member.person.user,
                recommend=True,
                submit=review.member.role != CouncilRole.SECRETARY,
            ).execute()
        reviews = self.reviews()
        RecordAttendance(
            self.proposal, user=self.office, present=[r.pk for r in reviews], votes={}
        ).execute()
        RecordCouncilDecision(self.proposal, ProposalStatus.APPROVED, user=self.office).execute()

    def test_before_the_decision_the_secretary_has_a_sheet_and_a_meeting_to_do(self):
        secretary = self.secretary()
        self.client.force_login(secretary.member.person.user)
        response = self.client.get(reverse("research:dashboard"))
        self.assertContains(response, reverse("research:review-detail", args=[secretary.pk]))
        self.assertContains(response, reverse("research:proposal-meeting", args=[self.proposal.pk]))

    def test_after_the_decision_nothing_is_left_to_do(self):
        self.decide()
        secretary = self.secretary()
        self.assertIsNone(secretary.submitted_at)  # never submitted, and now too late
        self.client.force_login(secretary.member.person.user)
        response = self.client.get(reverse("research:dashboard"))
        self.assertNotContains(response, reverse("research:review-detail", args=[secretary.pk]))
        self.assertNotContains(
            response, reverse("research:proposal-meeting", args=[self.proposal.pk])
        )
        listing = self.client.get(reverse("research:review-list"))
        self.assertContains(listing, "Hội đồng đã quyết định")
        self.assertNotContains(listing, "Cần làm")
        self.assertFalse(Review.objects.to_do().filter(proposal=self.proposal).exists())

    def test_a_member_who_stepped_aside_has_nothing_to_do(self):
        member = next(r for r in self.reviews() if r.member.role == CouncilRole.MEMBER)
        DeclareConflict(member, user=member.member.person.user, note="Cùng khoa").execute()
        self.assertFalse(Review.objects.to_do().filter(pk=member.pk).exists())


class ReturnReasonTests(TestCase):
    def test_the_lecturer_reads_the_offices_reasons_on_the_proposal_page(self):
        office = OfficeStaffFactory()
        proposal = ProposalFactory(complete=True)
        lecturer = proposal.principal.user
        SubmitProposal(proposal, user=lecturer).execute()
        ReturnProposal(
            proposal,
            ProposalStatus.REVISION_REQUESTED,
            user=office,
            reason="Bổ sung dự toán khảo sát",
        ).execute()
        SubmitProposal(proposal, user=lecturer).execute()
        ReturnProposal(
            proposal, ProposalStatus.REVISION_REQUESTED, user=office, reason="Thiếu phiếu đăng ký"
        ).execute()
        self.client.force_login(lecturer)
        response = self.client.get(proposal.get_absolute_url())
        self.assertContains(response, "Trả lại từ Phòng")
        self.assertContains(response, "Thiếu phiếu đăng ký")
        self.assertContains(response, "Bổ sung dự toán khảo sát")  # the history of returns
        reason = response.content.decode().split("data-return-reason>")[1]
        self.assertTrue(reason.startswith("Thiếu phiếu đăng ký"))
