"""The contract every public search engine passes on the same published corpus: folding,
facets, filters, sorting, pagination, hostile queries and visibility. An engine's test class
subclasses `SearchContract` and says how to reach its engine."""

import unicodedata

from django.test import TestCase
from django.utils import translation

from search.engines.database import DatabaseEngine
from search.indexing import rebuild
from search.query import ResearchSearch
from tests.search.corpus import build_corpus, build_quality_corpus


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
        # two choices: each of them counts over the other one, the rest over both
        both = self.search(type="output", year=2025).results()
        self.assertEqual(both.total, 1)
        self.assertEqual(
            {value: count for value, _label, count in both.facets["type"]},
            {"topic": 1, "output": 1},  # of 2025
        )
        self.assertEqual(
            [(value, count) for value, _label, count in both.facets["year"]],
            [(2025, 1), (2023, 1)],  # of the outputs
        )
        self.assertEqual(
            [(value, count) for value, _label, count in both.facets["kind"]],
            [("journal_article", 1)],
        )

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
        suggested = self.search(q="xay dun").suggestions()
        self.assertIn(
            {
                "title": "Nghiên cứu xây dựng Đảng trong thời kỳ mới",
                "type": "output",
                "type_label": "Sản phẩm",
                "url": self.pages["party_output"].url,
            },
            suggested,
        )
        self.assertEqual(self.search(q="").suggestions(), [])
        self.assertEqual(self.search(q="ban nha").suggestions(), [])  # a draft


