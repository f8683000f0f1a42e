import datetime

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from research.closing.actions.acceptance import (
    AssignAcceptanceCouncil,
    RecordAcceptance,
    SubmitSelfEvaluation,
)
from research.core.actions import ActionRefused
from research.councils.actions.councils import RecordAttendance, SaveScoreSheet
from research.models import (
    AcceptanceDecision,
    CouncilRole,
    DeadlineKind,
    InvalidTransition,
    LegalBasis,
    Review,
    Rubric,
    RubricKind,
    TopicGrade,
    TopicMember,
    TopicStatus,
    grade_for,
    regenerate_deadlines,
)
from tests.factories import CouncilFactory, OfficeStaffFactory, PersonWithLoginFactory, TopicFactory


def acceptance_council():
    return CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE))


class GradeBandTests(TestCase):
    def test_bands_of_the_seeded_acceptance_rubric(self):
        rubric = Rubric.objects.get(kind=RubricKind.ACCEPTANCE)
        cases = {
            100: "excellent",
            91: "excellent",
            90.99: "good",
            76: "good",
            75: "pass",
            61: "pass",
            60.99: "fail",
            0: "fail",
        }
        for score, grade in cases.items():
            with self.subTest(score=score):
                from decimal import Decimal

                self.assertEqual(grade_for(rubric, Decimal(str(score))), grade)


class AcceptanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def setUp(self):
        self.pi = PersonWithLoginFactory()
        self.topic = TopicFactory(
            in_progress=True,
            legal_basis=LegalBasis.REGIME_2013,
            planned_start=datetime.date(2025, 1, 1),
            planned_end=datetime.date(2025, 12, 31),
            principal=self.pi,
        )
        regenerate_deadlines(self.topic)
        self.council = acceptance_council()

    def evaluate(self, points_each):
        SubmitSelfEvaluation(self.topic, user=self.pi.user, text="Hoàn thành đủ sản phẩm").execute()
        AssignAcceptanceCouncil(self.topic, self.council, user=self.office).execute()
        self.topic.refresh_from_db()
        rubric = self.council.rubric
        for review in Review.objects.for_round(self.topic):
            SaveScoreSheet(
                review,
                {c.pk: (min(points_each, c.max_points), False) for c in rubric.criteria.all()},
                user=review.member.person.user,
                recommend=True,
                submit=True,
            ).execute()
        RecordAttendance(
            self.topic,
            user=self.office,
            present=[r.pk for r in Review.objects.for_round(self.topic)],
            votes={},
        ).execute()

    def test_the_acceptance_sheet_speaks_of_the_topic_not_a_proposal(self):
        """Issue 23, item 9: the acceptance sheet's declaration said “thuyết minh”."""
        SubmitSelfEvaluation(self.topic, user=self.pi.user, text="Hoàn thành").execute()
        AssignAcceptanceCouncil(self.topic, self.council, user=self.office).execute()
        self.topic.refresh_from_db()
        review = Review.objects.for_round(self.topic).first()
        self.client.force_login(review.member.person.user)
        page = self.client.get(reverse("research:review-detail", args=[review.pk]))
        self.assertContains(page, "xung đột lợi ích với đề tài này")
        self.assertNotContains(page, "với thuyết minh hoặc đề tài")

    def test_self_evaluation_moves_the_topic_and_discharges_its_deadline(self):
        SubmitSelfEvaluation(self.topic, user=self.pi.user, text="Tự đánh giá đạt").execute()
        self.topic.refresh_from_db()
        self.assertEqual(self.topic.status, TopicStatus.SELF_EVALUATED)
        self.assertIsNotNone(self.topic.deadlines.get(kind=DeadlineKind.SELF_EVALUATION).done_on)
        with self.assertRaises(InvalidTransition):
            SubmitSelfEvaluation(self.topic, user=self.pi.user, text="Lần nữa").execute()

    def test_a_graded_acceptance_stores_the_grade_and_adds_settlement(self):
        self.evaluate(points_each=9)  # 5+5+9+9+9+9+9+9 = 64 of 100 → Đạt
        with self.captureOnCommitCallbacks(execute=True):
            RecordAcceptance(self.topic, user=self.office, note="Đạt yêu cầu").execute()
        self.topic.refresh_from_db()
        self.assertEqual(
            (self.topic.status, self.topic.grade), (TopicStatus.ACCEPTED, TopicGrade.PASS)
        )
        self.assertIn(
            DeadlineKind.SETTLEMENT, set(self.topic.deadlines.values_list("kind", flat=True))
        )
        self.assertEqual(AcceptanceDecision.objects.get(topic=self.topic).summary["mean"], "64.00")
        self.assertIn("Nghiệm thu", mail.outbox[-1].subject)
        with self.assertRaises(ActionRefused):
            RecordAcceptance(self.topic, user=self.office).execute()

    def test_a_low_score_fails_the_topic(self):
        self.evaluate(points_each=5)  # 40 of 100
        RecordAcceptance(self.topic, user=self.office).execute()
        self.topic.refresh_from_db()
        self.assertEqual(
            (self.topic.status, self.topic.grade), (TopicStatus.FAILED, TopicGrade.FAIL)
        )

    def test_a_selection_council_cannot_accept(self):
        SubmitSelfEvaluation(self.topic, user=self.pi.user, text="x").execute()
        with self.assertRaisesMessage(ActionRefused, "bởi hội đồng nghiệm thu"):
            AssignAcceptanceCouncil(self.topic, CouncilFactory(), user=self.office).execute()

    def test_quorum_is_required(self):
        SubmitSelfEvaluation(self.topic, user=self.pi.user, text="x").execute()
        AssignAcceptanceCouncil(self.topic, self.council, user=self.office).execute()
        with self.assertRaises(ActionRefused):
            RecordAcceptance(self.topic, user=self.office).execute()

    def test_the_team_is_flagged_on_the_acceptance_council(self):
        SubmitSelfEvaluation(self.topic, user=self.pi.user, text="x").execute()
        member = self.council.members.get(role=CouncilRole.MEMBER, sort_order=5)
        TopicMember.objects.create(topic=self.topic, person=member.person, role="member")
        AssignAcceptanceCouncil(self.topic, self.council, user=self.office).execute()
        self.assertEqual(
            Review.objects.get(topic=self.topic, member=member).conflict_flags, ["on_team"]
        )

    def test_labels_follow_the_legal_basis(self):
        self.assertEqual(str(self.topic.acceptance_label), "Nghiệm thu")
        self.topic.legal_basis = LegalBasis.REGIME_2025
        self.assertEqual(str(self.topic.acceptance_label), "Đánh giá kết quả")

    def test_minutes_and_pages(self):
        self.evaluate(points_each=10)
        secretary = self.council.members.get(role=CouncilRole.SECRETARY).person.user
        self.client.force_login(secretary)
        meeting = self.client.get(reverse("research:topic-meeting", args=[self.topic.pk]))
        self.assertContains(meeting, "Nghiệm thu")
        response = self.client.post(
            reverse("research:topic-decision", args=[self.topic.pk]), {"note": ""}, follow=True
        )
        self.assertContains(response, "BIÊN BẢN HỌP HỘI ĐỒNG KHOA HỌC")
        # 5 + 5 + 10 × 6 = 70 of 100: Đạt
        self.assertContains(
            response, '<p class="decision" data-decision><strong>Đạt</strong></p>', html=True
        )


