"""Every council action, through its real view, on both things a council reviews: a proposal at
selection and a topic at acceptance. And the rule that a member with an unresolved conflict of
interest neither scores, votes nor counts toward quorum or approval."""

import datetime

from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from research.closing.actions.acceptance import AssignAcceptanceCouncil, SubmitSelfEvaluation
from research.core.actions import ActionRefused
from research.councils.actions.councils import RecordAttendance, ResolveConflict, SaveScoreSheet
from research.councils.scoring import aggregate
from research.models import CouncilRole, Review, Rubric, RubricKind, TopicStatus
from tests.factories import (
    CouncilFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
    proposal_in_review,
)


def full_entries(rubric):
    return {c.pk: (c.max_points, False) for c in rubric.criteria.all()}


class CouncilSubjectMixin:
    """The same checks for each subject; subclasses say how the subject is put before a council."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.subject = cls.make_subject(cls.office)
        cls.rubric = cls.subject.review_rubric

    def reviews(self):
        return list(Review.objects.for_round(type(self.subject).objects.get(pk=self.subject.pk)))

    def review(self, role, index=0):
        return [r for r in self.reviews() if r.member.role == role][index]

    def user_of(self, review):
        return review.member.person.user

    def flag(self, review):
        review.conflict_flags = ["same_unit"]
        review.save()
        return review

    def score_all(self, recommend=True):
        for review in self.reviews():
            if review.is_conflicted:
                continue
            SaveScoreSheet(
                review,
                full_entries(self.rubric),
                user=self.user_of(review),
                recommend=recommend,
                submit=True,
            ).execute()

    def meeting_url(self):
        return reverse(self.meeting_name, args=[self.subject.pk])

    def decision_url(self):
        return reverse(self.decision_name, args=[self.subject.pk])

    def minutes_url(self):
        return reverse(self.minutes_name, args=[self.subject.pk])

    def meeting_post(self, present, votes):
        data = {f"present_{pk}": "on" for pk in present}
        data.update({f"vote_{pk}": value for pk, value in votes.items()})
        return data

    # --- the views, one per council action --------------------------------------------------

    def test_the_score_sheet_opens_saves_and_submits(self):
        review = self.review(CouncilRole.MEMBER)
        self.client.force_login(self.user_of(review))
        url = reverse("research:review-detail", args=[review.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {f"points_{pk}": points for pk, (points, _na) in full_entries(self.rubric).items()}
        response = self.client.post(
            url, {**data, "recommend": "yes", "submit": "1", "no_conflict": "on"}
        )
        self.assertEqual(response.status_code, 302)
        review.refresh_from_db()
        self.assertIsNotNone(review.submitted_at)

    def test_a_member_declares_a_conflict_and_loses_the_vote(self):
        review = self.review(CouncilRole.MEMBER)
        review.recommend = True
        review.save()
        self.client.force_login(self.user_of(review))
        response = self.client.post(
            reverse("research:review-conflict", args=[review.pk]), {"reason": "Cùng khoa"}
        )
        self.assertEqual(response.status_code, 302)
        review.refresh_from_db()
        self.assertTrue(review.conflict_declared)
        self.assertIsNone(review.recommend)

    def test_the_secretary_resolves_a_flag_with_a_reason_and_it_is_logged(self):
        flagged = self.flag(self.review(CouncilRole.MEMBER))
        secretary = self.user_of(self.review(CouncilRole.SECRETARY))
        self.client.force_login(secretary)
        url = reverse("research:review-resolve", args=[flagged.pk])
        self.client.post(url, {"reason": "", "next": self.meeting_url()})
        flagged.refresh_from_db()
        self.assertEqual(flagged.conflict_resolution, "")
        response = self.client.post(url, {"reason": "Đã chuyển khoa", "next": self.meeting_url()})
        self.assertRedirects(response, self.meeting_url(), fetch_redirect_response=False)
        flagged.refresh_from_db()
        self.assertEqual(flagged.conflict_resolution, "Đã chuyển khoa")
        self.assertEqual(flagged.conflict_resolved_by, secretary)
        entry = ModelLogEntry.objects.filter(action="research.review.conflict").latest("pk")
        self.assertEqual(entry.user, secretary)
        self.assertEqual(entry.data["resolution"], "Đã chuyển khoa")

    def test_the_office_resolves_a_flag(self):
        flagged = self.flag(self.review(CouncilRole.MEMBER))
        self.client.force_login(self.office)
        self.client.post(
            reverse("research:review-resolve", args=[flagged.pk]), {"reason": "Không áp dụng"}
        )
        flagged.refresh_from_db()
        self.assertEqual(flagged.conflict_resolved_by, self.office)

    def test_a_member_cannot_clear_their_own_flag(self):
        flagged = self.flag(self.review(CouncilRole.MEMBER))
        self.client.force_login(self.user_of(flagged))
        response = self.client.post(
            reverse("research:review-resolve", args=[flagged.pk]), {"reason": "Tôi thấy ổn"}
        )
        self.assertEqual(response.status_code, 403)
        flagged.refresh_from_db()
        self.assertEqual(flagged.conflict_resolution, "")
        self.assertTrue(flagged.is_conflicted)

    def test_a_flagged_secretary_cannot_clear_their_own_flag(self):
        secretary = self.flag(self.review(CouncilRole.SECRETARY))
        self.client.force_login(self.user_of(secretary))
        response = self.client.post(
            reverse("research:review-resolve", args=[secretary.pk]), {"reason": "Ổn"}
        )
        self.assertEqual(response.status_code, 403)

    def test_resolving_redirects_only_within_the_site(self):
        flagged = self.flag(self.review(CouncilRole.MEMBER))
        self.client.force_login(self.office)
        for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
            with self.subTest(target=target):
                response = self.client.post(
                    reverse("research:review-resolve", args=[flagged.pk]),
                    {"reason": "Không áp dụng", "next": target},
                )
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/"), response["Location"])
                self.assertFalse(response["Location"].startswith("//"))

    def test_the_meeting_page_records_attendance_and_votes(self):
        self.client.force_login(self.user_of(self.review(CouncilRole.SECRETARY)))
        self.assertEqual(self.client.get(self.meeting_url()).status_code, 200)
        reviews = self.reviews()
        response = self.client.post(
            self.meeting_url(),
            self.meeting_post([r.pk for r in reviews], {r.pk: "yes" for r in reviews}),
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(all(r.present and r.recommend for r in self.reviews()))

    def test_the_decision_is_recorded_and_the_minutes_open(self):
        self.score_all()
        reviews = self.reviews()
        RecordAttendance(
            self.subject,
            user=self.office,
            present=[r.pk for r in reviews],
            votes={r.pk: True for r in reviews},
        ).execute()
        self.client.force_login(self.user_of(self.review(CouncilRole.SECRETARY)))
        response = self.client.post(self.decision_url(), self.decision_data)
        self.assertRedirects(response, self.minutes_url(), fetch_redirect_response=False)
        response = self.client.get(self.minutes_url())
        self.assertEqual(response.status_code, 200)

    # --- conflicted members do not count ----------------------------------------------------

    def test_a_conflicted_member_has_no_vote_on_the_meeting_page(self):
        flagged = self.flag(self.review(CouncilRole.MEMBER))
        self.client.force_login(self.user_of(self.review(CouncilRole.SECRETARY)))
        response = self.client.get(self.meeting_url())
        self.assertNotContains(response, f'name="vote_{flagged.pk}"')
        self.assertContains(response, f'name="vote_{self.review(CouncilRole.CHAIR).pk}"')
        reviews = self.reviews()
        self.client.post(
            self.meeting_url(),
            self.meeting_post([r.pk for r in reviews], {r.pk: "yes" for r in reviews}),
        )
        flagged.refresh_from_db()
        self.assertIsNone(flagged.recommend)

    def test_recording_a_conflicted_members_vote_is_refused(self):
        flagged = self.flag(self.review(CouncilRole.MEMBER))
        with self.assertRaisesMessage(ActionRefused, flagged.member.person.display_name):
            RecordAttendance(
                self.subject, user=self.office, present=[flagged.pk], votes={flagged.pk: True}
            ).execute()

    def test_a_conflicted_member_neither_votes_nor_counts_toward_quorum_or_score(self):
        # 7 members; 5 present, one of them with an unresolved flag: 4 sit, 4/7 < 2/3.
        reviews = self.reviews()
        flagged = self.flag([r for r in reviews if r.member.role == CouncilRole.MEMBER][0])
        flagged.recommend = True
        flagged.present = True
        flagged.save()
        absent = [r for r in reviews if r.member.role == CouncilRole.MEMBER][1]
        vice = [r for r in reviews if r.member.role == CouncilRole.VICE_CHAIR][0]
        for review in reviews:
            if review.pk in (flagged.pk, absent.pk, vice.pk):
                continue
            review.present, review.recommend = True, review.member.role != CouncilRole.CHAIR
            review.save()
        result = aggregate(self.rubric, self.reviews())
        self.assertEqual(result.present, 4)
        self.assertEqual((result.votes_for, result.voters), (3, 4))
        self.assertFalse(result.quorum_met)
        summary = result.as_summary()
        sheet = next(s for s in summary["sheets"] if s["conflicted"])
        self.assertIsNone(sheet["recommend"])
        self.assertFalse(sheet["counted"])

    def test_a_conflicted_reviewer_breaks_quorum(self):
        reviewer = self.flag(self.review(CouncilRole.REVIEWER))
        for review in self.reviews():
            review.present = True
            review.save()
        result = aggregate(self.rubric, self.reviews())
        self.assertFalse(result.quorum_met)
        self.assertIn("phản biện", " ".join(result.quorum_problems).lower())
        Review.objects.filter(pk=reviewer.pk).update(conflict_resolution="Không áp dụng")
        self.assertTrue(aggregate(self.rubric, self.reviews()).quorum_met)


class CouncilQaFindingsMixin:
    """What trying the council pages as each role found, each a rule now."""

    def test_a_team_members_flag_is_never_cleared(self):
        review = self.review(CouncilRole.MEMBER)
        review.conflict_flags = ["on_team"]
        review.save()
        with self.assertRaisesMessage(ActionRefused, "không thể gỡ"):
            ResolveConflict(review, user=self.office, resolution="Không sao").execute()
        self.client.force_login(self.user_of(self.review(CouncilRole.SECRETARY)))
        page = self.client.get(self.meeting_url())
        self.assertContains(page, "thuộc nhóm nghiên cứu: không tham dự")
        self.assertNotContains(
            page, f'action="{reverse("research:review-resolve", args=[review.pk])}"'
        )

    def test_no_one_is_offered_to_clear_their_own_flag_and_a_refusal_says_why(self):
        secretary = self.flag(self.review(CouncilRole.SECRETARY))
        self.client.force_login(self.user_of(secretary))
        page = self.client.get(self.meeting_url())
        resolve = reverse("research:review-resolve", args=[secretary.pk])
        self.assertNotContains(page, f'action="{resolve}"')
        self.assertContains(page, "chờ Phòng Quản lý đào tạo và NCKH giải quyết")
        refused = self.client.post(resolve, {"reason": "Ổn"})
        self.assertEqual(refused.status_code, 403)
        self.assertContains(refused, "Thành viên không tự gỡ", status_code=403)

    def test_the_minutes_record_attendance_and_conflicts(self):
        flagged = self.flag(self.review(CouncilRole.MEMBER))
        ResolveConflict(flagged, user=self.office, resolution="Khác khoa từ 2024").execute()
        self.score_all()
        reviews = self.reviews()
        RecordAttendance(
            self.subject,
            user=self.office,
            present=[r.pk for r in reviews],
            votes={r.pk: True for r in reviews},
        ).execute()
        self.client.force_login(self.office)
        self.client.post(self.decision_url(), self.decision_data)
        minutes = self.client.get(self.minutes_url())
        self.assertContains(minutes, "7 trên 7; 7 tham dự hợp lệ")
        self.assertContains(minutes, "Khác khoa từ 2024")
        self.assertContains(minutes, "data-conflicts")

    def test_the_vote_speaks_of_what_is_decided(self):
        self.client.force_login(self.office)
        page = self.client.get(self.meeting_url())
        self.assertContains(page, self.vote_wording)


class ProposalCouncilTests(CouncilSubjectMixin, CouncilQaFindingsMixin, TestCase):
    meeting_name = "research:proposal-meeting"
    decision_name = "research:proposal-decision"
    minutes_name = "research:proposal-minutes"
    decision_data = {"outcome": "approved", "note": ""}

    @staticmethod
    def make_subject(office):
        return proposal_in_review(office=office)

    vote_wording = "Đề nghị thực hiện"

    def test_the_decision_is_not_preselected(self):
        self.client.force_login(self.office)
        page = self.client.get(self.meeting_url())
        self.assertContains(page, '<option value="" selected>—</option>', html=False)


class AcceptanceCouncilTests(CouncilSubjectMixin, CouncilQaFindingsMixin, TestCase):
    meeting_name = "research:topic-meeting"
    decision_name = "research:topic-decision"
    minutes_name = "research:topic-minutes"
    decision_data = {"note": ""}

    @staticmethod
    def make_subject(office):
        pi = PersonWithLoginFactory()
        topic = TopicFactory(
            in_progress=True,
            planned_start=datetime.date(2025, 1, 1),
            planned_end=datetime.date(2025, 12, 31),
            principal=pi,
        )
        SubmitSelfEvaluation(topic, user=pi.user, text="Hoàn thành").execute()
        council = CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE))
        AssignAcceptanceCouncil(topic, council, user=office).execute()
        topic.refresh_from_db()
        assert topic.status == TopicStatus.UNDER_EVALUATION
        return topic

    vote_wording = "Đề nghị công nhận kết quả"

    def test_the_topic_from_an_approval_has_a_readable_history(self):
        proposal = proposal_in_review(office=self.office)
        from research.proposals.actions import RecordCouncilDecision

        for review in Review.objects.for_round(proposal):
            SaveScoreSheet(
                review,
                full_entries(proposal.rubric),
                user=review.member.person.user,
                recommend=True,
                submit=True,
            ).execute()
        reviews = list(Review.objects.for_round(proposal))
        RecordAttendance(
            proposal, user=self.office, present=[r.pk for r in reviews], votes={}
        ).execute()
        RecordCouncilDecision(proposal, "approved", user=self.office).execute()
        proposal.refresh_from_db()
        self.client.force_login(self.office)
        for url in (
            reverse("research_topic:history", args=[proposal.topic.pk]),
            reverse("research_topic:inspect", args=[proposal.topic.pk]),
            reverse("wagtailadmin_reports:site_history"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
        self.assertContains(
            self.client.get(reverse("research_topic:history", args=[proposal.topic.pk])),
            f"Tạo từ thuyết minh {proposal.code}",
        )


class TopicWithoutCouncilTests(TestCase):
    def test_a_topic_under_evaluation_without_a_council_gets_one_and_shows_no_decision(self):
        office = OfficeStaffFactory()
        topic = TopicFactory(
            status=TopicStatus.UNDER_EVALUATION, principal=PersonWithLoginFactory()
        )
        self.client.force_login(office)
        page = self.client.get(reverse("research:topic-meeting", args=[topic.pk]))
        self.assertContains(page, "data-no-council")
        self.assertNotContains(page, reverse("research:topic-decision", args=[topic.pk]))
        inspect = self.client.get(reverse("research_topic:inspect", args=[topic.pk]))
        self.assertContains(inspect, reverse("research_topic:assign-acceptance", args=[topic.pk]))
        council = CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE))
        AssignAcceptanceCouncil(topic, council, user=office).execute()
        topic.refresh_from_db()
        self.assertEqual((topic.status, topic.council), (TopicStatus.UNDER_EVALUATION, council))
        self.assertEqual(Review.objects.filter(topic=topic).count(), 7)
