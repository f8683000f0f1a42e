"""The database engine keeps its work bounded however many entries match: ranking among a tier's
newest candidates, counts and facets estimated beyond a cap — with pages that stay consistent."""

from django.core.cache import cache
from django.test import TestCase, override_settings

from cms import pagecache
from search.engines.database import DatabaseEngine, Sample, dialect
from search.indexing import rebuild
from search.models import SearchEntry
from search.query import ResearchSearch
from tests.search.corpus import build_quality_corpus

TOURISM = [f"tourism{number}" for number in range(10)]


class BoundedWorkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, cls.corpus, cls.pages = build_quality_corpus()
        rebuild()

    def results(self, page_size=50, **data):
        return ResearchSearch(data, engine=DatabaseEngine()).results(page_size=page_size)

    def ids(self, **data):
        return [hit.page_id for hit in self.results(**data).hits]

    def test_a_large_tier_ranks_its_newest_candidates_then_lists_the_rest_newest_first(self):
        tourism = sorted((self.pages[name].pk for name in TOURISM), reverse=True)
        with override_settings(SEARCH_RANK_CANDIDATES=3):
            ranked = self.ids(q="phat trien du lich")
            self.assertEqual(sorted(ranked), sorted(tourism))  # all in the title tier
            self.assertEqual(set(ranked[:3]), set(tourism[:3]))  # the 3 newest, by score
            self.assertEqual(ranked[3:], tourism[3:])  # then the others, newest first
            # page after page, the same order: no entry twice, none lost
            pages = [
                [
                    hit.page_id
                    for hit in self.results(page_size=3, q="phat trien du lich", page=n).hits
                ]
                for n in range(1, 5)
            ]
        self.assertEqual([pk for page in pages for pk in page], ranked)

    def test_pages_across_tiers_follow_one_order(self):
        everything = self.ids(q="xay dung dang")
        with override_settings(SEARCH_RANK_CANDIDATES=1):
            paged = [
                hit.page_id
                for n in range(1, 5)
                for hit in self.results(page_size=1, q="xay dung dang", page=n).hits
            ]
        self.assertEqual(paged[:2], everything[:2])  # the phrase tiers come first, in order
        self.assertEqual(set(paged), set(everything))

    def test_counts_and_facets_beyond_the_cap_are_estimates_and_say_so(self):
        exact = self.results(q="phat trien du lich")
        self.assertTrue(exact.total_exact)
        self.assertFalse(exact.facets_estimated)
        with override_settings(SEARCH_EXACT_COUNT=4):
            estimated = self.results(q="phat trien du lich")
            narrowed = self.results(q="phat trien du lich", year=2024, type="output")
        self.assertFalse(estimated.total_exact)
        self.assertTrue(estimated.facets_estimated)
        self.assertEqual(estimated.total, 10)  # here the sample covers every page id
        self.assertEqual(dict((v, n) for v, _l, n in estimated.facets["type"]), {"output": 10})
        self.assertEqual(len(narrowed.hits), 10)
        self.assertEqual(
            self.ids(q="phat trien du lich", sort="date"),
            sorted(
                self.ids(q="phat trien du lich", sort="date"),
                key=lambda pk: -next(h for h in exact.hits if h.page_id == pk).date.toordinal(),
            ),
        )

    def test_each_facet_estimated_counts_its_own_choices_in_the_sample(self):
        """Every facet counts over the other choices, sampled as exactly: here the sample covers
        every page id, so the estimates are the exact counts — whether every set passes the cap
        (1) or only the larger ones (those with a choice left out, over 10 entries here)."""
        for data in (
            {"year": "2024", "type": "output"},
            {"year": "2025", "type": "output"},
            {"q": "xay dung dang", "type": "topic"},
        ):
            exact = self.results(**data)
            for cap in (1, 10):
                with override_settings(SEARCH_EXACT_COUNT=cap):
                    estimated = self.results(**data)
                with self.subTest(data=data, cap=cap):
                    self.assertEqual(estimated.total_exact, exact.total <= cap)
                    self.assertTrue(estimated.facets_estimated or cap > 1)
                    self.assertEqual(estimated.facets, exact.facets)
                    self.assertEqual(estimated.total, exact.total)
                # a chosen facet also counts the values not chosen (over the other choices)
                self.assertGreater(len(exact.facets["type"]) + len(exact.facets["year"]), 2)

    def test_a_set_with_a_choice_left_out_is_counted_while_the_matches_are_under_the_cap(self):
        """Such a set holds the matches: past the cap it is not counted (it is past it too),
        under it it is."""
        chosen = (("school", 0), ("type", "output"), ("year", 2024))
        wider = (("school", 0), ("year", 2024))  # the set the type facet counts over
        matches = SearchEntry.objects.filter(kind="output", year=2024, school=0).count()
        held = SearchEntry.objects.filter(year=2024, school=0).count()
        self.assertLess(matches, held)

        def counted(cap):
            with override_settings(SEARCH_EXACT_COUNT=cap):
                found = DatabaseEngine().counts(
                    dialect(), [], dict.fromkeys([chosen, wider]), [], 20
                )
            return found[chosen], found[wider]

        self.assertEqual(counted(held), (matches, held))  # both under the cap: both counted
        self.assertEqual(counted(matches - 1), (matches, matches))  # past it: the cap, + 1

    def test_date_order_is_the_same_below_and_above_the_cap(self):
        expected = self.ids(q="phat trien du lich", sort="date")
        with override_settings(SEARCH_EXACT_COUNT=2):  # walks the date index, probing
            self.assertEqual(self.ids(q="phat trien du lich", sort="date"), expected)

    def test_four_statements_whatever_is_asked(self):
        engine = DatabaseEngine()
        for data in (
            {"q": "phat trien du lich"},
            {"q": "xay dung dang", "type": "output", "year": "2025"},
            {},
            {"q": "phat trien", "sort": "date", "page": "2"},
        ):
            search = ResearchSearch(data, engine=engine)
            search.request.page_size = 5
            with self.subTest(data=data), self.assertNumQueries(4):
                engine.search(search.request)
            with (
                self.subTest(data=data),
                override_settings(SEARCH_EXACT_COUNT=1),
                self.assertNumQueries(4),
            ):
                engine.search(search.request)
        search = ResearchSearch({"q": "phat trien", "page": "9"}, engine=engine)
        with self.assertNumQueries(2):  # past the end: counts and facets only
            engine.search(search.request)

    @override_settings(LISTING_CACHE_SECONDS=300)
    def test_the_counts_are_kept_for_the_same_words_choices_and_page_until_a_change(self):
        cache.clear()
        self.addCleanup(cache.clear)
        engine = DatabaseEngine()

        def search(**data):
            search = ResearchSearch(data, engine=engine)
            search.request.page_size = 5
            found = engine.search(search.request)
            return found.total, found.facets, [hit.page_id for hit in found.hits]

        first = search(q="phat trien du lich")
        self.assertGreater(first[0], 5)  # a second page
        with self.assertNumQueries(2):  # the page's ids and its rows: the counts are kept
            self.assertEqual(search(q="phat trien du lich"), first)
        for other in ({"type": "output"}, {"page": "2"}, {"sort": "date"}, {"q": "du lich"}):
            with self.subTest(other=other), self.assertNumQueries(4):
                search(**{"q": "phat trien du lich", **other})
        pagecache.start_generation()  # what a committed change does
        with self.assertNumQueries(4):
            self.assertEqual(search(q="phat trien du lich"), first)


class SampleTests(TestCase):
    def test_evenly_spread_disjoint_ranges_covering_about_the_size_asked(self):
        sample = Sample(1, 110_150, 2000)
        covered = sum(end - start + 1 for start, end in sample.windows)
        self.assertEqual(len(sample.windows), 32)
        self.assertAlmostEqual(covered, 2000, delta=40)
        starts = [start for start, _end in sample.windows]
        self.assertEqual(starts, sorted(starts))
        self.assertTrue(
            all(a[1] < b[0] for a, b in zip(sample.windows, sample.windows[1:], strict=False))
        )
        self.assertAlmostEqual(sample.estimate(100), 100 * 110_150 / covered, delta=1)
        self.assertEqual(Sample(5, 9, 2000).windows, [(5, 5), (6, 6), (7, 7), (8, 8), (9, 9)])
        self.assertEqual(Sample(5, 9, 2000).estimate(3), 3)
