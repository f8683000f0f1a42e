from django.core.management.base import BaseCommand

from cms.stats.rollup import aggregate


class Command(BaseCommand):
    help = (
        "Roll the library's raw view and download hits up into daily counts. Safe to run as "
        "often as cron likes: each hit is counted once."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{aggregate()}")
