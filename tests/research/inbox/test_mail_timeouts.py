"""A hung mail server (accepts the connection, never answers) must not block anyone: no e-mail is
sent inside a request, and the outbox's sender gives up after EMAIL_TIMEOUT."""

import socket
import time

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from portal.settings import base
from research.inbox.outbox import deliver
from research.models import EmailStatus, OutgoingEmail, ProposalStatus
from tests.factories import ProposalFactory


class HungMailServer:
    """A listening socket that completes the TCP handshake (the kernel's backlog does it) and
    never says a word: an SMTP client waits for the greeting until its timeout."""

    def __enter__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        return self

    def __exit__(self, *exc):
        self.socket.close()

    def settings(self, **extra):
        return override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            **extra,
        )


class HungMailServerTests(TestCase):
    def test_the_default_settings_send_nothing_in_a_request_and_time_out(self):
        self.assertFalse(base.OUTBOX_SEND_ON_COMMIT)
        self.assertIsNotNone(base.EMAIL_TIMEOUT)
        self.assertLessEqual(base.EMAIL_TIMEOUT, 30)

    def test_submitting_a_proposal_does_not_wait_for_the_mail_server(self):
        proposal = ProposalFactory(complete=True)
        self.client.force_login(proposal.principal.user)
        with (
            HungMailServer() as server,
            server.settings(EMAIL_TIMEOUT=2, OUTBOX_SEND_ON_COMMIT=False),
        ):
            started = time.monotonic()
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(reverse("research:proposal-submit", args=[proposal.pk]))
            elapsed = time.monotonic() - started
        self.assertEqual(response.status_code, 302)
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.SUBMITTED)
        self.assertLess(elapsed, 1.5)
        # Queued, untried: the outbox's sender takes it from here.
        email = OutgoingEmail.objects.get(to=proposal.principal.email)
        self.assertEqual((email.status, email.attempts), (EmailStatus.QUEUED, 0))

    def test_the_sender_gives_up_after_the_timeout_once_per_run(self):
        for number in range(3):
            OutgoingEmail.objects.create(
                to=f"{number}@example.vn", subject="s", text="t", next_attempt_at=timezone.now()
            )
        with HungMailServer() as server, server.settings(EMAIL_TIMEOUT=1):
            started = time.monotonic()
            sent, failed = deliver()
            elapsed = time.monotonic() - started
        # One timeout, then the run stops: the other e-mails keep their attempts for next time.
        self.assertEqual((sent, failed), (0, 1))
        self.assertLess(elapsed, 3)
        attempts = sorted(OutgoingEmail.objects.values_list("attempts", flat=True))
        self.assertEqual(attempts, [0, 0, 1])
        tried = OutgoingEmail.objects.get(attempts=1)
        self.assertEqual(tried.status, EmailStatus.QUEUED)
        self.assertTrue(tried.last_error)

    def test_the_settings_module_reads_the_timeout(self):
        self.assertEqual(settings.EMAIL_TIMEOUT, base.EMAIL_TIMEOUT)
