from django.core.management.base import BaseCommand

from cms.opendata.records import restamp


class Command(BaseCommand):
    help = (
        "Restamp the OAI-PMH records whose Dublin Core changed without a save the site sees (a "
        "bulk update, the school's name). Safe to run as often as cron likes: a record is "
        "restamped only when what it shows differs from its last stamp."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{restamp()}")
