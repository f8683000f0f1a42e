from django.core.management.base import BaseCommand

from research.inbox.outbox import backlog, deliver


class Command(BaseCommand):
    help = (
        "Send the e-mails waiting in the outbox whose time has come; a failure is retried later "
        "with a growing wait. Safe to run as often as cron likes: each e-mail is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="At most this many per run.")

    def handle(self, *args, limit, **options):
        sent, failed = deliver(limit=limit)
        waiting = backlog()
        self.stdout.write(
            f"sent {sent}, failed {failed}, waiting {waiting['size']}, "
            f"given up {waiting['failed']}, oldest {waiting['oldest_age_seconds']} s"
        )
