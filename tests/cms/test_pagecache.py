"""Public pages kept for anonymous visitors (cms/pagecache.py): served again until a change they
may show, never to a signed-in user, never a page with a form or a message."""

import time

import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from cms import pagecache
from cms.models import OutputPage, PersonPage, TopicPage
from cms.stats.models import Hit
from research.models import Topic
from research.signals import records_imported
from tests.cms.site import build_site, publish
from tests.factories import (
    LecturerUserFactory,
    OutputAuthorFactory,
    OutputFactory,
    PersonFactory,
    ProposalFactory,
    TopicFactory,
    UnitFactory,
)

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


@override_settings(PAGE_CACHE_SECONDS=300)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.topic = TopicFactory(title="Nghiên cứu di sản văn hóa")
        cls.page = publish(
            cls.site.research, TopicPage, title=cls.topic.title, slug="di-san", topic=cls.topic
        )

    def setUp(self):
        cache.clear()

    def get(self, client, path, **extra):
        response = client.get(path, **extra)
        self.assertEqual(response.status_code, 200)
        return response

    def test_an_anonymous_visitor_gets_the_stored_page_and_its_view_is_counted(self):
        url = self.page.url
        self.assertEqual(self.get(self.client, url)["X-Page-Cache"], "miss")
        with self.assertNumQueries(3):  # the view counted (an INSERT in its savepoint), no more
            again = self.get(self.client, url, **BROWSER)
        self.assertEqual(again["X-Page-Cache"], "hit")
        self.assertContains(again, "Nghiên cứu di sản văn hóa")
        self.assertEqual(Hit.objects.filter(page_id=self.page.pk).count(), 1)
        # the query string and the language are part of the address
        self.assertEqual(self.get(self.client, "/de-tai/")["X-Page-Cache"], "miss")
        self.assertEqual(self.get(self.client, "/de-tai/?level=school")["X-Page-Cache"], "miss")
        self.assertEqual(self.get(self.client, "/de-tai/?level=school")["X-Page-Cache"], "hit")
        english = self.get(self.client, "/en/")
        self.assertEqual(english["X-Page-Cache"], "miss")
        self.assertEqual(english["Content-Language"], "en")

    def test_a_record_changed_is_on_its_public_page_at_once(self):
        for path in (self.page.url, "/de-tai/"):
            self.get(self.client, path)
            self.assertEqual(self.get(self.client, path)["X-Page-Cache"], "hit")
        with self.captureOnCommitCallbacks(execute=True):
            self.topic.title = "Nghiên cứu bảo tồn dân ca"
            self.topic.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.page.title = self.topic.title
            self.page.save_revision().publish()
        for path in (self.page.url, "/de-tai/"):
            page = self.get(self.client, path)
            self.assertEqual(page["X-Page-Cache"], "miss")
            self.assertContains(page, "Nghiên cứu bảo tồn dân ca")

    def test_a_record_saved_without_a_page_change_drops_the_stored_pages(self):
        self.get(self.client, self.page.url)
        with self.captureOnCommitCallbacks(execute=True):
            TopicFactory(title="Một đề tài khác")
        self.assertEqual(self.get(self.client, self.page.url)["X-Page-Cache"], "miss")

    def test_an_import_written_in_bulk_drops_the_stored_pages(self):
        # an import's rows are bulk-created (no post_save): its signal starts the new generation
        self.get(self.client, self.page.url)
        with self.captureOnCommitCallbacks(execute=True):
            records_imported.send(sender=Topic, created=[], updated=[])
        self.assertEqual(self.get(self.client, self.page.url)["X-Page-Cache"], "miss")

    def test_private_writes_keep_the_stored_pages(self):
        proposal = ProposalFactory()
        self.get(self.client, self.page.url)
        with self.captureOnCommitCallbacks(execute=True):
            proposal.title = "Bản nháp đã sửa"  # a lecturer's draft saved: on no public page
            proposal.save()
        self.assertEqual(self.get(self.client, self.page.url)["X-Page-Cache"], "hit")

    def test_a_signed_in_user_never_gets_a_stored_page(self):
        url = self.page.url
        self.get(self.client, url)
        self.assertEqual(self.get(self.client, url)["X-Page-Cache"], "hit")
        user = LecturerUserFactory()
        self.client.force_login(user)
        page = self.get(self.client, url)
        self.assertNotIn("X-Page-Cache", page)
        self.assertContains(page, 'action="/accounts/logout/"')  # their own header
        # … nor is what was rendered for them stored for others
        self.client.logout()
        self.client.cookies.clear()
        cache.clear()
        self.client.force_login(user)
        self.get(self.client, "/de-tai/")
        self.client.logout()
        self.client.cookies.clear()
        anonymous = self.get(self.client, "/de-tai/")
        self.assertEqual(anonymous["X-Page-Cache"], "miss")
        self.assertNotContains(anonymous, 'action="/accounts/logout/"')

    def test_a_page_with_a_form_or_a_cookie_is_not_stored(self):
        login = self.client.get("/accounts/login/")
        self.assertNotIn("X-Page-Cache", login)  # not a public page, and it holds a CSRF token
        self.client.cookies["messages"] = "pending"
        self.assertNotIn("X-Page-Cache", self.get(self.client, self.page.url))

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_zero_seconds_turns_it_off(self):
        self.get(self.client, self.page.url)
        self.assertNotIn("X-Page-Cache", self.get(self.client, self.page.url))


