"""One user cannot stop the site by growing a list (issue 19, item 2).

Before the bounds, one lecturer declaring an output with 10,000 invented co-authors kept SQLite's
write lock for more than 16 CPU-minutes (1,000 names: 55 s), and the home page, the listings and
the login page answered 500 “database is locked” meanwhile, through the database cache's writes.
Every list a user grows now has a ceiling (settings MAX_AUTHORS, MAX_KEYWORDS, MAX_FORM_ROWS,
MAX_FILES_PER_RECORD; docs/reliability.md), checked before any item is matched or written, and the
cache gives up a write rather than wait for the lock."""

import datetime
import sqlite3
import time
import unittest

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from research.models import Output, OutputAuthor, Person, PersonKind, Proposal, Verification
from tests.cms.site import build_site
from tests.factories import (
    CallFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    PersonFactory,
    UnitFactory,
)


class GrowingListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = UnitFactory(name="Khoa Xây dựng Đảng")
        user = LecturerUserFactory(email="lan@example.vn")
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=cls.unit, user=user)

    def declare(self, **overrides):
        self.client.force_login(self.lan.user)
        data = {
            "kind": "journal_article",
            "title": "Đổi mới sinh hoạt chi bộ",
            "author_names": "Võ Thị Mai Lan",
            "published_on": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
            "keyword_list": "chi bộ",
            "files-TOTAL_FORMS": "0",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
        }
        data.update(overrides)
        return self.client.post(reverse("research:declare-output"), data)

    def test_ten_thousand_co_authors_get_a_clear_error_quickly(self):
        names = "\n".join(["Võ Thị Mai Lan"] + [f"Tác Giả Số {i}" for i in range(10_000)])
        people = Person.objects.count()
        started = time.monotonic()
        response = self.declare(author_names=names)
        elapsed = time.monotonic() - started
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "10001")
        self.assertLess(elapsed, 10, "refused before any name is matched")
        self.assertFalse(Output.objects.exists())
        self.assertEqual(Person.objects.count(), people)

    @override_settings(MAX_AUTHORS=3)
    def test_the_ceiling_is_a_setting_and_the_list_at_it_is_kept(self):
        response = self.declare(author_names="Võ Thị Mai Lan\nNgười Thứ Hai\nNgười Thứ Ba")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Output.objects.get().authors.count(), 3)
        response = self.declare(author_names="Võ Thị Mai Lan\nA Một\nB Hai\nC Ba")
        self.assertContains(response, "4")
        self.assertEqual(Output.objects.count(), 1)

    def test_the_same_new_co_author_twice_is_refused(self):
        response = self.declare(author_names="Võ Thị Mai Lan\nHoàng Minh\nHoàng Minh")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Output.objects.exists())

    def test_the_verification_queue_opens_on_an_output_declared_before_the_ceiling(self):
        # What the attack left behind: one pending output with 1,500 authors. The queue answered
        # 500 “Expression tree is too large” on SQLite.
        output = Output.objects.create(
            kind="journal_article",
            title="Trước khi có giới hạn",
            published_on=timezone.localdate() - datetime.timedelta(days=30),
            declared_by=self.lan.user,
            verification=Verification.PENDING,
        )
        people = Person.objects.bulk_create(
            Person(full_name=f"Tác Giả {i}", given_name=str(i), kind=PersonKind.OUTSIDE)
            for i in range(1_500)
        )
        OutputAuthor.objects.bulk_create(
            OutputAuthor(output=output, person=person, sort_order=index)
            for index, person in enumerate(people)
        )
        self.client.force_login(OfficeStaffFactory())
        response = self.client.get(reverse("research_declarations:queue"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "(1500)")

    def test_keywords_are_bounded(self):
        response = self.declare(keyword_list="\n".join(f"từ khóa {i}" for i in range(5_000)))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "5000")
        self.assertFalse(Output.objects.exists())

    def test_files_rows_are_bounded(self):
        response = self.declare(**{"files-TOTAL_FORMS": "10000"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Output.objects.exists())

    def test_proposal_team_rows_are_bounded(self):
        call = CallFactory()
        self.client.force_login(self.lan.user)
        data = {"title": "Một đề xuất", "duration_months": "12"}
        for formset in ("members", "expected_outputs", "budget_items", "attachments"):
            data.update(
                {
                    f"{formset}-TOTAL_FORMS": "0",
                    f"{formset}-INITIAL_FORMS": "0",
                    f"{formset}-MIN_NUM_FORMS": "0",
                    f"{formset}-MAX_NUM_FORMS": "1000",
                }
            )
        data["members-TOTAL_FORMS"] = "2000"
        for index in range(2000):
            data[f"members-{index}-person"] = str(self.lan.pk)
            data[f"members-{index}-role"] = "member"
        with CaptureQueriesContext(connection) as queries:
            response = self.client.post(
                f"{reverse('research:proposal-create')}?call={call.pk}", data
            )
        # At most MAX_FORM_ROWS rows are read (one person lookup each); Django alone read 1,100.
        self.assertLess(len(queries), 400)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "100")
        self.assertFalse(Proposal.objects.exists())


DATABASE_CACHE = {"default": {"BACKEND": "portal.cache.DatabaseCache", "LOCATION": "held_lock"}}


@unittest.skipUnless(connection.vendor == "sqlite", "SQLite's database-wide write lock")
class HeldWriteLockTests(TransactionTestCase):
    """Pages that only read answer while another connection holds SQLite's write lock."""

    serialized_rollback = True  # the home page comes from a migration

    @override_settings(CACHES=DATABASE_CACHE, CACHE_WRITE_WAIT_MS=200)
    def test_read_pages_answer_while_the_write_lock_is_held(self):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        build_site()
        holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # a long declaration's transaction, as in the attack
        try:
            for url in ("/", "/de-tai/", "/tim-kiem/?q=chi+b%E1%BB%99", reverse("login")):
                with self.subTest(url=url):
                    started = time.monotonic()
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertLess(time.monotonic() - started, 10)
        finally:
            holder.rollback()
            holder.close()
        # The cache works again once the lock is released.
        cache.set("after", 1)
        self.assertEqual(cache.get("after"), 1)
