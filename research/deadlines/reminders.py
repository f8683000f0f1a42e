"""Deadline reminders, escalation and the office's weekly digest; each is sent once."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from research.core.permissions import Roles
from research.deadlines.models import Deadline, DeadlineReminder, OfficeDigest, ReminderKind
from research.inbox.notifications import notify


def office_emails():
    users = get_user_model().objects.filter(groups__name=Roles.RESEARCH_OFFICE, is_active=True)
    return list(users.exclude(email="").values_list("email", flat=True))


def claim(deadline, kind, days_before, today):
    """Record the reminder; False when it was already sent (the unique constraint decides)."""
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(
                deadline=deadline, kind=kind, days_before=days_before, sent_on=today
            )
    except IntegrityError:
        return False
    return True


def send_reminders(today, thresholds):
    """Remind the responsible person at the tightest threshold the deadline has reached."""
    thresholds = sorted(thresholds)
    horizon = max(thresholds)
    sent = 0
    for deadline in Deadline.objects.due_within(horizon, today).select_related(
        "topic", "responsible"
    ):
        remaining = (deadline.due_on - today).days
        threshold = next(t for t in thresholds if remaining <= t)
        if (
            deadline.responsible
            and deadline.responsible.email
            and claim(deadline, ReminderKind.BEFORE, threshold, today)
        ):
            notify(
                "deadline_due",
                [deadline.responsible.email],
                {"deadline": deadline, "days": remaining},
            )
            sent += 1
    return sent


def escalate_overdue(today):
    sent = 0
    office = office_emails()
    for deadline in Deadline.objects.overdue(today).select_related("topic", "responsible"):
        if claim(deadline, ReminderKind.OVERDUE, 0, today):
            recipients = office + ([deadline.responsible.email] if deadline.responsible else [])
            notify(
                "deadline_overdue",
                recipients,
                {"deadline": deadline, "days": (today - deadline.due_on).days},
            )
            sent += 1
    return sent


def send_weekly_digest(today):
    year, week, _ = today.isocalendar()
    try:
        with transaction.atomic():
            OfficeDigest.objects.create(week=f"{year}-W{week:02d}", sent_on=today)
    except IntegrityError:
        return 0
    notify(
        "office_digest",
        office_emails(),
        {
            "today": today,
            "overdue": list(Deadline.objects.overdue(today).select_related("topic", "responsible")),
            "upcoming": list(
                Deadline.objects.due_within(30, today).select_related("topic", "responsible")
            ),
            "week_end": today + datetime.timedelta(days=6),
        },
    )
    return 1