class AcceptancePermissionTests(TestCase):
    """The acceptance pages × every role."""

    @classmethod
    def setUpTestData(cls):
        from tests.factories import EditorFactory, LecturerUserFactory

        cls.office = OfficeStaffFactory()
        cls.pi = PersonWithLoginFactory()
        cls.topic = TopicFactory(in_progress=True, principal=cls.pi)
        SubmitSelfEvaluation(cls.topic, user=cls.pi.user, text="x").execute()
        cls.council = acceptance_council()
        AssignAcceptanceCouncil(cls.topic, cls.council, user=cls.office).execute()
        seats = {m.role: m.person.user for m in cls.council.members.select_related("person__user")}
        cls.users = {
            "principal": cls.pi.user,
            "secretary": seats[CouncilRole.SECRETARY],
            "member": seats[CouncilRole.MEMBER],
            "office": cls.office,
            "lecturer": LecturerUserFactory(),
            "editor": EditorFactory(),
        }

    def test_matrix(self):
        pk = self.topic.pk
        matrix = {
            reverse("research:topic-self-evaluation", args=[pk]): {"principal": 200, "office": 200},
            reverse("research:topic-meeting", args=[pk]): {"secretary": 200, "office": 200},
            reverse("research:topic-minutes", args=[pk]): {
                "secretary": 404,
                "office": 404,
            },  # no decision yet
        }
        for role, user in self.users.items():
            self.client.force_login(user)
            for url, allowed in matrix.items():
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, allowed.get(role, 403))
        self.client.logout()
        for url in matrix:
            self.assertEqual(self.client.get(url).status_code, 302)

    def test_only_the_office_assigns_and_only_the_secretary_or_office_decides(self):
        url = reverse("research_topic:assign-acceptance", args=[self.topic.pk])
        for role in ("principal", "secretary", "editor"):
            self.client.force_login(self.users[role])
            self.assertIn(
                self.client.post(url, {"council": self.council.pk}).status_code, (302, 403)
            )
        decision = reverse("research:topic-decision", args=[self.topic.pk])
        for role in ("principal", "member", "lecturer"):
            self.client.force_login(self.users[role])
            self.assertEqual(self.client.post(decision, {}).status_code, 403)
        self.assertFalse(AcceptanceDecision.objects.exists())
