import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from research.demo.loader import DEMO_USERS, DemoLoader
from research.models import (
    BulletinIssue,
    CouncilMember,
    Deadline,
    Fieldwork,
    FundingLine,
    Indicator,
    Output,
    OutputAuthor,
    OutputFile,
    Person,
    Proposal,
    Review,
    ScientificEvent,
    Score,
    Topic,
    TopicLevel,
    TopicMember,
    TopicOrigin,
    Tranche,
    Unit,
)

TODAY = datetime.date(2026, 11, 26)


def snapshot():
    """Everything the loader writes, without database ids."""
    return {
        "units": sorted(Unit.objects.values_list("name", "short_name", "kind")),
        "people": sorted(Person.objects.values_list("full_name", "email", "degree", "unit__name")),
        "topics": sorted(
            Topic.objects.values_list("code", "title", "level", "status", "grade", "planned_end")
        ),
        "members": sorted(
            TopicMember.objects.values_list("topic__code", "person__full_name", "role")
        ),
        "funding": sorted(
            FundingLine.objects.values_list("topic__code", "source__code", "approved_amount")
        ),
        "tranches": sorted(
            Tranche.objects.values_list("topic__code", "number", "planned_amount", "paid_amount")
        ),
        "deadlines": sorted(
            Deadline.objects.values_list("topic__code", "kind", "due_on", "done_on")
        ),
        "outputs": sorted(Output.objects.values_list("title", "kind", "published_on", "is_public")),
        "authors": sorted(OutputAuthor.objects.values_list("output__title", "person__full_name")),
        "files": OutputFile.objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", "is_superuser")),
        "proposals": sorted(Proposal.objects.values_list("code", "title", "status", "version")),
        "council": sorted(
            CouncilMember.objects.values_list("council__name", "person__full_name", "role")
        ),
        "reviews": sorted(
            (r.member.person.full_name, r.submitted_at is None)
            for r in Review.objects.select_related("member__person")
        ),
        "scores": Score.objects.count(),
        "events": sorted(ScientificEvent.objects.values_list("title", "level", "held_on")),
        "bulletin": sorted(BulletinIssue.objects.values_list("year", "number")),
        "fieldwork": sorted(Fieldwork.objects.values_list("place", "started_on")),
        "linked": sorted(
            Output.objects.values_list("title", "event__title", "bulletin_issue__number")
        ),
        "thresholds": sorted(
            Indicator.objects.values_list("code", "threshold_level1", "thresholds_are_examples")
        ),
        "employment": sorted(Person.objects.values_list("full_name", "joined_on", "left_on")),
    }


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        DemoLoader(today=TODAY).load()
        cls.first = snapshot()

    def test_running_twice_gives_the_same_data(self):
        DemoLoader(today=TODAY).load()
        self.assertEqual(snapshot(), self.first)

    def test_sizes_match_the_brief(self):
        # 40 topics over the years, and one taken through its whole life (research/demo/archived.py)
        self.assertEqual(Topic.objects.count(), 41)
        self.assertGreaterEqual(Person.objects.lecturers().count(), 20)
        self.assertGreaterEqual(Output.objects.count(), 140)
        self.assertEqual(Topic.objects.values("level").distinct().count(), len(TopicLevel) - 2)
        years = {t.planned_start.year for t in Topic.objects.all()}
        self.assertEqual(years, set(range(2019, 2027)))

    def test_the_order_cycle_is_there_with_a_liaison(self):
        """research.orders: a proposal list with its three answers, an order whose result was
        applied, an order in progress, and the liaison login of their body."""
        from research.models import Liaison, Order, OrderStatus, ProposedTopic

        answers = sorted(ProposedTopic.objects.values_list("answer", flat=True))
        self.assertEqual(answers, ["declined", "deferred", "ordered"])
        statuses = sorted(Order.objects.values_list("status", flat=True))
        self.assertEqual(statuses, [OrderStatus.APPLIED, OrderStatus.ORDERED])
        liaison = Liaison.objects.get(user__username="dathang")
        self.assertEqual(Order.objects.for_body(liaison.ordering_body_id).count(), 2)
        for order in Order.objects.all():
            self.assertLessEqual(order.decision_date, TODAY)
            self.assertTrue(order.topics.exists())
            if order.applied_on:
                self.assertLessEqual(order.applied_on, TODAY)

    def test_province_ordered_topics_are_funded_in_tranches(self):
        ordered = Topic.objects.filter(origin=TopicOrigin.ORDERED, level=TopicLevel.PROVINCIAL)
        self.assertGreaterEqual(ordered.count(), 5)
        for topic in ordered:
            self.assertIsNotNone(topic.ordering_body)
            self.assertGreater(topic.approved_total, 100_000_000)
            self.assertGreaterEqual(topic.tranches.count(), 2)

    def test_some_deadlines_are_overdue(self):
        self.assertGreater(Topic.objects.overdue(today=TODAY).count(), 0)

    def test_every_output_kind_is_present(self):
        self.assertEqual(Output.objects.values("kind").distinct().count(), 10)

    def test_one_login_per_role(self):
        for username, role, *_ in DEMO_USERS:
            user = get_user_model().objects.get(username=username)
            self.assertTrue(user.check_password("demo-portal-2026"))
            if role:
                self.assertEqual(list(user.groups.values_list("name", flat=True)), [role])

    def test_the_demo_lecturer_and_council_have_work_waiting(self):
        proposal = Proposal.objects.get(status="in_review")
        self.assertEqual(proposal.principal.user.username, "giangvien")
        chair = Review.objects.get(proposal=proposal, member__person__user__username="hoidong")
        self.assertIsNone(chair.submitted_at)
        self.assertTrue(
            Proposal.objects.filter(status="draft", principal=proposal.principal).exists()
        )
        self.assertGreater(Review.objects.exclude(conflict_flags=[]).count(), 0)

    def test_every_role_has_work_waiting_in_every_flow(self):
        from research.models import ChangeRequest, ProgressReport, Topic

        lecturer = get_user_model().objects.get(username="giangvien").person
        running = Topic.objects.led_by(lecturer).filter(status="in_progress")
        self.assertTrue(running.exists())
        coming = running.get().deadlines.due_within(30, today=TODAY)
        self.assertTrue(coming.exists(), "a deadline coming for the demo lecturer")
        self.assertTrue(ProgressReport.objects.filter(status="submitted").exists())
        self.assertTrue(ChangeRequest.objects.filter(status="pending").exists())
        self.assertTrue(Proposal.objects.filter(status="submitted").exists())
        under_evaluation = Topic.objects.filter(status="under_evaluation")
        self.assertTrue(under_evaluation.exists())
        self.assertFalse(under_evaluation.filter(council__isnull=True).exists())
        self.assertTrue(
            Review.objects.to_do().filter(member__person__user__username="hoidong").exists()
        )


class DemoCommandTests(TestCase):
    def test_the_logins_are_printed_by_their_own_command(self):
        """make run prints them last, just before the server starts, where they stay in view."""
        from io import StringIO

        out = StringIO()
        call_command("load_demo_data", stdout=out)
        self.assertNotIn("demo-portal-2026", out.getvalue())
        out = StringIO()
        call_command("demo_logins", stdout=out)
        self.assertIn("phongnckh", out.getvalue())
        self.assertIn("demo-portal-2026", out.getvalue())
        makefile = (settings.BASE_DIR / "Makefile").read_text()
        run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
        self.assertLess(run.index("demo_logins"), run.index("runserver"))
