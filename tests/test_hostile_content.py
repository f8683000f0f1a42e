"""Hostile values in the data, not the address (issue 19, items 6 and 7): a title carrying a
control character or a spreadsheet formula, verified and published, must neither break an export
(openpyxl refused the vertical tab: the criterion export and the site history's .xlsx answered
500) nor reach Excel as a formula (the public search's CSV carried `=HYPERLINK(…)`); and a form
must not store the control character in the first place."""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.log_actions import log

from cms.models import OutputPage
from research.core.spreadsheets import FORMULA_STARTS, CsvWriter, cell_value, csv_value
from research.models import Output, Person
from tests.demodb import load_demo

TODAY = datetime.date(2026, 11, 26)
TITLE = '=HYPERLINK("http://example.invalid/x","Sinh hoạt chi bộ")\x0b vùng biên giới'


def csv_cells(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return [cell for row in csv.reader(io.StringIO(text.decode("utf-8-sig"))) for cell in row]


class CellHelperTests(TestCase):
    def test_formula_starts_are_neutralised_and_control_characters_dropped(self):
        for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
            with self.subTest(value=value):
                self.assertEqual(csv_value(value)[0], "'")
        self.assertEqual(csv_value("a\x0bb\x00c"), "abc")
        self.assertEqual(csv_value("Nghiên cứu"), "Nghiên cứu")
        self.assertEqual(csv_value(42), 42)
        self.assertEqual(cell_value("a\x0b\nb"), "a\nb")

    def test_the_writer_cleans_every_cell(self):
        out = io.StringIO()
        writer = CsvWriter(out, fieldnames=["a", "b"])
        writer.writerows([{"a": "=cmd|' /C calc'!A0", "b": "ok\x07"}])
        self.assertEqual(out.getvalue().strip(), "'=cmd|' /C calc'!A0,ok")


class HostileContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(TODAY)
        cls.office = get_user_model().objects.get(username="phongnckh")
        page = OutputPage.objects.live().filter(output__is_public=True).first()
        cls.output = page.output
        # Saved the way old data was, before the form boundary cleaned it.
        Output.objects.filter(pk=cls.output.pk).update(title=TITLE)
        cls.output.refresh_from_db()
        with cls.captureOnCommitCallbacks(execute=True):
            page.title = TITLE
            page.save_revision().publish()
        log(cls.output, "wagtail.edit", user=cls.office)

    def setUp(self):
        self.client.force_login(self.office)

    def test_the_public_search_csv_carries_no_formula(self):
        self.client.logout()
        response = self.client.get("/tim-kiem/", {"q": "HYPERLINK", "format": "csv"})
        self.assertEqual(response.status_code, 200)
        cells = csv_cells(response)
        self.assertTrue(any("HYPERLINK" in cell for cell in cells), "the hit is in the file")
        self.assertEqual([c for c in cells if c.startswith(FORMULA_STARTS)], [])
        self.assertFalse(any("\x0b" in cell for cell in cells))

    def test_the_site_history_exports(self):
        url = reverse("wagtailadmin_reports:site_history")
        response = self.client.get(url, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        cells = csv_cells(response)
        self.assertTrue(any("HYPERLINK" in cell for cell in cells))
        self.assertEqual([c for c in cells if c.startswith(FORMULA_STARTS)], [])
        response = self.client.get(url, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    def test_the_output_listing_exports(self):
        url = reverse("research_output:index")
        for export in ("csv", "xlsx"):
            with self.subTest(export=export):
                response = self.client.get(url, {"export": export})
                self.assertEqual(response.status_code, 200)

    def test_the_criterion_export(self):
        Output.objects.filter(pk=self.output.pk).update(title=TITLE)
        response = self.client.get(
            reverse("research_reports:standard_export"), {"year": TODAY.year}
        )
        self.assertEqual(response.status_code, 200)
        load_workbook(io.BytesIO(response.content))

    def test_a_form_does_not_store_control_characters(self):
        self.client.force_login(get_user_model().objects.get(username="giangvien"))
        person = Person.objects.get(user__username="giangvien")
        response = self.client.post(
            reverse("research:declare-output"),
            {
                "kind": "journal_article",
                "title": "Sinh hoạt\x0b chi bộ\x00 mới",
                "author_names": person.full_name,
                "published_on": (TODAY - datetime.timedelta(days=30)).isoformat(),
                "files-TOTAL_FORMS": "0",
                "files-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertTrue(Output.objects.filter(title="Sinh hoạt chi bộ mới").exists())
