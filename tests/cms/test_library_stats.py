"""Library statistics: counted privately with one insert per view or download, bots and previews
left out, rolled up per day, shown on item pages and profiles and in the annual report."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from cms.models import OutputPage, PersonPage
from cms.stats.models import DailyCount, Hit, HitKind
from cms.stats.rollup import aggregate
from research.models import OutputAuthor
from research.reports.annual.data import AnnualReport
from tests.cms.site import build_site, publish
from tests.cms.test_public import attach
from tests.factories import OutputFactory, PersonFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0)",
    "facebookexternalhit/1.1",
    "python-requests/2.32",
    "",
]


class LibraryStatisticsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        site = build_site()
        cls.author = PersonFactory(full_name="Võ Thị Mai Lan")
        cls.output = OutputFactory(
            title="Sinh hoạt chi bộ ở cơ sở", published_on=datetime.date(2025, 3, 1)
        )
        OutputAuthor.objects.create(output=cls.output, person=cls.author)
        cls.file = attach(cls.output)
        cls.page = publish(
            site.library, OutputPage, title=cls.output.title, slug="sp-1", output=cls.output
        )
        cls.profile = publish(
            site.people, PersonPage, title=cls.author.full_name, slug="lan", person=cls.author
        )

    def visit(self, url, agent=BROWSER, **headers):
        return self.client.get(url, HTTP_USER_AGENT=agent, **headers)

    def test_a_view_is_one_insert_and_nothing_personal(self):
        self.visit(self.page.url)  # warm the menu cache
        Hit.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.visit(self.page.url).status_code, 200)
        writes = [
            q["sql"]
            for q in captured.captured_queries
            if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
        ]
        self.assertEqual(len(writes), 1)
        self.assertIn("cms_hit", writes[0])
        hit = Hit.objects.get()
        self.assertEqual((hit.page_id, hit.kind), (self.page.pk, HitKind.VIEW))
        self.assertEqual(
            {field.name for field in Hit._meta.get_fields()}, {"id", "page", "kind", "target", "at"}
        )

    def test_bots_prefetches_and_other_methods_are_not_counted(self):
        for agent in BOTS:
            with self.subTest(agent=agent):
                self.visit(self.page.url, agent=agent)
        self.visit(self.page.url, HTTP_SEC_PURPOSE="prefetch")
        self.client.head(self.page.url, HTTP_USER_AGENT=BROWSER)
        self.assertFalse(Hit.objects.exists())

    def test_downloads_are_counted_per_file(self):
        url = self.page.url + self.page.reverse_subpage("file", args=[self.file.pk])
        response = self.visit(url)
        self.assertEqual(response.status_code, 200)
        hit = Hit.objects.get()
        self.assertEqual((hit.kind, hit.target), (HitKind.DOWNLOAD, f"file:{self.file.pk}"))

    def test_hits_roll_up_into_daily_counts_once(self):
        for _visit in range(3):
            self.visit(self.page.url)
        self.visit(self.page.url + self.page.reverse_subpage("file", args=[self.file.pk]))
        out = StringIO()
        call_command("aggregate_library_stats", stdout=out)
        self.assertEqual(out.getvalue().strip(), "4")
        self.assertEqual(aggregate(), 0)  # a second run changes nothing
        self.assertFalse(Hit.objects.exists())
        self.assertEqual(
            DailyCount.objects.filter(page=self.page).totals(), {"view": 3, "download": 1}
        )
        self.visit(self.page.url)
        aggregate()
        self.assertEqual(DailyCount.objects.get(page=self.page, kind=HitKind.VIEW).count, 4)

    def test_counts_are_shown_on_the_item_page_and_the_profile(self):
        DailyCount.objects.create(
            page=self.page, kind=HitKind.VIEW, day=datetime.date(2025, 5, 1), count=41
        )
        DailyCount.objects.create(
            page=self.page,
            kind=HitKind.DOWNLOAD,
            target="file:1",
            day=datetime.date(2025, 5, 1),
            count=7,
        )
        page = self.visit(self.page.url).content.decode()
        self.assertIn("42", page)  # 41 counted and this very view, not yet rolled up
        self.assertIn("7", page)
        self.assertIn("data-stats", page)
        profile = self.visit(self.profile.url).content.decode()
        self.assertIn("data-stats", profile)
        self.assertIn("42", profile)

    def test_the_annual_report_has_the_library(self):
        DailyCount.objects.create(
            page=self.page, kind=HitKind.VIEW, day=datetime.date(2025, 5, 1), count=41
        )
        DailyCount.objects.create(
            page=self.page, kind=HitKind.VIEW, day=datetime.date(2024, 5, 1), count=9
        )
        tables = {t.key: t for t in AnnualReport(2025).tables()}
        self.assertEqual(tables["library_totals"].rows[0][1], 41)
        self.assertEqual(tables["library_top"].rows, [[self.page.title, 41, 0]])
