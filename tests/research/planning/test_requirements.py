"""What it takes: records that leave the rolling window and records that enter it (scheduled ones,
running topics due for acceptance), at the window's edges; and the targets proposed from the
thresholds and windows."""

import datetime
from decimal import Decimal

from django.test import TestCase

from research.models import Indicator, OutputAuthor, ResearchPlan, TopicStatus
from research.planning.requirements import what_it_takes
from research.planning.targets import proposals, proposed_value
from tests.factories import OutputFactory, PersonFactory, TopicFactory

TODAY = datetime.date(2026, 6, 30)


def indicator(code, rule_kind, **fields):
    return Indicator.objects.create(code=code, name=f"Thử {code}", rule_kind=rule_kind, **fields)


def needs(requirement):
    return {level.level: level.needed for level in requirement.levels}


class WindowEdgeTests(TestCase):
    """Books counted over three years, level 1 = 3, level 2 = 5."""

    @classmethod
    def setUpTestData(cls):
        cls.books = indicator(
            "X.1",
            "outputs",
            parameters={"kinds": ["monograph"]},
            window_years=3,
            threshold_level1=Decimal(3),
            threshold_level2=Decimal(5),
        )
        for day in (
            datetime.date(2024, 1, 1),  # the first day of 2026's window: leaves it in 2027
            datetime.date(2025, 12, 31),  # the last day of 2025: still counted in 2027, not 2028
            datetime.date(2026, 1, 1),
            datetime.date(2026, 12, 31),  # after today: scheduled, enters the window later
        ):
            OutputFactory(kind="monograph", published_on=day)
        OutputFactory(kind="monograph", published_on=datetime.date(2023, 12, 31))  # never counted

    def test_this_year_counts_the_first_day_of_the_window_and_what_is_scheduled(self):
        need = what_it_takes(self.books, 2026, TODAY)
        self.assertEqual((need.counted, need.leaving, need.scheduled), (3, 0, 1))
        self.assertEqual(needs(need), {"1": 0, "2": 1})
        self.assertTrue(need.level("1").held)
        self.assertEqual(need.by, datetime.date(2026, 12, 31))

    def test_next_year_the_first_record_has_left_the_window(self):
        need = what_it_takes(self.books, 2027, TODAY)
        self.assertEqual((need.counted, need.leaving, need.scheduled), (2, 1, 1))
        self.assertEqual(needs(need), {"1": 0, "2": 2})
        self.assertFalse(need.level("1").held)  # held only with the scheduled record

    def test_two_years_on_the_last_day_of_2025_has_left_too(self):
        need = what_it_takes(self.books, 2028, TODAY)
        self.assertEqual((need.counted, need.leaving, need.scheduled), (1, 2, 1))
        self.assertEqual(needs(need), {"1": 1, "2": 3})
        self.assertEqual(need.by, datetime.date(2028, 12, 31))

    def test_a_record_entering_the_window_lowers_what_it_takes(self):
        OutputFactory(kind="monograph", published_on=datetime.date(2026, 3, 1))
        self.assertEqual(needs(what_it_takes(self.books, 2028, TODAY)), {"1": 0, "2": 2})

    def test_a_year_already_over_takes_nothing(self):
        self.assertIsNone(what_it_takes(self.books, 2025, TODAY))

    def test_no_threshold_no_level(self):
        self.books.threshold_level1 = self.books.threshold_level2 = None
        self.assertEqual(what_it_takes(self.books, 2026, TODAY).levels, [])


