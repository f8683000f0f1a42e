"""Apply the confirmed imports, and resume those cut short (a worker killed, a restart) where
they stopped: run every minute by a timer (docs/operations.md). Safe to run twice at once."""

from django.core.management.base import BaseCommand

from research.imports.engine import ImportRefused, run_batch
from research.imports.models import UNFINISHED_IMPORTS, ImportBatch


class Command(BaseCommand):
    help = "Apply confirmed imports and resume unfinished ones (records, then their pages)."

    def handle(self, *args, **options):
        pending = ImportBatch.objects.filter(status__in=UNFINISHED_IMPORTS).order_by("pk")
        for pk in pending.values_list("pk", flat=True):
            try:
                batch = run_batch(pk)
            except ImportRefused as error:
                self.stderr.write(f"Import {pk}: {error}")
                continue
            self.stdout.write(
                f"Import {pk} ({batch.file_name}): {batch.status}, "
                f"{batch.pages_done}/{batch.pages_total} pages"
            )