class QualityContract:
    """Phrases, quoted input, numbers and document numbers, the default sort, news pages, English
    titles and suggestions, on their own corpus (tests/search/corpus.py)."""

    def engine(self):
        raise NotImplementedError

    @classmethod
    def setUpTestData(cls):
        cls.site, cls.corpus, cls.pages = build_quality_corpus()
        rebuild()

    def search(self, **data):
        return ResearchSearch(data, engine=self.engine())

    def ranked(self, **data):
        return [hit.page_id for hit in self.search(**data).results(page_size=50).hits]

    def found(self, **data):
        return set(self.ranked(**data))

    def ids(self, *names):
        return {self.pages[name].pk for name in names}

    def suggested(self, typed):
        return [item["title"] for item in self.search(q=typed).suggestions()]

    def test_phrases_rank_above_scattered_words_in_tiers(self):
        ranked = self.ranked(q="xay dung dang")
        tiers = [
            self.ids("title_phrase"),  # the phrase in a title
            self.ids("text_phrase"),  # the phrase in the text
            self.ids("scattered_title", "scattered_text"),  # the words apart, even in a title
        ]
        self.assertEqual(set(ranked), set().union(*tiers))
        self.assertEqual([set(ranked[:1]), set(ranked[1:2]), set(ranked[2:])], tiers)

    def test_quoted_input_is_an_exact_phrase(self):
        for query in ('"xây dựng Đảng"', "“xay dung dang”", '"xay dung dang'):
            with self.subTest(query=query):
                self.assertEqual(self.found(q=query), self.ids("title_phrase", "text_phrase"))
        # a quoted phrase and a free word together
        self.assertEqual(self.found(q='"xay dung" dang vien'), self.ids("scattered_text"))

    def test_numbers_and_document_numbers_tokenise_the_same_on_both_sides(self):
        cases = {
            "2.400": {"numbers"},  # a Vietnamese thousands separator…
            "2400": {"numbers"},  # …is the same number
            "2.400 dai bieu": {"numbers"},
            "25.000": {"numbers"},
            "1,5 ty": {"numbers"},  # a decimal comma: never "15" nor 1 and 5 apart
            "1.5": {"numbers"},
            "15 ty": {"number_decoys"},
            "400": {"number_decoys"},
            "11-QĐ/TW": {"regulation"},  # the document number, not 11, QĐ and TW apart
            "11-qd/tw": {"regulation"},
            "quy dinh 11-qd/tw": {"regulation"},
            "QĐ/TW": {"regulation", "document_decoy"},
        }
        for query, names in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.found(q=query), self.ids(*names))
        hit = self.search(q="11-QĐ/TW").results().hits[0]
        self.assertIn("<mark>11-QĐ/TW</mark>", str(hit.title_highlighted))
        hit = self.search(q="2400").results().hits[0]
        self.assertIn("<mark>2.400</mark>", str(hit.title_highlighted))

    def test_a_word_in_another_script_is_one_token_on_every_engine(self):
        # the engines only split what search.text made on spaces: 碑文 is one word, as the
        # database keeps it, never two characters that each find it
        self.assertEqual(self.found(q="碑文"), self.ids("document_decoy"))
        self.assertEqual(self.found(q="van bia 碑文"), self.ids("document_decoy"))
        self.assertEqual(self.found(q="碑"), set())

    def test_relevance_first_with_words_newest_first_without(self):
        # the best hit is the oldest entry: relevance, not date, puts it first
        self.assertEqual(self.search(q="xay dung dang").request.sort, "relevance")
        self.assertEqual(self.ranked(q="xay dung dang")[0], self.pages["title_phrase"].pk)
        self.assertNotEqual(
            self.ranked(q="xay dung dang", sort="date")[0], self.pages["title_phrase"].pk
        )
        browsing = self.search()
        self.assertEqual(browsing.request.sort, "date")
        self.assertEqual(browsing.results().hits[0].page_id, self.pages["news"].pk)  # newest

    def test_news_pages_are_found_by_title_and_body_drafts_never(self):
        news = self.ids("news")
        self.assertEqual(self.found(q="Khai mạc lớp bồi dưỡng kiến thức quốc phòng"), news)
        self.assertEqual(self.found(q="gio linh"), news)
        self.assertEqual(self.found(q="ban nhap"), set())
        found = self.search(q="quoc phong").results()
        self.assertIn(("news", None, 1), found.facets["type"])
        self.assertEqual(self.found(q="quoc phong", type="news"), news)
        self.assertEqual(found.hits[0].kind_label, "Tin tức")

    def test_english_titles_are_found_and_shown_on_the_english_site(self):
        self.assertEqual(self.found(q="party building"), self.ids("title_phrase"))
        self.assertEqual(self.suggested("party buil"), [self.corpus["title_phrase"].title_en])
        with translation.override("en"):
            hit = self.search(q="party building").results().hits[0]
            self.assertEqual(
                str(hit.title_highlighted),
                "<mark>Party</mark> <mark>building</mark> at the grassroots in border areas",
            )
            # the title holding the typed words, whatever the site's language
            self.assertEqual(self.suggested("party buil"), [self.corpus["title_phrase"].title_en])
            self.assertEqual(self.suggested("xay dung da"), [self.corpus["title_phrase"].title])

    def test_suggestions_are_titles_with_the_words_in_sequence_best_first(self):
        expected = self.suggested("xay dun")
        for typed in ("xây dựn", "XÂY DỰN", unicodedata.normalize("NFD", "xây dựn")):
            with self.subTest(typed=typed):
                self.assertEqual(self.suggested(typed), expected)
        # the title starting with the words first; a title holding "xây … dựng" apart never
        self.assertEqual(expected[0], "Xây dựng Đảng ở cơ sở vùng biên giới")
        self.assertEqual(
            set(expected),
            {
                "Xây dựng Đảng ở cơ sở vùng biên giới",
                "Đảng viên trẻ tham gia xây dựng nông thôn mới",
            },
        )

    def test_suggestions_rank_by_relevance_never_alphabetically(self):
        suggested = self.suggested("phat trien du l")
        self.assertEqual(len(suggested), 8)
        # last of the ten in the alphabet, first because it starts with the typed words
        self.assertEqual(suggested[0], "Phát triển du lịch cộng đồng ở Khe Sanh")
        self.assertNotEqual(suggested[1:], sorted(suggested[1:]))  # not alphabetical either
        item = self.search(q="phat trien du l").suggestions()[0]
        self.assertEqual((item["type"], item["type_label"]), ("output", "Sản phẩm"))
        self.assertEqual(item["url"], self.pages["tourism8"].url)


class DatabaseEngineContractTests(SearchContract, TestCase):
    def engine(self):
        return DatabaseEngine()


class DatabaseEngineQualityTests(QualityContract, TestCase):
    def engine(self):
        return DatabaseEngine()
