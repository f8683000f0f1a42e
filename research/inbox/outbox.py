"""Sending the outbox: each queued e-mail is tried when its time comes; a failure is recorded and
retried later with a growing wait, until the attempts run out and the office sees it."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from research.inbox.models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# Failures that say the mail server is down or hung rather than that one message was refused: the
# run stops there, so a hung server costs one EMAIL_TIMEOUT per run, not one per waiting e-mail.
UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


def backoff(attempts):
    """The wait before the next try after `attempts` failed ones: doubling, capped."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def send_one(email, connection, now):
    """Try one locked e-mail and record the outcome on it; returns the error, or None when sent."""
    message = EmailMultiAlternatives(
        email.subject, email.text, settings.DEFAULT_FROM_EMAIL, [email.to], connection=connection
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    email.attempts += 1
    try:
        message.send()
    except Exception as error:  # whatever the mail backend raises, the e-mail stays in the outbox
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
        else:
            email.next_attempt_at = now + backoff(email.attempts)
        logger.warning(
            "outbox: e-mail %s to %s failed (attempt %s): %s",
            email.pk,
            email.to,
            email.attempts,
            email.last_error,
        )
        return error
    email.status = EmailStatus.SENT
    email.sent_at = now
    email.last_error = ""
    return None


def deliver(ids=None, now=None, limit=500):
    """Send the due e-mails (or only those of `ids` that are due); returns (sent, failed).

    Each e-mail is locked while it is sent, so two senders never send the same one twice. When
    the server cannot be reached the run stops: the rest wait for the next run, their attempts
    untouched.
    """
    now = now or timezone.now()
    due = OutgoingEmail.objects.due(now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent = failed = 0
    connection = get_connection()
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            email = (
                OutgoingEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=EmailStatus.QUEUED, next_attempt_at__lte=now)
                .first()
            )
            if email is None:  # sent or taken by another sender meanwhile
                continue
            error = send_one(email, connection, now)
            email.save()
        if error is None:
            sent += 1
            continue
        failed += 1
        if isinstance(error, UNREACHABLE):
            break
    return sent, failed


def retry(email, user):
    """The office puts a failed e-mail back in the queue with a fresh count of attempts; the
    next run of `send_outbox` sends it. Returns False when it had already been sent."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == EmailStatus.SENT:
            return False
        previous = email.status
        email.status = EmailStatus.QUEUED
        email.attempts = 0
        email.next_attempt_at = timezone.now()
        email.save()
        log(
            instance=email,
            action="research.outbox.retry",
            user=user,
            data={"from": previous, "to": email.to, "error": email.last_error},
        )
    return True


def backlog(now=None):
    """What waits in the outbox: how many e-mails and how old the oldest is (seconds), for
    readiness checks and the office."""
    now = now or timezone.now()
    waiting = OutgoingEmail.objects.waiting()
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "size": waiting.count(),
        "failed": OutgoingEmail.objects.failed().count(),
        "oldest_age_seconds": int((now - oldest).total_seconds()) if oldest else 0,
    }


def backlog_measure():
    """(size, age of the oldest waiting e-mail) for the readiness check
    (portal.operations.health.check_backlog)."""
    found = backlog()
    return found["size"], datetime.timedelta(seconds=found["oldest_age_seconds"]) if found[
        "size"
    ] else None
