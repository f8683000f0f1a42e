"""`make bench`: the criterion-4 dashboard on ten years of synthetic data, in a throwaway database."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from bench.corpus import Corpus, throwaway_database, timed
from research.core.permissions import Roles
from research.models import Indicator
from research.standard.counting import evaluate


class Command(BaseCommand):
    help = "Time the criterion-4 dashboard on 10 years of data (2,000 topics, 10,000 outputs …)."

    def add_arguments(self, parser):
        parser.add_argument("--topics", type=int, default=2000)
        parser.add_argument("--outputs", type=int, default=10000)
        parser.add_argument("--events", type=int, default=300)
        parser.add_argument("--issues", type=int, default=30)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, **options):
        with throwaway_database(self.stdout), override_settings(ALLOWED_HOSTS=["testserver"]):
            today = timezone.localdate()
            Corpus(
                topics=options["topics"],
                outputs=options["outputs"],
                events=options["events"],
                issues=options["issues"],
                years=options["years"],
                last_year=today.year,
            ).write()
            self.stdout.write(
                "{topics} topics, {outputs} outputs, {events} events, {issues} bulletin issues "
                "over {years} years".format(**options)
            )
            indicators = list(Indicator.objects.all())
            client = Client()
            office = get_user_model().objects.create(username="bench-office")
            office.groups.add(Group.objects.get(name=Roles.RESEARCH_OFFICE))
            client.force_login(office)
            url = reverse("research_reports:standard")
            rows = [
                (
                    "compute all indicators (value, projection, status)",
                    lambda: [evaluate(indicator, today.year, today) for indicator in indicators],
                ),
                ("dashboard page (HTTP, whole admin page)", lambda: client.get(url)),
                (
                    "self-assessment export (.xlsx, with evidence)",
                    lambda: client.get(reverse("research_reports:standard_export")),
                ),
            ]
            self.stdout.write(f"{'measure':<52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
            for label, function in rows:
                function()  # warm caches, as a running server has them
                median, p95, queries = timed(function, options["runs"])
                self.stdout.write(f"{label:<52} {median:>10.1f} {p95:>8.1f} {queries:>8}")
