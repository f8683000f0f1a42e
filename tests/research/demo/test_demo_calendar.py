"""Issue 20, items 15 and 19: the demo data agrees with the day it is loaded (nothing accepted,
published, held, signed or numbered in the future; states coherent with dates; settlements agree
with their funding lines), and the office's login sits on no council."""

from django.test import TestCase
from django.utils import timezone

from research.demo.loader import DemoLoader
from research.models import (
    ClosingKind,
    ClosingRecord,
    CouncilMember,
    Output,
    ScientificEvent,
    Topic,
    TopicStatus,
)


class DemoCalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.today = timezone.localdate()
        DemoLoader(today=cls.today).load()

    def test_nothing_is_dated_after_the_day_it_is_loaded(self):
        today = self.today
        self.assertFalse(Topic.objects.filter(accepted_on__gt=today).exists())
        self.assertFalse(Output.objects.filter(published_on__gt=today).exists())
        self.assertFalse(ScientificEvent.objects.filter(held_on__gt=today).exists())
        self.assertFalse(ClosingRecord.objects.filter(signed_on__gt=today).exists())
        # Only an approved topic, not begun, may start later; no code names a future year.
        self.assertFalse(
            Topic.objects.filter(planned_start__gt=today)
            .exclude(status=TopicStatus.APPROVED)
            .exists()
        )
        years = {int(code.split("-")[-2]) for code in Topic.objects.values_list("code", flat=True)}
        self.assertLessEqual(max(years), today.year)
        self.assertEqual(min(years), today.year - 7)

    def test_states_agree_with_dates(self):
        graded = Topic.objects.in_statuses([TopicStatus.ACCEPTED, TopicStatus.FAILED])
        for topic in graded.exclude(accepted_on=None):
            self.assertGreaterEqual(topic.accepted_on, topic.planned_start, topic.code)
        for record in ClosingRecord.objects.filter(kind=ClosingKind.SETTLEMENT):
            self.assertEqual(record.amount, record.topic.settled_total, record.topic.code)
            self.assertGreaterEqual(record.signed_on, record.topic.planned_start)

    def test_the_office_login_sits_on_no_council(self):
        self.assertFalse(CouncilMember.objects.filter(person__user__username="phongnckh").exists())
