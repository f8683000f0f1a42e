from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.operations import statistics


class Command(BaseCommand):
    help = "Refresh the query planner's statistics (nightly: SQLite keeps none by itself)."

    def handle(self, *args, **options):
        empty = statistics.refresh()
        self.stdout.write(_("Statistics refreshed (%(empty)d empty tables).") % {"empty": empty})
