import threading
import unittest

from django.core import mail
from django.db import connection
from django.test import TestCase, TransactionTestCase
from wagtail.models import ModelLogEntry

from research.core.actions import ActionRefused
from research.councils.actions.councils import (
    DeclareConflict,
    RecordAttendance,
    ResolveConflict,
    SaveScoreSheet,
)
from research.models import (
    CouncilDecision,
    CouncilRole,
    InvalidTransition,
    ProposalStatus,
    Review,
    Score,
    TeamRole,
    TopicStatus,
)
from research.proposals.actions import RecordCouncilDecision, SubmitProposal
from tests.factories import OfficeStaffFactory, proposal_in_review


def full_entries(rubric, points_each=None):
    """Entries giving every criterion `points_each` (capped) or its maximum."""
    return {
        c.pk: (min(points_each, c.max_points) if points_each is not None else c.max_points, False)
        for c in rubric.criteria.all()
    }


class CouncilScenario(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.proposal = proposal_in_review(office=cls.office)
        cls.rubric = cls.proposal.rubric

    def review(self, role, index=0):
        return [
            r
            for r in Review.objects.filter(proposal=self.proposal).select_related("member__person")
            if r.member.role == role
        ][index]

    def score_all(self, recommend=True, points_each=None):
        for review in Review.objects.filter(proposal=self.proposal).select_related(
            "member__person"
        ):
            SaveScoreSheet(
                review,
                full_entries(self.rubric, points_each),
                user=review.member.person.user,
                recommend=recommend,
                submit=True,
            ).execute()

    def all_present(self, **votes):
        reviews = Review.objects.filter(proposal=self.proposal)
        RecordAttendance(
            self.proposal, user=self.office, present=[r.pk for r in reviews], votes=votes
        ).execute()


class ScoreSheetTests(CouncilScenario):
    def test_member_saves_then_submits_and_each_change_is_logged(self):
        review = self.review(CouncilRole.REVIEWER)
        user = review.member.person.user
        entries = full_entries(self.rubric, 5)
        SaveScoreSheet(review, entries, user=user).execute()
        self.assertIsNone(Review.objects.get(pk=review.pk).submitted_at)
        first = next(iter(entries))
        entries[first] = (9, False)
        SaveScoreSheet(
            review, entries, user=user, recommend=True, comments="Tốt", submit=True
        ).execute()
        review.refresh_from_db()
        self.assertIsNotNone(review.submitted_at)
        self.assertEqual(review.no_conflict_declared_at, review.submitted_at)
        self.assertEqual(Score.objects.get(review=review, criterion_id=first).points, 9)
        with self.assertRaisesMessage(ActionRefused, "không còn thay đổi"):
            SaveScoreSheet(review, full_entries(self.rubric, 1), user=user).execute()
        logs = (
            ModelLogEntry.objects.for_instance(self.proposal)
            .filter(action="research.review.scores")
            .order_by("pk")
        )
        self.assertEqual(logs.count(), 2)
        self.assertEqual(
            logs.last().data["changes"],
            [{"criterion": "Tính cấp thiết của đề tài", "from": 5, "to": 9}],
        )

    def test_points_above_the_maximum_are_refused(self):
        review = self.review(CouncilRole.MEMBER)
        entries = full_entries(self.rubric)
        first = next(iter(entries))
        entries[first] = (11, False)
        with self.assertRaisesMessage(ActionRefused, "được chấm từ 0 đến 10 điểm"):
            SaveScoreSheet(review, entries, user=review.member.person.user).execute()
        self.assertFalse(Score.objects.filter(review=review).exists())

    def test_not_applicable_only_where_the_rubric_allows_it(self):
        review = self.review(CouncilRole.MEMBER)
        criteria = list(self.rubric.criteria.all())
        entries = full_entries(self.rubric)
        entries[criteria[0].pk] = (None, True)
        with self.assertRaisesMessage(ActionRefused, "không được đánh dấu là không áp dụng"):
            SaveScoreSheet(review, entries, user=review.member.person.user).execute()
        entries = full_entries(self.rubric)
        entries[criteria[6].pk] = (7, True)  # outside co-funding may be N/A; its points are dropped
        SaveScoreSheet(
            review, entries, user=review.member.person.user, recommend=True, submit=True
        ).execute()
        score = Score.objects.get(review=review, criterion=criteria[6])
        self.assertEqual((score.points, score.not_applicable), (None, True))

    def test_submitting_needs_every_criterion_and_a_vote(self):
        review = self.review(CouncilRole.MEMBER)
        with self.assertRaisesMessage(ActionRefused, "Hãy bỏ phiếu trước khi gửi."):
            SaveScoreSheet(
                review, full_entries(self.rubric), user=review.member.person.user, submit=True
            ).execute()
        with self.assertRaisesMessage(ActionRefused, "Hãy chấm tiêu chí"):
            SaveScoreSheet(
                review, {}, user=review.member.person.user, recommend=True, submit=True
            ).execute()

    def test_only_the_member_fills_the_sheet(self):
        review = self.review(CouncilRole.MEMBER)
        other = self.review(CouncilRole.CHAIR)
        for user in (other.member.person.user, self.office, self.proposal.principal.user):
            with self.subTest(user=user.username), self.assertRaises(ActionRefused):
                SaveScoreSheet(review, full_entries(self.rubric), user=user).execute()


class ConflictTests(CouncilScenario):
    def test_a_declared_conflict_bars_scoring(self):
        review = self.review(CouncilRole.MEMBER, 1)
        user = review.member.person.user
        with self.assertRaises(InvalidTransition):
            DeclareConflict(review, user=user, note="").execute()
        DeclareConflict(review, user=user, note="Cùng khoa với chủ nhiệm").execute()
        with self.assertRaisesMessage(ActionRefused, "xung đột lợi ích chưa được giải quyết"):
            SaveScoreSheet(review, full_entries(self.rubric), user=user).execute()

    def test_a_flagged_member_scores_once_resolved_by_the_secretary(self):
        review = self.review(CouncilRole.MEMBER, 0)
        review.conflict_flags = ["same_unit"]
        review.save()
        user = review.member.person.user
        with self.assertRaises(ActionRefused):
            SaveScoreSheet(review, full_entries(self.rubric), user=user).execute()
        secretary = self.review(CouncilRole.SECRETARY).member.person.user
        ResolveConflict(
            review, user=secretary, resolution="Đã chuyển công tác sang khoa khác"
        ).execute()
        SaveScoreSheet(review, full_entries(self.rubric), user=user).execute()
        review.refresh_from_db()
        self.assertEqual(review.conflict_resolved_by, secretary)

    def test_another_member_cannot_resolve(self):
        review = self.review(CouncilRole.MEMBER, 0)
        review.conflict_flags = ["coauthor"]
        review.save()
        with self.assertRaises(ActionRefused):
            ResolveConflict(
                review, user=self.review(CouncilRole.CHAIR).member.person.user, resolution="x"
            ).execute()

    def test_nothing_to_resolve_without_a_flag(self):
        review = self.review(CouncilRole.MEMBER, 0)
        with self.assertRaises(ActionRefused):
            ResolveConflict(review, user=self.office, resolution="x").execute()


class DecisionTests(CouncilScenario):
    def test_approval_creates_the_topic_freezes_the_scores_and_mails_the_principal(self):
        self.score_all(recommend=True, points_each=8)
        self.all_present()
        with self.captureOnCommitCallbacks(execute=True):
            RecordCouncilDecision(
                self.proposal, ProposalStatus.APPROVED, user=self.office, note="Thông qua"
            ).execute()
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, ProposalStatus.APPROVED)
        decision = CouncilDecision.objects.get(proposal=self.proposal)
        self.assertTrue(decision.summary["quorum_met"])
        self.assertEqual(decision.summary["votes_for"], 7)
        topic = self.proposal.topic
        self.assertEqual(topic.status, TopicStatus.APPROVED)
        self.assertEqual(topic.title, self.proposal.title)
        self.assertEqual(topic.principal, self.proposal.principal)
        self.assertEqual(topic.approved_total, 24_000_000)
        self.assertEqual(
            sorted((e.kind, e.count) for e in topic.expected_outputs.all()),
            [("final_report", 1), ("journal_article", 2)],
        )
        kinds = [d.kind for d in topic.deadlines.all()]
        self.assertEqual(kinds.count("progress_report"), 1)  # 12 months: one at month 6
        self.assertIn("self_evaluation", kinds)
        self.assertTrue(
            all(d.responsible == self.proposal.principal for d in topic.deadlines.all())
        )
        self.assertTrue(topic.code.startswith("CS-"))
        self.assertEqual(mail.outbox[-1].to, [self.proposal.principal.email])
        self.assertIn(topic.code, mail.outbox[-1].body)
        # frozen: no more scores, no second decision
        review = self.review(CouncilRole.MEMBER)
        with self.assertRaisesMessage(ActionRefused, "không thể thay đổi nữa"):
            SaveScoreSheet(
                review, full_entries(self.rubric), user=review.member.person.user
            ).execute()
        with self.assertRaises(ActionRefused):
            RecordCouncilDecision(
                self.proposal, ProposalStatus.REJECTED, user=self.office
            ).execute()
        with self.assertRaises(ActionRefused):
            RecordAttendance(self.proposal, user=self.office, present=[], votes={}).execute()

    def test_approval_without_quorum_is_refused(self):
        self.score_all()
        reviews = Review.objects.filter(proposal=self.proposal).exclude(
            member__role=CouncilRole.SECRETARY
        )
        RecordAttendance(
            self.proposal, user=self.office, present=[r.pk for r in reviews], votes={}
        ).execute()
        with self.assertRaisesMessage(ActionRefused, "Thư ký khoa học vắng mặt."):
            RecordCouncilDecision(
                self.proposal, ProposalStatus.APPROVED, user=self.office
            ).execute()
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, ProposalStatus.IN_REVIEW)
        self.assertFalse(CouncilDecision.objects.exists())

    def test_approval_against_the_vote_is_refused_but_rejection_is_recorded(self):
        self.score_all(recommend=False)
        self.all_present()
        with self.assertRaisesMessage(ActionRefused, "Chỉ 0 trên 7 thành viên"):
            RecordCouncilDecision(
                self.proposal, ProposalStatus.APPROVED, user=self.office
            ).execute()
        RecordCouncilDecision(
            self.proposal, ProposalStatus.REJECTED, user=self.office, note="Không đạt"
        ).execute()
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, ProposalStatus.REJECTED)
        self.assertIsNone(self.proposal.topic)

    def test_the_secretary_records_the_meeting_and_a_member_may_not(self):
        secretary = self.review(CouncilRole.SECRETARY).member.person.user
        member = self.review(CouncilRole.MEMBER).member.person.user
        with self.assertRaises(ActionRefused):
            RecordAttendance(self.proposal, user=member, present=[], votes={}).execute()
        present = [r.pk for r in Review.objects.filter(proposal=self.proposal)]
        RecordAttendance(
            self.proposal, user=secretary, present=present, votes={present[0]: True}
        ).execute()
        self.assertTrue(Review.objects.get(pk=present[0]).recommend)

    def test_revision_request_reopens_the_dossier_for_a_new_round(self):
        self.score_all()
        self.all_present()
        RecordCouncilDecision(
            self.proposal, ProposalStatus.REVISION_REQUESTED, user=self.office, note="Sửa mục tiêu"
        ).execute()
        self.proposal.refresh_from_db()
        self.proposal.objectives = "Mục tiêu đã sửa"
        self.proposal.save()
        SubmitProposal(self.proposal, user=self.proposal.principal.user).execute()
        self.proposal.refresh_from_db()
        self.assertEqual(
            (self.proposal.status, self.proposal.version), (ProposalStatus.SUBMITTED, 2)
        )
        old_review = self.review(CouncilRole.MEMBER)
        self.assertTrue(old_review.is_decided)


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentScoreSheetTests(TransactionTestCase):
    serialized_rollback = True

    def test_two_members_saving_at_once_lose_nothing(self):
        proposal = proposal_in_review()
        rubric = proposal.rubric
        reviews = list(
            Review.objects.filter(proposal=proposal).select_related("member__person")[:2]
        )
        barrier = threading.Barrier(2)
        failures = []

        def save(review, points):
            barrier.wait()
            try:
                SaveScoreSheet(
                    review,
                    full_entries(rubric, points),
                    user=review.member.person.user,
                    recommend=True,
                    submit=True,
                ).execute()
            except Exception as error:  # pragma: no cover - reported below
                failures.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=save, args=(r, p)) for r, p in zip(reviews, (4, 6), strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        criteria = rubric.criteria.count()
        for review, points in zip(reviews, (4, 6), strict=True):
            scores = Score.objects.filter(review=review)
            self.assertEqual(scores.count(), criteria)
            self.assertEqual(
                {s.points for s in scores},
                {min(points, c.max_points) for c in rubric.criteria.all()},
            )
        self.assertEqual(
            ModelLogEntry.objects.for_instance(proposal)
            .filter(action="research.review.scores")
            .count(),
            2,
        )


class TeamRoleMappingTests(CouncilScenario):
    def test_only_one_principal_on_the_new_topic(self):
        from research.models import ProposalMember

        ProposalMember.objects.create(
            proposal=self.proposal,
            person=self.review(CouncilRole.CHAIR).member.person,
            role=TeamRole.SECRETARY,
        )
        self.score_all()
        self.all_present()
        RecordCouncilDecision(self.proposal, ProposalStatus.APPROVED, user=self.office).execute()
        self.proposal.refresh_from_db()
        roles = sorted(self.proposal.topic.members.values_list("role", flat=True))
        self.assertEqual(roles, ["principal", "secretary"])