DATABASE_CACHE = {"default": {"BACKEND": "portal.cache.DatabaseCache", "LOCATION": "page_reads"}}


class DatabaseCacheReadTests(TransactionTestCase):
    """A page served from the cache reads it once: on SQLite each read sent four PRAGMA round
    trips around its SELECT (27 queries for the home page in `make bench` instead of 11)."""

    serialized_rollback = True  # the home page comes from a migration

    def test_a_read_is_one_query(self):
        with override_settings(CACHES=DATABASE_CACHE):
            call_command("createcachetable", verbosity=0)
            cache.set("present", 1)
            with self.assertNumQueries(1):
                self.assertEqual(cache.get("present"), 1)
            with self.assertNumQueries(1):
                self.assertIsNone(cache.get("absent"))
            with self.assertNumQueries(1):
                cache.get_many(["present", "absent"])


@override_settings(LISTING_CACHE_SECONDS=300)
class ListingCacheTests(TestCase):
    """A listing's counts and the rows of its pages are kept until a change (cms.pagecache.kept),
    for signed-in users too, whose pages are rendered every time."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.user = LecturerUserFactory()
        for title, level in (("Di sản văn hóa Pa Kô", "school"), ("Dân ca Vân Kiều", "provincial")):
            topic = TopicFactory(title=title, level=level)
            publish(cls.site.research, TopicPage, title=title, topic=topic)

    def setUp(self):
        cache.clear()
        self.client.force_login(self.user)

    def counting(self, path):
        """The page, and how many of its queries read the listing's facets (cms.facet_index) or
        counted rows."""
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(path)
        self.assertEqual(page.status_code, 200)
        return page, sum(
            'AS "facet_' in query["sql"] or "COUNT(" in query["sql"]
            for query in queries.captured_queries
        )

    def test_counted_once_until_a_change(self):
        page, counts = self.counting("/de-tai/")
        self.assertEqual(counts, 1)  # the rows with their five facets, each of one value
        self.assertContains(page, "Cấp cơ sở (1)")
        page, counts = self.counting("/de-tai/")
        self.assertEqual(counts, 0)
        self.assertContains(page, "Cấp cơ sở (1)")
        self.assertContains(page, "Dân ca Vân Kiều")
        with self.captureOnCommitCallbacks(execute=True):
            topic = TopicFactory(title="Lễ hội đập trâu", level="school")
            publish(self.site.research, TopicPage, title=topic.title, topic=topic)
        page, counts = self.counting("/de-tai/")
        self.assertEqual(counts, 1)
        self.assertContains(page, "Cấp cơ sở (2)")
        self.assertContains(page, "Lễ hội đập trâu")

    def test_each_process_holds_a_listings_index_until_a_change(self):
        self.counting("/de-tai/")
        # gone from the shared cache (culled, say): this process still holds it …
        generation = cache.get(pagecache.GENERATION_KEY)
        cache.clear()
        cache.set(pagecache.GENERATION_KEY, generation, None)
        page, counts = self.counting("/de-tai/?level=school")
        self.assertEqual(counts, 0)
        self.assertContains(page, "Cấp cơ sở (1)")
        # … until the next change, after which it is read again
        pagecache.start_generation()
        self.assertEqual(self.counting("/de-tai/")[1], 1)

    def test_a_kept_listing_reads_a_page_of_rows_whatever_the_data(self):
        def queries():
            self.client.get("/de-tai/?level=school")
            with CaptureQueriesContext(connection) as captured:
                self.assertContains(self.client.get("/de-tai/?level=school"), "Di sản văn hóa")
            return len(captured)

        before = queries()
        with self.captureOnCommitCallbacks(execute=True):
            for number in range(25):
                topic = TopicFactory(title=f"Đề tài số {number}", level="school")
                publish(self.site.research, TopicPage, title=topic.title, topic=topic)
        self.assertEqual(queries(), before)

    def test_every_choice_of_filters_is_counted_from_one_read_of_the_listing(self):
        self.assertEqual(self.counting("/de-tai/")[1], 1)
        page, counts = self.counting("/de-tai/?level=provincial")
        self.assertEqual(counts, 0)  # a choice never asked before: counted from the facet index
        self.assertContains(page, "Dân ca Vân Kiều")
        self.assertNotContains(page, "Di sản văn hóa Pa Kô")
        self.assertContains(page, "Cấp cơ sở (1)")  # the other options of the chosen facet
        # a value the form refuses is left out of the rows and of the counts alike
        page, counts = self.counting("/de-tai/?level=school&year=abc")
        self.assertEqual(counts, 0)
        self.assertContains(page, "Di sản văn hóa Pa Kô")
        self.assertNotContains(page, "Dân ca Vân Kiều")
        english, counts = self.counting("/en/de-tai/?level=school")
        self.assertEqual(counts, 1)  # its own index: the options are named in English
        self.assertContains(english, "School level (1)")

    def test_the_library_lists_an_output_of_two_authors_of_one_unit_once(self):
        # a row counts once in an option however many of its authors hold it
        unit = UnitFactory(name="Khoa Xây dựng Đảng")
        outputs = OutputFactory.create_batch(3)
        for output in outputs:
            for _author in range(2):
                OutputAuthorFactory(output=output, person=PersonFactory(unit=unit))
            publish(self.site.library, OutputPage, title=output.title, output=output)
        # read (the rows with their kind, year and field, then the units through the authors),
        # then counted from what was kept
        for read in (2, 0):
            page, counts = self.counting(f"/thu-vien/?unit={unit.pk}")
            self.assertEqual(counts, read)
            self.assertContains(page, "Khoa Xây dựng Đảng (3)")
            for output in outputs:
                self.assertContains(page, output.title, count=1)

    def test_a_profile_keeps_the_counts_of_its_lists(self):
        person = PersonFactory(full_name="Lê Thị Thu Hà")
        for _number in range(3):
            output = OutputFactory()
            OutputAuthorFactory(output=output, person=person)
            publish(self.site.library, OutputPage, title=output.title, output=output)
        profile = publish(self.site.people, PersonPage, title=person.full_name, person=person)

        def paginated_counts():
            with CaptureQueriesContext(connection) as queries:
                page = self.client.get(profile.url)
            self.assertContains(page, "(3)")
            return sum('AS "__count"' in query["sql"] for query in queries.captured_queries)

        self.assertEqual(paginated_counts(), 2)  # its topics and its outputs
        self.assertEqual(paginated_counts(), 0)

    @override_settings(LISTING_CACHE_SECONDS=0)
    def test_zero_seconds_counts_every_time(self):
        self.counting("/de-tai/")
        self.assertEqual(self.counting("/de-tai/")[1], 1)


@override_settings(LISTING_CACHE_SECONDS=300, PAGE_CACHE_SECONDS=300)
class ListingCountedAgainTests(TransactionTestCase):
    """After a change, a listing's counts from before it are served once more while the counting
    thread counts them again (outside a transaction: in ListingCacheTests it is counted in the
    request, as a thread would not see the test's rows)."""

    serialized_rollback = True  # the home page comes from a migration

    def setUp(self):
        cache.clear()
        self.addCleanup(pagecache.settle)
        self.site = build_site()
        self.publish("Di sản văn hóa Pa Kô")

    def publish(self, title):
        topic = TopicFactory(title=title, level="school")
        return publish(self.site.research, TopicPage, title=title, topic=topic)

    def test_the_counts_from_before_a_change_are_served_once_while_a_thread_counts_again(self):
        for path, school in (("/de-tai/", "Cấp cơ sở"), ("/en/de-tai/", "School level")):
            self.assertContains(self.client.get(path), f"{school} (1)")
        self.publish("Lễ hội đập trâu")
        for path, school in (("/de-tai/", "Cấp cơ sở"), ("/en/de-tai/", "School level")):
            with self.subTest(path=path):
                with CaptureQueriesContext(connection) as queries:
                    stale = self.client.get(path)
                self.assertContains(stale, f"{school} (1)")
                self.assertNotContains(stale, "Lễ hội đập trâu")
                self.assertNotIn('AS "facet_', " ".join(q["sql"] for q in queries.captured_queries))
                self.assertNotIn("X-Page-Cache", stale)  # served, never stored as a page
        pagecache.settle()
        for path, school in (("/de-tai/", "Cấp cơ sở"), ("/en/de-tai/", "School level")):
            with self.subTest(path=path):
                fresh = self.client.get(path)
                self.assertContains(fresh, f"{school} (2)")  # counted in the visitor's language
                self.assertContains(fresh, "Lễ hội đập trâu")
                self.assertEqual(fresh["X-Page-Cache"], "miss")  # stored now
                self.assertEqual(self.client.get(path)["X-Page-Cache"], "hit")

    def test_a_process_serves_its_own_index_while_a_lost_shared_one_is_read_again(self):
        self.assertContains(self.client.get("/de-tai/"), "Cấp cơ sở (1)")
        self.publish("Lễ hội đập trâu")
        cache.clear()  # the shared copy gone (culled, or the cache emptied), the generation too
        with CaptureQueriesContext(connection) as queries:
            stale = self.client.get("/de-tai/")
        self.assertContains(stale, "Cấp cơ sở (1)")
        self.assertNotIn('AS "facet_', " ".join(q["sql"] for q in queries.captured_queries))
        pagecache.settle()
        self.assertContains(self.client.get("/de-tai/"), "Cấp cơ sở (2)")

    def test_a_page_unpublished_is_never_listed_from_what_was_kept(self):
        page = self.publish("Tài liệu sắp rút")
        self.assertContains(self.client.get("/de-tai/"), "Tài liệu sắp rút")
        page.unpublish()
        # the kept rows still name it: they are read back through the public pages only
        self.assertNotContains(self.client.get("/de-tai/"), "Tài liệu sắp rút")
        pagecache.settle()
        fresh = self.client.get("/de-tai/")
        self.assertNotContains(fresh, "Tài liệu sắp rút")
        self.assertContains(fresh, "Cấp cơ sở (1)")

    def test_counts_past_their_seconds_are_served_once_while_counted_again(self):
        self.assertContains(self.client.get("/de-tai/"), "Cấp cơ sở (1)")
        # a change made without signals (a queryset update) starts no generation: only the
        # seconds bound it
        Topic.objects.update(level="provincial")
        with time_machine.travel(time.time() + 301, tick=False):
            stale = self.client.get("/de-tai/")
            self.assertContains(stale, "Cấp cơ sở (1)")
            self.assertNotIn("X-Page-Cache", stale)
            pagecache.settle()
            fresh = self.client.get("/de-tai/")
            self.assertContains(fresh, "Cấp tỉnh (1)")
            self.assertNotContains(fresh, "Cấp cơ sở")

    def test_a_searchs_counts_are_never_served_past_their_seconds(self):
        # its keys are as many as visitors' words: kept a day longer, they would fill the cache
        counted = {"listing": 0, "search": 0}

        def kept(name, lasting):
            def count():
                counted[name] += 1
                return counted[name]

            return pagecache.kept(name, ("nghien cuu",), count, lasting=lasting)

        for name, lasting in (("listing", True), ("search", False)):
            self.assertEqual(kept(name, lasting), 1)
        with time_machine.travel(time.time() + 301, tick=False):
            self.assertEqual(kept("listing", True), 1)  # served once more while counted again
            self.assertEqual(kept("search", False), 2)  # counted in the request
            pagecache.settle()
            self.assertEqual(kept("listing", True), 2)