class RunningTopicTests(TestCase):
    """School topics counted when accepted in the year; level 1 = 2."""

    @classmethod
    def setUpTestData(cls):
        cls.accepted = indicator(
            "X.2",
            "topics",
            parameters={"levels": ["school"], "placement": ["accepted"]},
            threshold_level1=Decimal(2),
        )
        TopicFactory(
            status=TopicStatus.ACCEPTED,
            planned_start=datetime.date(2025, 1, 1),
            planned_end=datetime.date(2025, 12, 31),
            accepted_on=datetime.date(2026, 3, 1),
            grade="good",
        )
        cls.due = TopicFactory(
            status=TopicStatus.IN_PROGRESS,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 12, 31),  # the window's last day: in time
        )
        cls.late = TopicFactory(
            status=TopicStatus.IN_PROGRESS,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2027, 1, 1),  # the next window's first day
        )
        TopicFactory(  # another level
            status=TopicStatus.IN_PROGRESS,
            level="provincial",
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 6, 30),
        )
        TopicFactory(  # withdrawn: never accepted
            status=TopicStatus.WITHDRAWN,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 6, 30),
        )

    def test_a_running_topic_due_by_the_years_end_is_expected(self):
        need = what_it_takes(self.accepted, 2026, TODAY)
        self.assertEqual((need.counted, need.accepting), (1, 1))
        self.assertEqual(needs(need), {"1": 0})
        self.assertFalse(need.level("1").held)

    def test_one_due_the_next_day_counts_for_the_next_year(self):
        need = what_it_takes(self.accepted, 2027, TODAY)
        self.assertEqual((need.counted, need.accepting), (0, 1))
        self.assertEqual(needs(need), {"1": 1})

    def test_once_accepted_it_is_counted_and_no_longer_expected(self):
        self.due.status, self.due.accepted_on = TopicStatus.ACCEPTED, datetime.date(2026, 6, 1)
        self.due.grade = "good"
        self.due.save()
        need = what_it_takes(self.accepted, 2026, TODAY)
        self.assertEqual((need.counted, need.accepting), (2, 0))
        self.assertTrue(need.level("1").held)

    def test_the_late_topic_accepted_early_lowers_what_it_takes_next_year(self):
        self.late.status, self.late.accepted_on = TopicStatus.ACCEPTED, datetime.date(2026, 6, 1)
        self.late.grade = "good"
        self.late.save()
        self.assertEqual(needs(what_it_takes(self.accepted, 2026, TODAY)), {"1": 0})
        self.assertEqual(needs(what_it_takes(self.accepted, 2027, TODAY)), {"1": 2})

    def test_running_topics_count_as_running_for_an_indicator_of_running_topics(self):
        running = indicator(
            "X.3",
            "topics",
            parameters={
                "levels": ["school"],
                "placement": ["running"],
                "statuses": ["in_progress", "extended", "accepted"],
            },
            threshold_level1=Decimal(4),
        )
        need = what_it_takes(running, 2026, TODAY)
        # the accepted one ran into 2026; due and late run in it, already counted
        self.assertEqual((need.counted, need.accepting), (3, 0))
        self.assertEqual(needs(need), {"1": 1})


class ShareTests(TestCase):
    def test_a_share_of_lecturers_asks_for_lecturers(self):
        share = indicator(
            "X.4",
            "lecturers_with_outputs",
            parameters={"kinds": ["journal_article"]},
            measure="share",
            threshold_level1=Decimal(50),
            threshold_level2=Decimal(75),
        )
        lecturers = [PersonFactory() for _ in range(4)]
        article = OutputFactory(kind="journal_article", published_on=datetime.date(2026, 2, 1))
        OutputAuthor.objects.create(output=article, person=lecturers[0])
        need = what_it_takes(share, 2026, TODAY)
        self.assertEqual(need.lecturers, 4)
        self.assertEqual([(lv.required, lv.needed) for lv in need.levels], [(2, 1), (3, 2)])


class ProposedTargetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        Indicator.objects.all().delete()
        cls.books = indicator(
            "X.5",
            "outputs",
            window_years=5,
            threshold_level1=Decimal(5),
            threshold_level2=Decimal(8),
        )
        cls.share = indicator(
            "X.6", "lecturers_with_outputs", measure="share", threshold_level1=Decimal(50)
        )
        indicator("X.7", "bulletin_issues")  # no threshold: no target
        cls.plan = ResearchPlan(title="Kế hoạch", first_year=2026, last_year=2030)

    def test_targets_rise_from_level_1_to_level_2_and_a_year_adds_its_share(self):
        rows = [(i.code, year, value, new) for i, year, value, new in proposals(self.plan)]
        books = [(year, value, new) for code, year, value, new in rows if code == "X.5"]
        self.assertEqual(
            books, [(2026, 5, 1), (2027, 6, 2), (2028, 7, 2), (2029, 8, 2), (2030, 8, 2)]
        )
        share = [(value, new) for code, _y, value, new in rows if code == "X.6"]
        self.assertEqual(share, [(Decimal("50.00"), None)] * 5)
        self.assertNotIn("X.7", {code for code, *_ in rows})

    def test_a_plan_aiming_at_level_1_holds_it(self):
        self.plan.aim = "1"
        self.assertEqual({proposed_value(self.books, self.plan, y) for y in self.plan.years}, {5})

    def test_a_one_year_plan_aims_at_once(self):
        plan = ResearchPlan(title="Năm", first_year=2027, last_year=2027, aim="2")
        self.assertEqual(proposed_value(self.books, plan, 2027), 8)
