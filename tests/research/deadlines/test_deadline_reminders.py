import datetime
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from research.models import Deadline, DeadlineKind
from tests.factories import OfficeStaffFactory, PersonFactory, TopicFactory


class DeadlineReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory(email="phong@example.vn")
        cls.pi = PersonFactory(email="chunhiem@example.vn")
        cls.topic = TopicFactory(in_progress=True, principal=cls.pi)
        cls.deadline = Deadline.objects.create(
            topic=cls.topic,
            kind=DeadlineKind.PROGRESS_REPORT,
            due_on=datetime.date(2026, 7, 1),
            responsible=cls.pi,
        )

    def run_on(self, day):
        out = StringIO()
        with (
            time_machine.travel(datetime.datetime.combine(day, datetime.time(7)), tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            call_command("send_deadline_reminders", stdout=out)
        return dict(part.split("=") for part in out.getvalue().split())

    def mails_to(self, address):
        return [m for m in mail.outbox if m.to == [address]]

    def test_reminders_at_30_7_and_1_days_never_twice(self):
        self.assertEqual(self.run_on(datetime.date(2026, 5, 20))["reminders"], "0")  # 42 days ahead
        self.assertEqual(self.run_on(datetime.date(2026, 6, 1))["reminders"], "1")  # the 30-day one
        self.assertEqual(self.run_on(datetime.date(2026, 6, 1))["reminders"], "0")  # same day again
        self.assertEqual(self.run_on(datetime.date(2026, 6, 2))["reminders"], "0")
        self.assertEqual(
            self.run_on(datetime.date(2026, 6, 26))["reminders"], "1"
        )  # 5 days: the 7-day one
        self.assertEqual(self.run_on(datetime.date(2026, 6, 30))["reminders"], "1")  # the 1-day one
        self.assertEqual(self.run_on(datetime.date(2026, 6, 30))["reminders"], "0")
        reminders = self.mails_to(self.pi.email)
        self.assertEqual(len(reminders), 3)
        self.assertIn("01/07/2026", reminders[0].subject)

    def test_overdue_is_escalated_to_the_office_once(self):
        self.assertEqual(self.run_on(datetime.date(2026, 7, 3))["escalations"], "1")
        self.assertEqual(self.run_on(datetime.date(2026, 7, 4))["escalations"], "0")
        escalation = [m for m in mail.outbox if "Quá hạn" in m.subject]
        self.assertEqual(sorted(m.to[0] for m in escalation), [self.pi.email, self.office.email])

    def test_a_done_or_waived_deadline_is_left_alone(self):
        Deadline.objects.filter(pk=self.deadline.pk).update(done_on=datetime.date(2026, 6, 1))
        result = self.run_on(datetime.date(2026, 6, 30))
        self.assertEqual((result["reminders"], result["escalations"]), ("0", "0"))

    def test_weekly_digest_once_per_week(self):
        self.assertEqual(self.run_on(datetime.date(2026, 6, 29))["digests"], "1")  # Monday
        self.assertEqual(self.run_on(datetime.date(2026, 7, 2))["digests"], "0")  # same ISO week
        self.assertEqual(self.run_on(datetime.date(2026, 7, 6))["digests"], "1")  # next week
        digest = [m for m in self.mails_to(self.office.email) if "tuần" in m.subject]
        self.assertEqual(len(digest), 2)
        self.assertIn(self.topic.code, digest[1].body)  # overdue by then
