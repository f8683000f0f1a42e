from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.demo import DemoSite
from cms.models import OutputPage, PersonPage, TopicPage


class Command(BaseCommand):
    help = "Build the demo public site over the demo research data (run after load_demo_data)."

    def handle(self, *args, **options):
        try:
            DemoSite().load()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            _(
                "Demo site: %(topics)d topic pages live, %(outputs)d library items, %(people)d profiles."
            )
            % {
                "topics": TopicPage.objects.live().count(),
                "outputs": OutputPage.objects.live().count(),
                "people": PersonPage.objects.live().count(),
            }
        )
