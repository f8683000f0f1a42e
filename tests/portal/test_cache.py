"""The database cache (portal/cache.py) past its MAX_ENTRIES: what expires soonest goes first,
never the page cache's generation nor the listings kept, which sort before the pages' keys."""

from django.core.cache import caches
from django.core.management import call_command
from django.test import TestCase, override_settings

CULLED = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "culled": {
        "BACKEND": "portal.cache.DatabaseCache",
        "LOCATION": "culled_cache",
        "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2},
    },
}


@override_settings(CACHES=CULLED)
class CullingTests(TestCase):
    def setUp(self):
        call_command("createcachetable", "culled_cache", verbosity=0)
        self.cache = caches["culled"]
        self.cache.clear()

    def test_a_flood_of_pages_culls_the_oldest_pages_not_what_lasts(self):
        # keys as cms.pagecache names them: the generation and a listing sort before the pages
        self.cache.set("pagecache:generation", 1, None)
        self.cache.set("pagecache:kept:listing", "facets", 86400)
        pages = [f"pagecache:page:{n:03}" for n in range(40)]
        for timeout, key in enumerate(pages, start=300):  # each expires a second after the last
            self.cache.set(key, key, timeout)
        self.assertEqual(self.cache.get("pagecache:generation"), 1)
        self.assertEqual(self.cache.get("pagecache:kept:listing"), "facets")
        kept = [key for key in pages if self.cache.get(key) is not None]
        self.assertEqual(kept, pages[-len(kept) :])  # the pages stored last
        self.assertLessEqual(len(kept), 10)
        self.assertGreater(len(kept), 2)

    def test_entries_expiring_in_the_same_second_are_culled_too(self):
        for n in range(30):
            self.cache.set(f"page:{n:03}", n, 300)
        stored = sum(self.cache.get(f"page:{n:03}") is not None for n in range(30))
        self.assertLessEqual(stored, 11)
