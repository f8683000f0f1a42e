"""Issue 20, item 18: a closing record is dated within the topic's life, and the settlement is one
sum whether read from the record or from the funding lines."""

import datetime

from django.test import TestCase
from django.utils import timezone

from research.closing.actions.closing import RecordClosing
from research.core.actions import ActionRefused
from research.models import (
    ClosingKind,
    Deadline,
    DeadlineKind,
    FundingLine,
    TopicGrade,
    TopicStatus,
)
from tests.factories import FundingLineFactory, OfficeStaffFactory, TopicFactory


class ClosingDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()

    def setUp(self):
        today = timezone.localdate()
        self.topic = TopicFactory(
            status=TopicStatus.ACCEPTED,
            grade=TopicGrade.GOOD,
            planned_start=today - datetime.timedelta(days=400),
            planned_end=today - datetime.timedelta(days=40),
            accepted_on=today - datetime.timedelta(days=20),
        )
        self.line = FundingLineFactory(topic=self.topic, approved_amount=25_000_000)
        self.deadline = Deadline.objects.create(
            topic=self.topic, kind=DeadlineKind.SETTLEMENT, due_on=today
        )

    def record(self, kind, signed_on, **kwargs):
        return RecordClosing(
            self.topic, kind, user=self.office, number="5-BB/TCT", signed_on=signed_on, **kwargs
        ).execute()

    def test_a_record_is_not_dated_before_the_topic_began(self):
        before = self.topic.planned_start - datetime.timedelta(days=1)
        with self.assertRaisesMessage(ActionRefused, "trước khi đề tài bắt đầu"):
            self.record(ClosingKind.SETTLEMENT, before, amount=20_000_000)
        self.assertFalse(self.topic.closing_records.exists())

    def test_a_future_date_neither_records_nor_meets_a_deadline(self):
        ahead = timezone.localdate() + datetime.timedelta(days=730)
        with self.assertRaisesMessage(ActionRefused, "chưa đến"):
            self.record(ClosingKind.CLOSEOUT, ahead)
        with self.assertRaisesMessage(ActionRefused, "chưa đến"):
            self.record(ClosingKind.SETTLEMENT, ahead, amount=20_000_000)
        self.deadline.refresh_from_db()
        self.assertIsNone(self.deadline.done_on)
        self.record(ClosingKind.CLOSEOUT, timezone.localdate())

    def test_a_single_funding_line_takes_the_settled_amount(self):
        self.record(ClosingKind.SETTLEMENT, timezone.localdate(), amount=24_000_000)
        self.line.refresh_from_db()
        self.assertEqual(self.line.settled_amount, 24_000_000)
        self.assertEqual(self.topic.settled_total, 24_000_000)
        # A correction of the record corrects the line with it.
        self.record(ClosingKind.SETTLEMENT, timezone.localdate(), amount=23_000_000)
        self.line.refresh_from_db()
        self.assertEqual(self.line.settled_amount, 23_000_000)

    def test_several_lines_must_add_up_to_the_settlement(self):
        second = FundingLineFactory(topic=self.topic, item="Khảo sát", approved_amount=10_000_000)
        with self.assertRaisesMessage(ActionRefused, "hãy nhập số quyết toán của từng dòng"):
            self.record(ClosingKind.SETTLEMENT, timezone.localdate(), amount=30_000_000)
        FundingLine.objects.filter(pk=self.line.pk).update(settled_amount=20_000_000)
        FundingLine.objects.filter(pk=second.pk).update(settled_amount=9_000_000)
        with self.assertRaisesMessage(ActionRefused, "hãy sửa một bên cho khớp"):
            self.record(ClosingKind.SETTLEMENT, timezone.localdate(), amount=30_000_000)
        self.assertFalse(self.topic.closing_records.exists())
        record = self.record(ClosingKind.SETTLEMENT, timezone.localdate(), amount=29_000_000)
        self.assertEqual(record.amount, 29_000_000)
