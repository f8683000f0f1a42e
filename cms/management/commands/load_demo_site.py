from django.core.management.base import BaseCommand

from cms.demo import DemoSite
from cms.models import OutputPage, PersonPage, TopicPage


class Command(BaseCommand):
    help = "Build the demo public site over the demo research data (run after load_demo_data)."

    def handle(self, *args, **options):
        DemoSite().load()
        self.stdout.write(
            f"Demo site: {TopicPage.objects.live().count()} topic pages live, "
            f"{OutputPage.objects.live().count()} library items, "
            f"{PersonPage.objects.live().count()} profiles."
        )
