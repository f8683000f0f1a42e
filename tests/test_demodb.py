"""The demo's copy (tests/demodb.py) is the demo: every row the load wrote, its files, its
full-text index, and room for the rows a test adds."""

import datetime
import pickle

from django.test import TestCase

from cms.models import OutputPage
from research.models import Unit
from search.query import ResearchSearch
from tests.demodb import load_demo, read_tables, saved

TODAY = datetime.date(2026, 11, 26)


class DemoCopyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(TODAY)

    def test_every_row_of_the_load_is_there(self):
        snapshot = pickle.loads(saved(TODAY).read_bytes())
        self.assertEqual(read_tables(), snapshot["tables"])
        self.assertGreater(len([rows for _names, rows in snapshot["tables"].values() if rows]), 50)

    def test_the_files_are_there(self):
        page = OutputPage.objects.live().filter(output__files__isnull=False).first()
        stored = page.output.files.first().file
        self.assertTrue(stored.storage.exists(stored.name))

    def test_the_search_finds_a_copied_page(self):
        page = OutputPage.objects.live().first()
        found = ResearchSearch({"q": page.title}).results()
        self.assertIn(page.pk, [hit.page_id for hit in found.hits])

    def test_a_new_row_gets_a_new_id(self):
        copied = max(Unit.objects.values_list("pk", flat=True))
        self.assertGreater(Unit.objects.create(name="Phòng mới").pk, copied)
