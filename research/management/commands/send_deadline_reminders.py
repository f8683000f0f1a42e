from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from research.deadlines.reminders import escalate_overdue, send_reminders, send_weekly_digest


class Command(BaseCommand):
    help = (
        "Remind responsible people of coming deadlines, escalate overdue ones to the research office, "
        "and send the office its weekly digest. Safe to run many times a day: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            default=",".join(str(day) for day in settings.DEADLINE_REMINDER_DAYS),
            help="Days before the due date to remind, comma-separated (default from DEADLINE_REMINDER_DAYS).",
        )

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        thresholds = [int(day) for day in days.split(",") if day.strip()]
        reminded = send_reminders(today, thresholds)
        escalated = escalate_overdue(today)
        digests = send_weekly_digest(today)
        self.stdout.write(f"reminders={reminded} escalations={escalated} digests={digests}")
