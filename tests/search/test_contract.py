"""The contract every public search engine passes on the same published corpus: folding,
facets, filters, sorting, pagination, hostile queries and visibility. An engine's test class
subclasses `SearchContract` and says how to reach its engine."""

import unicodedata

from django.test import TestCase

from search.engines.database import DatabaseEngine
from search.indexing import rebuild
from search.query import ResearchSearch
from tests.search.corpus import build_corpus


class SearchContract:
    def engine(self):
        raise NotImplementedError

    @classmethod
    def setUpTestData(cls):
        cls.site, cls.corpus, cls.pages = build_corpus()
        rebuild()

    def search(self, **data):
        return ResearchSearch(data, engine=self.engine())

    def titles(self, **data):
        return {hit.title for hit in self.search(**data).results().hits}

    def page_ids(self, **data):
        return {hit.page_id for hit in self.search(**data).results().hits}

    def ids(self, *names):
        return {self.pages[name].pk for name in names}

    def test_folding_on_both_sides(self):
        expected = self.ids("party_topic", "party_output")
        for query in (
            "nghien cuu xay dung dang",
            "Nghiên cứu xây dựng Đảng",
            "NGHIÊN CỨU XÂY DỰNG ĐẢNG",
            unicodedata.normalize("NFD", "nghiên cứu xây dựng đảng"),
        ):
            with self.subTest(query=query):
                self.assertEqual(self.page_ids(q=query), expected)
        self.assertEqual(self.page_ids(q="dai hoc"), self.ids("mass_topic", "university_output"))

    def test_names_and_units_are_searchable(self):
        self.assertEqual(
            self.page_ids(q="vo thi mai lan"), self.ids("party_topic", "party_output", "lan")
        )

    def test_drafts_restricted_pages_and_private_outputs_never_appear(self):
        hidden = self.ids("draft_topic", "restricted_topic", "private_output")
        for query in ("nghien cuu xay dung dang", "ban nhap", "noi bo", "tai lieu mat", ""):
            with self.subTest(query=query):
                self.assertFalse(self.page_ids(q=query) & hidden)
        self.assertEqual(self.search(q="tai lieu mat").results().total, 0)

    def test_facets_count_over_the_other_choices(self):
        found = self.search(q="nghien cuu").results()
        self.assertEqual(
            {value: count for value, _label, count in found.facets["type"]},
            {"topic": 1, "output": 1},
        )
        narrowed = self.search(q="nghien cuu", type="topic").results()
        self.assertEqual(narrowed.total, 1)
        # the type facet still offers outputs, with their count, while topics are chosen
        self.assertEqual(
            {value: count for value, _label, count in narrowed.facets["type"]},
            {"topic": 1, "output": 1},
        )
        self.assertEqual(
            [(value, count) for value, _label, count in narrowed.facets["level"]],
            [("provincial", 1)],
        )
        units = {label: count for _value, label, count in self.search().results().facets["unit"]}
        self.assertEqual(units, {"Khoa Xây dựng Đảng": 3, "Khoa Dân vận": 1})

    def test_filters(self):
        self.assertEqual(self.page_ids(year=2025), self.ids("mass_topic", "party_output"))
        self.assertEqual(self.page_ids(kind="monograph"), self.ids("university_output"))
        self.assertEqual(self.page_ids(level="provincial"), self.ids("party_topic"))
        lan_unit, _ = self.corpus["units"]
        self.assertEqual(self.page_ids(unit=lan_unit.pk, type="output"), self.ids("party_output"))
        body = self.corpus["party_topic"].ordering_body
        self.assertEqual(self.page_ids(body=body.pk), self.ids("party_topic"))

    def test_sorting_by_relevance_and_by_date(self):
        by_date = self.search(q="", sort="date").results().hits
        dates = [hit.date for hit in by_date if hit.date]
        self.assertEqual(dates, sorted(dates, reverse=True))
        # a title match ranks above a match in the summary alone
        ranked = self.search(q="dai hoc").results().hits
        self.assertEqual(ranked[0].page_id, self.pages["university_output"].pk)

    def test_pagination(self):
        everything = self.search(sort="date").results(page_size=50)
        first = self.search(sort="date", page=1).results(page_size=2)
        second = self.search(sort="date", page=2).results(page_size=2)
        self.assertEqual(first.total, everything.total)
        self.assertEqual(
            [hit.pk for hit in first.hits + second.hits], [hit.pk for hit in everything.hits[:4]]
        )
        self.assertEqual(self.search(sort="date", page=99).results().hits, [])

    def test_hostile_queries_answer_sensibly(self):
        for query in (
            '"',
            "nghien AND OR NOT",
            'dang" OR 1=1 --',
            "'; DROP TABLE search_searchentry; --",
            "<script>alert(1)</script>",
            "* ^ : ( ) - + ~ ? \\ / & | ! { } [ ]",
            "dang:* & !",
            "x" * 10_000,
            "nghiên " * 500,
        ):
            with self.subTest(query=query[:40]):
                found = self.search(q=query).results()
                self.assertGreaterEqual(found.total, 0)
        found = self.search(q="<b>dang</b>").results()
        self.assertIn("<mark>Đảng</mark>", str(found.hits[0].title_highlighted))
        self.assertNotIn("<b>", str(found.hits[0].title_highlighted))

    def test_bad_filter_values_are_dropped_not_errors(self):
        found = self.search(q="dang", year="hai nghìn", unit="-1", type="galaxy", page="x")
        self.assertEqual(found.results().total, 3)

    def test_suggestions_complete_the_last_word(self):
        self.assertIn(
            "Nghiên cứu xây dựng Đảng trong thời kỳ mới", self.search(q="xay dun").suggestions()
        )
        self.assertEqual(self.search(q="").suggestions(), [])
        self.assertNotIn(
            "Nghiên cứu xây dựng Đảng bản nháp", self.search(q="ban nha").suggestions()
        )


class DatabaseEngineContractTests(SearchContract, TestCase):
    def engine(self):
        return DatabaseEngine()
