"""The search page over HTTP: escaping, downloads, suggestions and a fixed number of queries."""

import csv
import io
import json

from django.conf import settings
from django.test import TestCase

from cms.models import TopicPage
from search.indexing import rebuild
from tests.cms.site import publish
from tests.factories import TopicFactory
from tests.search.corpus import build_corpus


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, cls.corpus, cls.pages = build_corpus()
        rebuild()

    def test_results_facets_and_highlights(self):
        page = self.client.get("/tim-kiem/", {"q": "nghien cuu xay dung dang"})
        self.assertContains(page, 'data-total="2"', html=False)
        self.assertContains(page, "<mark>Nghiên</mark> <mark>cứu</mark>", html=False)
        self.assertContains(page, 'data-facet="type"', html=False)
        self.assertContains(page, "type=topic")
        narrowed = self.client.get("/tim-kiem/", {"q": "nghien cuu", "type": "topic"})
        self.assertContains(narrowed, 'data-total="1"', html=False)
        self.assertContains(narrowed, 'aria-current="true"', html=False)

    def test_the_english_facets_name_units_in_english(self):
        """Issue 23, item 4: the English search showed the Vietnamese unit names."""
        from research.models import Unit

        Unit.objects.filter(name="Khoa Xây dựng Đảng").update(name_en="Faculty of Party Building")
        page = self.client.get("/en/search/", {"q": "nghien cuu xay dung dang"})
        facets = page.content.decode().split('data-facet="unit"', 1)[1].split("</section>", 1)[0]
        self.assertIn("Faculty of Party Building", facets)
        self.assertNotIn("Khoa Xây dựng Đảng", facets)
        vietnamese = self.client.get("/tim-kiem/", {"q": "nghien cuu xay dung dang"})
        self.assertContains(vietnamese, "Khoa Xây dựng Đảng")

    def test_hostile_input_is_escaped_and_never_an_error(self):
        for query in ('<script>alert("x")</script>', "' OR 1=1 --", '"""', "x" * 5000):
            with self.subTest(query=query[:20]):
                page = self.client.get("/tim-kiem/", {"q": query, "page": "-4", "year": "x"})
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, "<script>alert")

    def test_downloads_carry_the_current_result_set(self):
        response = self.client.get("/tim-kiem/", {"q": "dang", "format": "csv"})
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(
            {row["title"] for row in rows},
            {
                "Nghiên cứu xây dựng Đảng ở cơ sở tỉnh Quảng Trị",
                "Nghiên cứu xây dựng Đảng trong thời kỳ mới",
                "Võ Thị Mai Lan",
            },
        )
        response = self.client.get("/tim-kiem/", {"q": "dang", "type": "output", "format": "json"})
        data = json.loads(response.content)
        self.assertEqual(
            [row["title"] for row in data["results"]],
            ["Nghiên cứu xây dựng Đảng trong thời kỳ mới"],
        )
        # the configured public address, not the request's host (docs/opendata.md)
        self.assertTrue(data["results"][0]["url"].startswith(settings.SITE_BASE_URL + "/"))

    def test_suggestions_as_json(self):
        response = self.client.get("/tim-kiem/goi-y/", {"q": "giao duc dai h"})
        self.assertEqual(
            response.json(),
            [
                {
                    "title": "Giáo dục đại học và lý luận chính trị",
                    "type": "output",
                    "type_label": "Sản phẩm",
                    "url": self.pages["university_output"].url,
                }
            ],
        )

    def test_the_search_box_is_a_combobox(self):
        page = self.client.get("/tim-kiem/")
        self.assertContains(page, 'role="combobox"', html=False)
        self.assertContains(page, 'aria-controls="q-suggestions"', html=False)
        self.assertContains(
            page, 'id="q-suggestions" class="combobox__list" role="listbox"', html=False
        )
        self.assertNotContains(page, "<datalist")

    def test_relevance_is_the_default_with_words_newest_first_for_browsing(self):
        browsing = self.client.get("/tim-kiem/")
        # the search box does not carry the browsing order into the visitor's first search
        box = browsing.content.decode().split('role="search"')[1].split("</form>")[0]
        self.assertNotIn('name="sort"', box)
        self.assertEqual(browsing.context["sort"], "date")
        self.assertContains(browsing, '<option value="date" selected>', html=False)
        searching = self.client.get("/tim-kiem/", {"q": "dai hoc"})
        self.assertEqual(searching.context["sort"], "relevance")
        self.assertContains(searching, '<option value="relevance" selected>', html=False)
        # a choice of the visitor is kept for the next search
        chosen = self.client.get("/tim-kiem/", {"q": "dai hoc", "sort": "date"})
        box = chosen.content.decode().split('role="search"')[1].split("</form>")[0]
        self.assertIn('<input type="hidden" name="sort" value="date">', box)

    def test_estimates_are_said_to_be_estimates(self):
        exact = self.client.get("/tim-kiem/", {"q": "nghien cuu"})
        self.assertContains(exact, "2 kết quả")
        self.assertNotContains(exact, "≈")
        with self.settings(SEARCH_EXACT_COUNT=1):
            page = self.client.get("/tim-kiem/", {"q": "dang"})
        self.assertContains(page, "Khoảng ")
        self.assertContains(page, "(≈ ")
        self.assertFalse(page.context["found"].total_exact)
        self.assertContains(page, 'data-fallback="false"', html=False)

    def test_query_count_does_not_grow_with_the_data(self):
        query = {"q": "nghien cuu", "type": "topic", "year": "2024"}
        self.client.get("/tim-kiem/", query)
        # the counts, the facets, the page's ids, its rows; the site and its settings (the menu
        # is cached)
        with self.assertNumQueries(6):
            self.client.get("/tim-kiem/", query)
        for n in range(25):
            topic = TopicFactory(title=f"Nghiên cứu thêm số {n}")
            publish(self.site.research, TopicPage, title=topic.title, slug=f"x{n}", topic=topic)
        rebuild()
        self.client.get("/tim-kiem/", query)  # publishing dropped the cached menu
        with self.assertNumQueries(6):
            page = self.client.get("/tim-kiem/", {"q": "nghien cuu"})
        self.assertContains(page, "page=2")
