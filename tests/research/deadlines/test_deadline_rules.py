import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase

from research.models import (
    Deadline,
    DeadlineAnchor,
    DeadlineKind,
    DeadlineRule,
    FundingLine,
    TopicLevel,
    TopicStatus,
    Tranche,
    check_tranches,
    regenerate_deadlines,
)
from research.topics.actions.topics import ChangeTopicStatus, move_topic
from tests.factories import OfficeStaffFactory, PersonFactory, TopicFactory, funding_source


def kinds_and_dates(topic):
    return [(d.kind, d.due_on) for d in topic.deadlines.order_by("due_on", "kind")]


class DeadlineGenerationTests(TestCase):
    def topic(self, **kwargs):
        return TopicFactory(
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 12, 31),
            principal=PersonFactory(),
            **kwargs,
        )

    def test_seeded_rules_give_progress_reports_self_and_final_evaluation(self):
        topic = self.topic()
        regenerate_deadlines(topic)
        self.assertEqual(
            kinds_and_dates(topic),
            [
                (DeadlineKind.PROGRESS_REPORT, datetime.date(2026, 7, 1)),
                (DeadlineKind.SELF_EVALUATION, datetime.date(2026, 12, 1)),
                (DeadlineKind.FINAL_EVALUATION, datetime.date(2027, 3, 1)),
            ],
        )
        self.assertTrue(all(d.responsible == topic.principal for d in topic.deadlines.all()))

    def test_a_rule_repeats_a_bounded_number_of_times(self):
        """A date typo that slipped past the form (an import, old data) never floods a topic."""
        from research.deadlines.models import MAX_REPEATS

        topic = TopicFactory(
            planned_start=datetime.date(26, 1, 1),
            planned_end=datetime.date(2026, 12, 31),
            principal=PersonFactory(),
        )
        self.assertEqual(regenerate_deadlines(topic), MAX_REPEATS + 2)
        self.assertEqual(
            topic.deadlines.filter(kind=DeadlineKind.PROGRESS_REPORT).count(), MAX_REPEATS
        )

    def test_a_specific_rule_wins_over_the_general_one(self):
        DeadlineRule.objects.create(
            level=TopicLevel.PROVINCIAL,
            kind=DeadlineKind.PROGRESS_REPORT,
            anchor=DeadlineAnchor.START,
            every_months=3,
        )
        topic = self.topic(provincial=True)
        regenerate_deadlines(topic)
        reports = topic.deadlines.filter(kind=DeadlineKind.PROGRESS_REPORT).values_list(
            "due_on", flat=True
        )
        self.assertEqual(
            list(reports),
            [datetime.date(2026, 4, 1), datetime.date(2026, 7, 1), datetime.date(2026, 10, 1)],
        )

    def test_new_dates_move_open_deadlines_and_keep_done_waived_and_manual_ones(self):
        topic = self.topic()
        regenerate_deadlines(topic)
        report = topic.deadlines.get(kind=DeadlineKind.PROGRESS_REPORT)
        report.done_on = datetime.date(2026, 6, 28)
        report.save()
        manual = Deadline.objects.create(
            topic=topic, kind=DeadlineKind.OTHER, due_on=datetime.date(2026, 9, 9)
        )
        topic.planned_end = datetime.date(2027, 6, 30)
        topic.save()
        regenerate_deadlines(topic)
        self.assertEqual(
            kinds_and_dates(topic),
            [
                (DeadlineKind.PROGRESS_REPORT, datetime.date(2026, 7, 1)),  # done: kept as it was
                (DeadlineKind.OTHER, datetime.date(2026, 9, 9)),  # hand-made: untouched
                (DeadlineKind.PROGRESS_REPORT, datetime.date(2027, 1, 1)),
                (DeadlineKind.SELF_EVALUATION, datetime.date(2027, 5, 31)),
                (DeadlineKind.FINAL_EVALUATION, datetime.date(2027, 8, 29)),
            ],
        )
        self.assertTrue(Deadline.objects.filter(pk=manual.pk).exists())

    def test_acceptance_adds_settlement_and_archiving(self):
        office = OfficeStaffFactory()
        topic = self.topic(status=TopicStatus.UNDER_EVALUATION)
        # the step that accepts a topic (RecordAcceptance) applies this move
        move_topic(topic, TopicStatus.ACCEPTED, office, grade="good")
        topic.refresh_from_db()
        kinds = set(topic.deadlines.values_list("kind", flat=True))
        self.assertIn(DeadlineKind.SETTLEMENT, kinds)
        self.assertIn(DeadlineKind.ARCHIVING, kinds)
        settlement = topic.deadlines.get(kind=DeadlineKind.SETTLEMENT)
        self.assertEqual(settlement.due_on, topic.accepted_on + datetime.timedelta(days=90))

    def test_starting_a_topic_lays_out_its_deadlines(self):
        topic = self.topic()
        ChangeTopicStatus(topic, TopicStatus.IN_PROGRESS, user=OfficeStaffFactory()).execute()
        self.assertEqual(topic.deadlines.count(), 3)

    def test_a_waived_deadline_is_not_overdue(self):
        topic = self.topic()
        deadline = Deadline.objects.create(
            topic=topic, kind=DeadlineKind.OTHER, due_on=datetime.date(2020, 1, 1)
        )
        self.assertTrue(topic.is_overdue)
        deadline.waived_on = datetime.date(2020, 1, 2)
        deadline.save()
        self.assertFalse(topic.deadlines.overdue().exists())


class TrancheRuleTests(TestCase):
    def test_per_item_lines_add_up_per_source_and_a_report_gates_payment(self):
        topic = TopicFactory()
        school = funding_source()
        lines = [
            FundingLine(topic=topic, source=school, item="Thuê khoán", approved_amount=12_000_000),
            FundingLine(topic=topic, source=school, item="Khảo sát", approved_amount=8_000_000),
        ]
        waiting = Tranche(
            topic=topic,
            source=school,
            number=2,
            planned_on=datetime.date(2026, 8, 1),
            planned_amount=20_000_000,
            paid_on=datetime.date(2026, 8, 5),
            paid_amount=20_000_000,
            requires_progress_report=True,
        )
        with self.assertRaisesMessage(ValidationError, "chờ báo cáo tiến độ được chấp nhận"):
            check_tranches(lines, [waiting])
        check_tranches(lines, [waiting], report_accepted_on=[datetime.date(2026, 7, 30)])
        with self.assertRaises(ValidationError):
            check_tranches(lines, [waiting], report_accepted_on=[datetime.date(2026, 8, 6)])
