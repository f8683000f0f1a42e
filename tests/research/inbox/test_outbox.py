"""The outbox (retries with backoff, failures shown to the office), the inbox and the to-do."""

import datetime
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from research.inbox.notifications import notify
from research.inbox.outbox import backlog, backoff, deliver, retry
from research.models import EmailStatus, InboxMessage, OutgoingEmail, Review
from research.personal.todo import todo_for
from tests.factories import (
    LecturerUserFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
    proposal_in_review,
)

FAILING = "tests.research.inbox.test_outbox.FailingBackend"


class FailingBackend:
    """A mail server that refuses every message, as a real SMTP outage would."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def queue(person, topic):
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify("acceptance_decided", [person.email], {"topic": topic, "grade": "Khá"})


class OutboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = PersonWithLoginFactory()
        cls.topic = TopicFactory(principal=cls.person)

    def test_a_notification_is_sent_and_lands_in_the_inbox(self):
        queue(self.person, self.topic)
        email = OutgoingEmail.objects.get()
        self.assertEqual((email.status, email.attempts), (EmailStatus.SENT, 1))
        self.assertEqual(len(mail.outbox), 1)
        message = InboxMessage.objects.get(user=self.person.user)
        self.assertEqual(message.subject, email.subject)
        self.assertEqual(message.link, reverse("research:topic-detail", args=[self.topic.pk]))
        self.assertIn(message.link, mail.outbox[0].body)
        self.assertFalse(message.is_read)

    def test_a_rolled_back_change_sends_nothing(self):
        from django.db import transaction

        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    notify(
                        "acceptance_decided",
                        [self.person.email],
                        {"topic": self.topic, "grade": "Khá"},
                    )
                    raise RuntimeError
            except RuntimeError:
                pass
        self.assertFalse(OutgoingEmail.objects.exists())
        self.assertFalse(InboxMessage.objects.exists())
        self.assertEqual(len(mail.outbox), 0)

    @override_settings(EMAIL_BACKEND=FAILING, OUTBOX_MAX_ATTEMPTS=3, OUTBOX_RETRY_SECONDS=60)
    def test_a_failed_send_is_retried_with_backoff_then_shown_to_the_office(self):
        queue(self.person, self.topic)
        email = OutgoingEmail.objects.get()
        self.assertEqual((email.status, email.attempts), (EmailStatus.QUEUED, 1))
        self.assertIn("SMTP server unreachable", email.last_error)
        first_wait = email.next_attempt_at - timezone.now()
        self.assertTrue(
            datetime.timedelta(seconds=50) < first_wait <= datetime.timedelta(seconds=60)
        )
        self.assertEqual(deliver(), (0, 0))  # not due yet
        later = email.next_attempt_at + datetime.timedelta(seconds=1)
        self.assertEqual(deliver(now=later), (0, 1))
        email.refresh_from_db()
        self.assertEqual(email.next_attempt_at, later + backoff(2))
        self.assertEqual(backoff(2), datetime.timedelta(seconds=120))
        self.assertEqual(deliver(now=email.next_attempt_at), (0, 1))
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), (EmailStatus.FAILED, 3))
        self.assertEqual(backlog()["failed"], 1)
        office = OfficeStaffFactory()
        self.assertIn(
            str(_("E-mails that could not be sent")),
            [str(label) for label, _count, _tasks in todo_for(office)["office"]],
        )
        # The office looks at it and sends it again once the server is back.
        self.client.force_login(office)
        self.assertContains(
            self.client.get(reverse("research_outbox:index")), "SMTP server unreachable"
        )
        self.client.post(reverse("research_outbox:retry", args=[email.pk]))
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), (EmailStatus.QUEUED, 0))
        self.assertTrue(ModelLogEntry.objects.filter(action="research.outbox.retry").exists())
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            out = StringIO()
            call_command("send_outbox", stdout=out)
        self.assertIn("sent 1", out.getvalue())
        email.refresh_from_db()
        self.assertEqual(email.status, EmailStatus.SENT)
        self.assertEqual(len(mail.outbox), 1)

    def test_only_the_office_retries_and_nobody_edits_the_outbox(self):
        queue(self.person, self.topic)
        email = OutgoingEmail.objects.get()
        self.client.force_login(self.person.user)
        response = self.client.post(reverse("research_outbox:retry", args=[email.pk]))
        self.assertIn(response.status_code, (302, 403))
        self.client.force_login(OfficeStaffFactory())
        self.assertEqual(self.client.get(reverse("research_outbox:index")).status_code, 200)
        self.assertEqual(
            self.client.get(reverse("research_outbox:inspect", args=[email.pk])).status_code, 200
        )
        self.assertNotEqual(
            self.client.get(f"/admin/research/outbox/edit/{email.pk}/").status_code, 200
        )
        self.assertFalse(retry(email, None))  # already sent

    def test_backlog_reports_size_and_age(self):
        with override_settings(EMAIL_BACKEND=FAILING):
            queue(self.person, self.topic)
        later = timezone.now() + datetime.timedelta(minutes=5)
        found = backlog(now=later)
        self.assertEqual(found["size"], 1)
        self.assertGreaterEqual(found["oldest_age_seconds"], 299)

    def test_the_readiness_check_fails_when_mail_waits_too_long(self):
        from django.conf import settings

        from portal.operations.health import run_checks

        check = {"outbox": settings.HEALTH_CHECKS["outbox"]}
        self.assertTrue(run_checks(check)[1])
        with override_settings(EMAIL_BACKEND=FAILING):
            queue(self.person, self.topic)
        results, ok = run_checks(check)
        self.assertTrue(ok)  # one e-mail, seconds old
        self.assertEqual(results["outbox"]["size"], 1)
        OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
        results, ok = run_checks(check)
        self.assertFalse(ok)
        self.assertGreaterEqual(results["outbox"]["oldest_seconds"], 7200)

    def test_two_senders_never_send_one_email_twice(self):
        with override_settings(EMAIL_BACKEND=FAILING):
            queue(self.person, self.topic)
        email = OutgoingEmail.objects.get()
        now = email.next_attempt_at + datetime.timedelta(hours=1)
        self.assertEqual(deliver(now=now), (1, 0))
        self.assertEqual(deliver(now=now), (0, 0))
        self.assertEqual(len(mail.outbox), 1)


class InboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = PersonWithLoginFactory()
        cls.topic = TopicFactory(principal=cls.person)

    def test_the_inbox_lists_opens_and_marks_messages(self):
        queue(self.person, self.topic)
        message = InboxMessage.objects.get()
        self.client.force_login(self.person.user)
        page = self.client.get(reverse("research:inbox"))
        self.assertContains(page, message.subject)
        self.assertContains(page, 'class="unread"')
        self.assertContains(self.client.get(reverse("research:dashboard")), "data-inbox-link")
        opened = self.client.get(reverse("research:inbox-message", args=[message.pk]))
        self.assertContains(opened, message.link)
        message.refresh_from_db()
        self.assertTrue(message.is_read)
        self.client.post(reverse("research:inbox-unread", args=[message.pk]))
        message.refresh_from_db()
        self.assertFalse(message.is_read)
        self.client.post(reverse("research:inbox-read-all"))
        message.refresh_from_db()
        self.assertTrue(message.is_read)

    def test_nobody_reads_another_persons_messages(self):
        queue(self.person, self.topic)
        message = InboxMessage.objects.get()
        self.client.force_login(LecturerUserFactory())
        self.assertEqual(
            self.client.get(reverse("research:inbox-message", args=[message.pk])).status_code, 404
        )
        self.assertNotContains(self.client.get(reverse("research:inbox")), message.subject)

    def test_the_office_reads_its_inbox_in_the_admin(self):
        office = OfficeStaffFactory()
        with self.captureOnCommitCallbacks(execute=True):
            notify(
                "office_digest",
                [office.email],
                {
                    "today": timezone.localdate(),
                    "overdue": [],
                    "upcoming": [],
                    "week_end": timezone.localdate(),
                },
            )
        self.client.force_login(office)
        response = self.client.get(reverse("research_mail:inbox"))
        self.assertContains(response, InboxMessage.objects.get(user=office).subject)

    def test_the_inbox_page_query_count_does_not_grow(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.person.user)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(reverse("research:inbox")).status_code, 200)
            return len(captured.captured_queries)

        queue(self.person, self.topic)
        queries()  # warms the site menu's cache
        few = queries()
        for _repeat in range(12):
            queue(self.person, self.topic)
        self.assertEqual(queries(), few)


class TodoTests(TestCase):
    def test_a_members_sheet_is_on_the_list_until_submitted(self):
        office = OfficeStaffFactory()
        proposal = proposal_in_review(office=office)
        review = (
            Review.objects.filter(proposal=proposal, conflict_flags=[])
            .select_related("member__person__user")
            .first()
        )
        member = review.member.person.user
        tasks = todo_for(member)["mine"]
        self.assertIn(reverse("research:review-detail", args=[review.pk]), [t.url for t in tasks])
        Review.objects.filter(pk=review.pk).update(submitted_at=timezone.now())
        tasks = todo_for(member)["mine"]
        self.assertNotIn(
            reverse("research:review-detail", args=[review.pk]), [t.url for t in tasks]
        )

    def test_the_office_sees_what_waits_for_it(self):
        office = OfficeStaffFactory()
        proposal_in_review(office=office)
        from research.proposals.actions import SubmitProposal
        from tests.factories import ProposalFactory

        waiting = ProposalFactory(complete=True)
        SubmitProposal(waiting, user=waiting.principal.user).execute()
        office_todo = todo_for(office)["office"]
        labels = {str(label): count for label, count, _tasks in office_todo}
        self.assertEqual(labels.get(str(_("Check eligibility"))), 1)
        self.assertEqual(todo_for(LecturerUserFactory())["office"], [])


def test_every_notification_has_its_four_parts():
    """Subject, text, HTML and the inbox's link: a missing one fails only when the e-mail is
    sent, in the middle of the action that sends it."""
    folder = Path(settings.BASE_DIR) / "templates" / "research" / "email"
    kinds = {path.name.removesuffix(".subject.txt") for path in folder.glob("*.subject.txt")}
    assert kinds
    missing = [
        f"{kind}{suffix}"
        for kind in sorted(kinds)
        for suffix in (".txt", ".html", ".link.txt")
        if not (folder / f"{kind}{suffix}").exists()
    ]
    assert missing == []
