"""Similar work where decisions are made (issue 26 §1): what the lecturer writing a proposal sees,
what the office sees and judges at eligibility, what the council sees on its score sheet and
meeting page — blind-safe. The finder itself is held to its contract in tests/search."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from research.core.actions import ActionRefused, InvalidTransition
from research.core.permissions import Roles
from research.core.similarity import Draft
from research.models import OverlapJudgement, Proposal, Review
from research.proposals.actions import (
    AssignCouncil,
    RecordOverlapJudgement,
    RunEligibilityCheck,
    SubmitProposal,
)
from research.proposals.overlap import (
    council_papers,
    similar_for_draft,
    similar_for_review,
    warnings,
)
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
OTHER = "Sinh hoạt chi bộ ở các xã vùng biên giới: đổi mới nội dung"
PI = "Trần Thị Hồng Nhung"


def refs(hits):
    return [hit.ref for hit in hits]


class SimilarWorkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.topic = TopicFactory(title=ACCEPTED, code="CS-2024-015", status="in_progress")
        cls.unrelated = TopicFactory(title="Phát triển du lịch cộng đồng ở Khe Sanh")
        cls.call = CallFactory(similarity_threshold=40)
        cls.other = ProposalFactory(call=cls.call, title=OTHER, complete=True)
        SubmitProposal(cls.other, user=cls.other.principal.user).execute()
        cls.mine = ProposalFactory(call=cls.call, title=TYPED, complete=True)
        cls.lecturer = cls.mine.principal.user

    def test_the_lecturer_sees_the_schools_topic_by_title_and_code_never_a_proposal(self):
        hits = similar_for_draft(self.lecturer, Draft.of(TYPED), self.mine)
        self.assertEqual(refs(hits), [f"topic:{self.topic.pk}"])
        hit = hits[0]
        self.assertEqual((hit.title, hit.code, hit.url), (ACCEPTED, "CS-2024-015", ""))
        self.assertTrue(any("sinh hoạt chi bộ" in phrase for phrase in hit.shared), hit.shared)
        self.assertNotIn(f"proposal:{self.other.pk}", refs(hits))

    def test_the_office_sees_the_other_proposal_of_the_call_and_is_warned(self):
        SubmitProposal(self.mine, user=self.lecturer).execute()
        hits = similar_for_review(self.office, self.mine)
        self.assertEqual(set(refs(hits)), {f"topic:{self.topic.pk}", f"proposal:{self.other.pk}"})
        self.assertNotIn(f"proposal:{self.mine.pk}", refs(hits))
        self.assertTrue(all(hit.url for hit in hits))  # the office's own pages
        self.assertTrue(warnings(self.mine, hits))
        self.call.similarity_threshold = None
        self.call.save()
        self.mine.refresh_from_db()
        self.assertEqual(warnings(self.mine, hits), [])

    def test_the_office_records_its_judgement_with_a_reason_and_a_log(self):
        SubmitProposal(self.mine, user=self.lecturer).execute()
        ref = f"proposal:{self.other.pk}"
        for refused, kwargs in [
            (ActionRefused, {"user": self.lecturer, "reason": "x"}),  # not the office
            (InvalidTransition, {"user": self.office, "reason": "  "}),  # no reason
        ]:
            with self.subTest(kwargs=kwargs), self.assertRaises(refused):
                RecordOverlapJudgement(self.mine, ref, overlap=True, **kwargs).execute()
        with self.assertRaises(ActionRefused):  # not among the similar work found
            RecordOverlapJudgement(
                self.mine, f"topic:{self.unrelated.pk}", user=self.office, overlap=False, reason="x"
            ).execute()
        RecordOverlapJudgement(
            self.mine, ref, user=self.office, overlap=True, reason="Cùng nội dung"
        ).execute()
        RecordOverlapJudgement(
            self.mine, ref, user=self.office, overlap=False, reason="Khác địa bàn khảo sát"
        ).execute()
        judgement = OverlapJudgement.objects.get(proposal=self.mine)
        self.assertEqual(
            (judgement.overlap, judgement.reason, judgement.title, judgement.round),
            (False, "Khác địa bàn khảo sát", OTHER, 1),
        )
        entries = ModelLogEntry.objects.filter(action="research.proposal.overlap")
        self.assertEqual(entries.count(), 2)
        self.assertEqual(entries.latest("timestamp").data["reason"], "Khác địa bàn khảo sát")

    def test_a_draft_is_not_judged(self):
        with self.assertRaises(InvalidTransition):
            RecordOverlapJudgement(
                self.mine, f"topic:{self.topic.pk}", user=self.office, overlap=True, reason="x"
            ).execute()


class SimilarWorkPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.topic = TopicFactory(title=ACCEPTED, code="CS-2024-015", status="in_progress")
        cls.call = CallFactory()

    def setUp(self):
        self.person = PersonWithLoginFactory(user__role=Roles.LECTURER)
        self.client.force_login(self.person.user)

    def test_the_live_panel_answers_a_fragment_to_lecturers_only(self):
        url = reverse("research:proposal-similar")
        response = self.client.get(url, {"title": TYPED, "objectives": "x" * 10_000})
        self.assertContains(response, ACCEPTED)
        self.assertContains(response, "CS-2024-015")
        self.assertContains(response, "<mark>")
        self.assertNotContains(response, "<html")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertContains(self.client.get(url, {"title": "zzz"}), "Không tìm thấy")
        self.client.force_login(OfficeStaffFactory())
        self.assertEqual(self.client.get(url, {"title": TYPED}).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(url, {"title": TYPED}).status_code, 302)

    def test_checking_without_javascript_shows_the_list_beside_the_unsaved_form(self):
        data = {"title": TYPED, "duration_months": "12", "similar": "1"}
        url = reverse("research:proposal-create") + f"?call={self.call.pk}"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, ACCEPTED)
        self.assertContains(response, f'value="{TYPED}"')
        self.assertFalse(Proposal.objects.filter(title=TYPED).exists())

    def test_the_office_keeps_the_common_phrases_and_each_calls_threshold(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("research_common_phrase:index"))
        self.assertContains(response, "xây dựng Đảng")  # seeded by the migration
        response = self.client.get(reverse("research_call:edit", args=[self.call.pk]))
        self.assertContains(response, "Ngưỡng cảnh báo tương tự")

    def test_the_office_is_warned_at_eligibility_and_judges_from_the_admin(self):
        proposal = ProposalFactory(call=self.call, title=TYPED, complete=True)
        SubmitProposal(proposal, user=proposal.principal.user).execute()
        self.client.force_login(self.office)
        inspect = reverse("research_proposal:inspect", args=[proposal.pk])
        response = self.client.get(inspect)
        self.assertContains(response, "vượt ngưỡng của đợt đăng ký")
        self.assertContains(response, ACCEPTED)
        response = self.client.post(
            reverse("research_proposal:overlap", args=[proposal.pk]),
            {"ref": f"topic:{self.topic.pk}", "overlap": "yes", "reason": "Trùng đối tượng"},
            follow=True,
        )
        self.assertContains(response, "Đánh giá đã được ghi nhận")
        self.assertContains(response, "Trùng đối tượng")
        response = self.client.post(
            reverse("research_proposal:overlap", args=[proposal.pk]),
            {"ref": "topic:999999", "overlap": "maybe", "reason": ""},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(OverlapJudgement.objects.count(), 1)


class BlindCouncilPapersTests(TestCase):
    """A blind reviewer sees the similar work and the office's judgement, never a name: not the
    team's own earlier topic, not the names in another proposal's title."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        pi = PersonWithLoginFactory(full_name=PI, user__role=Roles.LECTURER)
        cls.own = TopicFactory(title=ACCEPTED, code="CS-2023-042", principal=pi)
        cls.call = CallFactory(blind_review=True)
        cls.other = ProposalFactory(
            call=cls.call, title="Sinh hoạt chi bộ biên giới: đổi mới nội dung", complete=True
        )
        SubmitProposal(cls.other, user=cls.other.principal.user).execute()
        cls.proposal = ProposalFactory(call=cls.call, principal=pi, title=TYPED, complete=True)
        SubmitProposal(cls.proposal, user=pi.user).execute()
        RecordOverlapJudgement(
            cls.proposal,
            f"topic:{cls.own.pk}",
            user=cls.office,
            overlap=False,
            reason=f"Đề tài trước của {PI}, nay mở rộng địa bàn",
        ).execute()
        RunEligibilityCheck(cls.proposal, user=cls.office).execute()
        AssignCouncil(cls.proposal, CouncilFactory(), user=cls.office).execute()
        cls.proposal.refresh_from_db()
        cls.review = Review.objects.filter(proposal=cls.proposal).first()

    def test_the_score_sheet_shows_the_papers_without_a_name(self):
        member = self.review.member.person.user
        papers = council_papers(member, self.proposal)
        titles = [hit.title for hit in papers["similar"]]
        self.assertNotIn(ACCEPTED, titles)
        self.assertIn("Một công trình trước đây của nhóm (ẩn khi phản biện kín)", titles)
        self.client.force_login(member)
        response = self.client.get(reverse("research:review-detail", args=[self.review.pk]))
        self.assertContains(response, "Tính mới: công trình tương tự")
        self.assertContains(response, "Một công trình trước đây của nhóm")
        self.assertContains(response, "nay mở rộng địa bàn")
        for leak in (PI, "Hồng Nhung", "CS-2023-042", ACCEPTED):
            self.assertNotContains(response, leak)

    def test_the_office_and_the_secretary_see_the_work_by_name(self):
        papers = council_papers(self.office, self.proposal)
        self.assertIn(ACCEPTED, [hit.title for hit in papers["similar"]])
        self.assertEqual(papers["judgements"][0].title, ACCEPTED)
