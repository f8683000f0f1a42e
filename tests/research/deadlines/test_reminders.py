import datetime
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from research.models import Review
from tests.factories import CallFactory, proposal_in_review


class ReviewReminderTests(TestCase):
    def run_command(self):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_review_reminders", stdout=out)
        return int(out.getvalue())

    def test_members_with_open_sheets_are_reminded_once(self):
        with time_machine.travel(datetime.datetime(2026, 5, 1, 8, 0), tick=False):
            proposal = proposal_in_review(
                call=CallFactory(review_due_on=datetime.date(2026, 5, 10), blind_review=True)
            )
            done = Review.objects.filter(proposal=proposal).first()
            done.submitted_at = "2026-05-01T09:00:00+07:00"
            done.save()
            mail.outbox.clear()
            self.assertEqual(self.run_command(), 0)  # nine days ahead: too early
        with time_machine.travel(datetime.datetime(2026, 5, 8, 8, 0), tick=False):
            self.assertEqual(self.run_command(), 6)
            self.assertEqual(self.run_command(), 0)  # the same day again: nothing twice
        self.assertEqual(len(mail.outbox), 6)
        self.assertNotIn(done.member.person.email, [m.to[0] for m in mail.outbox])
        self.assertIn("10/05/2026", mail.outbox[0].body)
        self.assertNotIn(proposal.principal.full_name, mail.outbox[0].body)
