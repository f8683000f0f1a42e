"""The planner's statistics (portal/operations/statistics.py, `analyze_database`)."""

import unittest
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from wagtail.models import PageViewRestriction

from tests.factories import TopicFactory


class StatisticsTests(TestCase):
    def test_the_command_refreshes_them(self):
        TopicFactory()
        out = StringIO()
        call_command("analyze_database", stdout=out)
        self.assertIn("Đã làm mới số liệu thống kê", out.getvalue())

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite keeps no statistics by itself")
    def test_an_empty_table_is_read_first_in_a_join(self):
        # Wagtail reads the view restrictions joined to the pages on every public page: with no
        # statistics for the empty restrictions table, SQLite scanned every page for it
        self.assertFalse(PageViewRestriction.objects.exists())
        call_command("analyze_database", stdout=StringIO())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'wagtailcore_pageviewrestriction'"
            )
            self.assertEqual(cursor.fetchall(), [("0",)])
            # the page table's statistics as the benchmark's 110,159 pages leave them
            cursor.execute(
                "UPDATE sqlite_stat1 SET stat = '110159' || substr(stat, instr(stat, ' ')) "
                "WHERE tbl = 'wagtailcore_page'"
            )
            cursor.execute("ANALYZE sqlite_schema")
        plan = self.plan()
        self.assertEqual(plan[0], "SCAN wagtailcore_pageviewrestriction")
        self.assertIn("wagtailcore_page USING INTEGER PRIMARY KEY", plan[1])

    @staticmethod
    def plan():
        query = str(PageViewRestriction.objects.select_related("page").query)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query}")
            return [row[-1] for row in cursor.fetchall()]
