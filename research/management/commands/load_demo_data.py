from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from research.core.people import Person
from research.demo.loader import DemoLoader
from research.outputs.models.outputs import Output
from research.topics.models.topics import Topic


class Command(BaseCommand):
    help = "Load the Vietnamese demo data set. Safe to run twice: the second run changes nothing."

    def handle(self, *args, **options):
        try:
            DemoLoader().load()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            _("Demo data: %(topics)d topics, %(outputs)d outputs, %(people)d people.")
            % {
                "topics": Topic.objects.count(),
                "outputs": Output.objects.count(),
                "people": Person.objects.count(),
            }
        )
        self.stdout.write(_("The demo logins: manage.py demo_logins"))
