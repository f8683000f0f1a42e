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


class OrderToDoTests(TestCase):
    """research.orders: the office's to-do shows the answers, orders, hand-overs and
    confirmations the order cycle waits for, and forgets each once it is done."""

    def test_the_order_cycle_on_the_offices_list(self):
        import datetime

        from django.utils import timezone

        from research.models import OrderStatus, ProvinceAnswer, SubmissionStatus
        from research.personal.todo import todo_for
        from tests.factories.orders import OrderFactory, ProposedTopicFactory, days_ago

        office = OfficeStaffFactory()
        pending = ProposedTopicFactory(title="Chờ tỉnh trả lời")
        type(pending.submission).objects.filter(pk=pending.submission_id).update(
            status=SubmissionStatus.SENT, sent_on=days_ago(40)
        )
        ordered = ProposedTopicFactory(
            title="Tỉnh đã đặt hàng", answer=ProvinceAnswer.ORDERED, answered_on=days_ago(5)
        )
        late = OrderFactory(title="Bàn giao quá hạn", handover_due_on=days_ago(3))
        OrderFactory(
            title="Chưa đến hạn", handover_due_on=timezone.localdate() + datetime.timedelta(30)
        )
        waiting = OrderFactory(
            title="Chờ xác nhận",
            status=OrderStatus.HANDED_OVER,
            handed_over_on=days_ago(100),
            confirmation_due_on=days_ago(1),
        )

        def titles():
            return {
                task.title for _label, _count, tasks in todo_for(office)["office"] for task in tasks
            }

        found = titles()
        self.assertIn("Chờ tỉnh trả lời", found)
        self.assertIn("Tỉnh đã đặt hàng", found)
        self.assertIn(str(late), found)
        self.assertIn(str(waiting), found)
        self.assertNotIn("Chưa đến hạn", " ".join(found))
        OrderFactory(title="Đơn đã ghi", proposed_topic=ordered)
        late.status = OrderStatus.HANDED_OVER
        late.handed_over_on = days_ago(1)
        late.save()
        waiting.status, waiting.applied_on = OrderStatus.APPLIED, days_ago(0)
        waiting.save()
        found = titles()
        self.assertNotIn("Tỉnh đã đặt hàng", found)
        self.assertNotIn(str(waiting), found)
        self.assertIn(str(late), found)  # handed over with no date set: awaiting confirmation
