from decimal import Decimal

from django.test import TestCase

from research.councils.scoring import aggregate, sheet_points
from research.models import CouncilRole, Review, Score
from tests.factories import proposal_in_review


class ScoringTests(TestCase):
    """Rubric arithmetic on the seeded 100-point selection rubric."""

    @classmethod
    def setUpTestData(cls):
        cls.proposal = proposal_in_review()
        cls.rubric = cls.proposal.rubric
        cls.criteria = list(cls.rubric.criteria.all())
        # 8 criteria: 10, 10, 15, 30, 10, 10, 10 (may be N/A), 5 (may be N/A)

    def reviews(self):
        return list(
            Review.objects.filter(proposal=self.proposal)
            .select_related("member__person")
            .prefetch_related("scores")
            .order_by("member__sort_order")
        )

    def fill(self, review, points, not_applicable=(), present=True, recommend=True):
        """Give `review` its share of `points` spread over the criteria, as a submitted sheet."""
        remaining = points
        for criterion in self.criteria:
            if criterion.sort_order in not_applicable:
                Score.objects.create(review=review, criterion=criterion, not_applicable=True)
                continue
            given = min(criterion.max_points, remaining)
            remaining -= given
            Score.objects.create(review=review, criterion=criterion, points=given)
        review.present, review.recommend = present, recommend
        review.submitted_at = "2026-05-01T09:00:00+07:00"
        review.save()

    def test_rubric_totals_100(self):
        self.assertEqual(self.rubric.max_total, 100)

    def test_not_applicable_is_left_out_of_points_and_maximum(self):
        review = self.reviews()[0]
        self.fill(review, 70, not_applicable={6, 7})
        review = self.reviews()[0]
        self.assertEqual(sheet_points(review.scores.all(), self.criteria), (70, 85))

    def test_scores_are_scaled_to_the_rubric_total(self):
        reviews = self.reviews()
        self.fill(reviews[0], 68, not_applicable={6, 7})  # 68 / 85 → 80.00
        result = aggregate(self.rubric, self.reviews())
        self.assertEqual(result.sheets[0].score, Decimal("80.00"))

    def test_outlier_more_than_15_points_from_the_mean_is_discarded(self):
        reviews = self.reviews()
        for review, points in zip(reviews, [80, 82, 78, 84, 81, 40, 79], strict=True):
            self.fill(review, points)
        result = aggregate(self.rubric, self.reviews())
        # mean of all 7 = 74.86; 40 is 34.86 away, every other total within 15
        self.assertEqual(result.mean_all, Decimal("74.86"))
        self.assertEqual([s.discarded for s in result.sheets], [False] * 5 + [True, False])
        self.assertEqual(result.mean, Decimal("80.67"))

    def test_a_total_exactly_at_the_threshold_is_kept(self):
        reviews = self.reviews()
        for review, points in zip(reviews[:2], [70, 100], strict=True):
            self.fill(review, points)
        result = aggregate(self.rubric, self.reviews())
        self.assertEqual(result.mean_all, Decimal("85.00"))
        self.assertFalse(any(sheet.discarded for sheet in result.sheets))

    def test_threshold_is_data(self):
        self.rubric.outlier_threshold = 10
        reviews = self.reviews()
        for review, points in zip(reviews[:2], [70, 100], strict=True):
            self.fill(review, points)
        result = aggregate(self.rubric, self.reviews())
        self.assertTrue(all(sheet.discarded for sheet in result.counted_sheets))
        self.assertIsNone(result.mean)

    def test_absent_conflicted_or_unsubmitted_sheets_do_not_count(self):
        reviews = self.reviews()
        self.fill(reviews[0], 90)
        self.fill(reviews[1], 20, present=False)
        self.fill(reviews[2], 20)
        reviews[2].conflict_declared = True
        reviews[2].save()
        self.fill(reviews[3], 20)
        reviews[3].submitted_at = None
        reviews[3].save()
        result = aggregate(self.rubric, self.reviews())
        self.assertEqual([s.counted for s in result.sheets][:4], [True, False, False, False])
        self.assertEqual(result.mean, Decimal("90.00"))


class QuorumAndVoteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.proposal = proposal_in_review()
        cls.rubric = cls.proposal.rubric

    def meeting(self, absent_roles=(), absent_count=0, yes=7):
        reviews = list(
            Review.objects.filter(proposal=self.proposal)
            .select_related("member")
            .order_by("member__sort_order")
        )
        absent = 0
        for index, review in enumerate(reviews):
            review.present = True
            if review.member.role in absent_roles and absent < len(absent_roles):
                review.present = False
                absent += 1
            elif review.member.role == CouncilRole.MEMBER and absent_count:
                review.present = False
                absent_count -= 1
            review.recommend = index < yes
        return reviews

    def test_full_council_is_quorate(self):
        result = aggregate(self.rubric, self.meeting())
        self.assertTrue(result.quorum_met)
        self.assertEqual(result.quorum_problems, [])

    def test_two_thirds_present_is_enough_and_fewer_is_not(self):
        self.assertTrue(aggregate(self.rubric, self.meeting(absent_count=2)).quorum_met)  # 5 of 7
        reviews = self.meeting(absent_count=2)
        reviews[1].present = False  # vice-chair too: 4 of 7 < 2/3
        result = aggregate(self.rubric, reviews)
        self.assertFalse(result.quorum_met)
        self.assertIn("4", result.quorum_problems[0])

    def test_chair_or_vice_chair_is_enough(self):
        self.assertTrue(
            aggregate(self.rubric, self.meeting(absent_roles=[CouncilRole.CHAIR])).quorum_met
        )
        result = aggregate(
            self.rubric, self.meeting(absent_roles=[CouncilRole.CHAIR, CouncilRole.VICE_CHAIR])
        )
        self.assertIn(
            "Chủ tịch và Phó Chủ tịch đều vắng mặt.",
            result.quorum_problems,
        )

    def test_both_reviewers_and_the_secretary_are_required(self):
        result = aggregate(self.rubric, self.meeting(absent_roles=[CouncilRole.REVIEWER]))
        self.assertIn(
            "Cả hai ủy viên phản biện phải có mặt.",
            result.quorum_problems,
        )
        result = aggregate(self.rubric, self.meeting(absent_roles=[CouncilRole.SECRETARY]))
        self.assertIn("Thư ký khoa học vắng mặt.", result.quorum_problems)

    def test_vote_needs_two_thirds_of_those_present(self):
        self.assertTrue(aggregate(self.rubric, self.meeting(yes=5)).vote_passes)  # 5/7 ≥ 2/3
        self.assertFalse(aggregate(self.rubric, self.meeting(yes=4)).vote_passes)  # 4/7 < 2/3
        exact = self.meeting(absent_count=1, yes=4)  # 6 present: members sort last, 4 yes = 2/3
        result = aggregate(self.rubric, exact)
        self.assertEqual((result.voters, result.votes_for), (6, 4))
        self.assertTrue(result.vote_passes)

    def test_conflicted_members_do_not_vote(self):
        reviews = self.meeting(yes=7)
        reviews[0].conflict_declared = True
        result = aggregate(self.rubric, reviews)
        self.assertEqual((result.voters, result.votes_for), (6, 6))
