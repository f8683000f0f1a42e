"""The public site: what a visitor sees, and that nothing unpublished or private is reachable."""

import datetime
import math
from unittest.mock import patch
from xml.etree import ElementTree

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import NewsPage, OutputPage, PersonPage, TopicPage
from cms.sitemap import SiteSitemap
from research.models import OutputAuthor, OutputFile, OutputKind
from tests.cms.site import build_site, draft, publish
from tests.factories import (
    FundingLineFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
    UnitFactory,
    funding_source,
)

PDF = b"%PDF-1.4\n%%EOF\n"


def attach(output, public=True):
    attachment = OutputFile(output=output, title="Toàn văn", is_public=public)
    attachment.file.save("toan-van.pdf", ContentFile(PDF), save=True)
    return attachment


class PublishedResearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", degree="ts")
        cls.topic = TopicFactory(
            provincial=True,
            code="QT-2024-03",
            title="Nghiên cứu xây dựng Đảng ở cơ sở",
            principal=cls.lan,
        )
        FundingLineFactory(
            topic=cls.topic, source=funding_source("ngan-sach-tinh"), approved_amount=350_000_000
        )
        FundingLineFactory(
            topic=cls.topic,
            source=funding_source("ngan-sach-truong"),
            item="Hội thảo",
            approved_amount=25_000_000,
        )
        cls.output = OutputFactory(
            title="Sinh hoạt chi bộ ở cơ sở",
            topic=cls.topic,
            venue="Tạp chí Xây dựng Đảng",
            volume="12",
            issue="3",
            pages="45-52",
            issn="2734-9942",
            published_on=datetime.date(2025, 3, 1),
        )
        OutputAuthor.objects.create(output=cls.output, person=cls.lan)
        cls.public_file = attach(cls.output)
        cls.private_file = attach(cls.output, public=False)
        cls.topic_page = publish(
            cls.site.research, TopicPage, title=cls.topic.title, slug="qt-2024-03", topic=cls.topic
        )
        cls.output_page = publish(
            cls.site.library, OutputPage, title=cls.output.title, slug="sp-1", output=cls.output
        )
        cls.lan_page = publish(
            cls.site.people, PersonPage, title=cls.lan.full_name, slug="lan", person=cls.lan
        )

    def test_the_english_pages_write_amounts_and_file_labels_in_english(self):
        """Issue 23, item 4: “24.000.000 đ” and “Toàn văn (PDF)” on the English site."""
        from cms.i18n import translate_page

        OutputFile.objects.filter(pk=self.public_file.pk).update(title_en="Full text (PDF)")
        topic = translate_page(self.topic_page, "en", title="A topic")
        output = translate_page(self.output_page, "en", title="An output")
        page = self.client.get(topic.url)
        self.assertContains(page, "VND 350,000,000")
        self.assertNotContains(page, "350.000.000 đ")
        page = self.client.get(output.url)
        self.assertContains(page, "Full text (PDF)")
        self.assertContains(page, output.url + f"file/{self.public_file.pk}/")
        # the Vietnamese pages as they were
        self.assertContains(self.client.get(self.topic_page.url), "350.000.000 đ")
        self.assertContains(self.client.get(self.output_page.url), "Toàn văn")

    def test_topic_page_shows_funding_by_source_team_and_outputs(self):
        page = self.client.get(self.topic_page.url)
        self.assertContains(page, "350.000.000 đ")
        self.assertContains(page, "25.000.000 đ")
        self.assertContains(page, "data-total>375.000.000 đ<", html=False)
        self.assertContains(page, self.topic.ordering_body.name)
        self.assertContains(page, f'href="{self.lan_page.url}"')
        self.assertContains(page, f'href="{self.output_page.url}"')

    def test_topic_page_says_who_ordered_it_and_that_the_result_was_applied(self):
        from tests.factories.orders import OrderFactory

        order = OrderFactory(
            topics=[self.topic],
            decision_number="1234/QĐ-UBND",
            decision_date=datetime.date(2024, 3, 1),
            requirements="Yêu cầu nội bộ",
        )
        page = self.client.get(self.topic_page.url)
        self.assertContains(page, "1234/QĐ-UBND")
        self.assertContains(page, "01/03/2024")
        self.assertNotContains(page, "data-applied")
        self.assertNotContains(page, "Yêu cầu nội bộ")
        order.handed_over_on = datetime.date(2025, 7, 1)
        order.applied_on = datetime.date(2025, 9, 1)
        order.status = "applied"
        order.save()
        page = self.client.get(self.topic_page.url)
        self.assertContains(page, "data-applied")
        self.assertContains(page, "01/09/2025")

    def test_output_page_has_citation_files_and_scholarly_meta_tags(self):
        page = self.client.get(self.output_page.url)
        self.assertContains(
            page,
            "Võ Thị Mai Lan (2025). Sinh hoạt chi bộ ở cơ sở. Tạp chí Xây dựng Đảng, 12(3), "
            "45-52. ISSN 2734-9942.",
        )
        self.assertContains(
            page, '<meta name="citation_title" content="Sinh hoạt chi bộ ở cơ sở">', html=False
        )
        self.assertContains(
            page, '<meta name="citation_author" content="Võ, Thị Mai Lan">', html=False
        )
        self.assertContains(
            page, '<meta name="citation_publication_date" content="2025/03/01">', html=False
        )
        self.assertContains(page, '<meta name="DC.creator" content="Võ Thị Mai Lan">', html=False)
        self.assertContains(
            page,
            f'<link rel="canonical" href="{settings.SITE_BASE_URL}{self.output_page.url}">',
            html=False,
        )
        self.assertContains(page, 'property="og:type" content="article"', html=False)
        self.assertContains(page, self.output_page.file_url(self.public_file))
        self.assertNotContains(page, self.output_page.file_url(self.private_file))
        download = self.client.get(self.output_page.file_url(self.public_file))
        self.assertEqual(b"".join(download.streaming_content), PDF)

    def test_person_page_lists_their_published_work(self):
        page = self.client.get(self.lan_page.url)
        self.assertContains(page, "TS. Võ Thị Mai Lan")
        self.assertContains(page, self.topic.title)
        self.assertContains(page, self.output.title)

    def test_a_prolific_authors_page_shows_a_page_of_work_at_a_time(self):
        def add_outputs(count):
            for number in range(count):
                output = OutputFactory(
                    title=f"Bài viết số {number:02d} về chi bộ",
                    published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                )
                OutputAuthor.objects.create(output=output, person=self.lan)
                publish(self.site.library, OutputPage, title=output.title, output=output)

        def queries():
            self.client.get(self.lan_page.url)
            with CaptureQueriesContext(connection) as captured:
                self.client.get(self.lan_page.url)
            return len(captured)

        add_outputs(2)
        few = queries()
        add_outputs(28)  # 31 outputs with the article of setUpTestData: two pages of 20
        self.assertEqual(queries(), few)
        page = self.client.get(self.lan_page.url)
        self.assertContains(page, "Bài viết số 27 về chi bộ")  # the newest first
        self.assertNotContains(page, "Bài viết số 05 về chi bộ")
        self.assertContains(page, "(31)")
        self.assertContains(page, 'href="?outputs=2"')
        second = self.client.get(self.lan_page.url, {"outputs": 2})
        self.assertContains(second, "Bài viết số 05 về chi bộ")
        self.assertContains(second, self.topic.title)  # the topics keep their own first page
        self.assertEqual(self.client.get(self.lan_page.url, {"outputs": "x"}).status_code, 200)

    def test_nothing_unpublished_or_private_is_reachable_by_url(self):
        hidden_topic = TopicFactory(title="Đề tài chưa công bố")
        draft_page = draft(
            self.site.research, TopicPage, title=hidden_topic.title, slug="nhap", topic=hidden_topic
        )
        restricted_topic = TopicFactory(title="Đề tài nội bộ")
        restricted = publish(
            self.site.research,
            TopicPage,
            title="Đề tài nội bộ",
            slug="noi-bo",
            topic=restricted_topic,
        )
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
        hidden_person = PersonFactory(full_name="Trần Văn Ẩn")
        unpublished_person = publish(
            self.site.people,
            PersonPage,
            title=hidden_person.full_name,
            slug="an",
            person=hidden_person,
        )
        unpublished_person.unpublish()
        secret = OutputFactory(title="Báo cáo mật")
        secret_page = publish(
            self.site.library, OutputPage, title="Báo cáo mật", slug="mat", output=secret
        )
        secret_file = attach(secret)
        secret_file_url = secret_page.file_url(secret_file)
        secret.is_public = False
        secret.save()

        self.assertEqual(self.client.get("/de-tai/nhap/").status_code, 404)
        self.assertEqual(self.client.get("/giang-vien/an/").status_code, 404)
        self.assertEqual(self.client.get("/thu-vien/mat/").status_code, 404)
        self.assertEqual(self.client.get(secret_file_url).status_code, 404)
        self.assertEqual(self.client.get(restricted.url).status_code, 302)  # to the login page
        private_file_url = self.output_page.url + f"tep/{self.private_file.pk}/"
        self.assertEqual(self.client.get(private_file_url).status_code, 404)
        self.assertEqual(self.client.get(self.public_file.file.url).status_code, 404)
        for url in ("/de-tai/", "/thu-vien/", "/giang-vien/", "/", "/sitemap-pages.xml"):
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                for title in ("Đề tài chưa công bố", "Đề tài nội bộ", "Trần Văn Ẩn", "Báo cáo mật"):
                    self.assertNotIn(title, page)
        sitemap = self.client.get("/sitemap-pages.xml").content.decode()
        self.assertIn(self.topic_page.url, sitemap)
        for page in (draft_page, restricted, unpublished_person, secret_page):
            self.assertNotIn(f"/{page.slug}/", sitemap)

    def test_the_sitemap_reads_as_many_rows_whatever_the_number_of_pages(self):
        def add_outputs(count):
            for _number in range(count):
                output = OutputFactory()
                publish(self.site.library, OutputPage, title=output.title, output=output)

        def queries():
            self.client.get("/sitemap-pages.xml")
            with CaptureQueriesContext(connection) as captured:
                sitemap = self.client.get("/sitemap-pages.xml").content.decode()
            return len(captured), sitemap.count("<url>")

        add_outputs(1)
        few, listed = queries()
        add_outputs(12)
        self.assertEqual(queries(), (few, listed + 2 * 12))  # each in Vietnamese and in English

    @override_settings(SITE_BASE_URL="https://nckh.example.vn")
    def test_the_sitemap_index_lists_a_sitemap_per_limit_of_pages(self):
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

        def addresses(path, element):
            response = self.client.get(path)
            self.assertEqual(response["Content-Type"], "application/xml")
            root = ElementTree.fromstring(response.content)
            return [loc.text for loc in root.findall(f"s:{element}/s:loc", namespace)]

        every = addresses("/sitemap-pages.xml", "url")
        self.assertGreater(len(every), 4)
        count, base = math.ceil(len(every) / 4), "https://nckh.example.vn/sitemap-pages.xml"
        with patch.object(SiteSitemap, "limit", 4):
            self.assertEqual(
                addresses("/sitemap.xml", "sitemap"),
                [base, *(f"{base}?p={n}" for n in range(2, count + 1))],
            )
            pages = [addresses(f"/sitemap-pages.xml?p={n}", "url") for n in range(1, count + 1)]
            self.assertEqual([address for page in pages for address in page], every)
            for beyond in (count + 1, "x", -1):
                with self.subTest(p=beyond):
                    response = self.client.get("/sitemap-pages.xml", {"p": beyond})
                    self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get("/sitemap-other.xml").status_code, 404)

    def test_a_private_output_cannot_be_published(self):
        from django.core.exceptions import ValidationError

        secret = OutputFactory(title="Tài liệu nội bộ", is_public=False)
        page = OutputPage(title="Tài liệu nội bộ", slug="noi-bo", output=secret)
        with self.assertRaises(ValidationError):
            self.site.library.add_child(instance=page)


class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def add_topics(self, count, **fields):
        for _ in range(count):
            topic = TopicFactory(**fields)
            publish(
                self.site.research,
                TopicPage,
                title=topic.title,
                slug=topic.code.lower(),
                topic=topic,
            )

    def test_filters_live_in_the_url_with_counts_and_pages(self):
        self.add_topics(3, provincial=True, planned_start=datetime.date(2024, 2, 1))
        self.add_topics(22, planned_start=datetime.date(2025, 2, 1))
        page = self.client.get("/de-tai/", {"level": "provincial"})
        self.assertContains(page, "data-count>3 kết quả", html=False)
        self.assertContains(page, "Cấp tỉnh (3)")
        self.assertContains(page, "Cấp cơ sở (22)")  # the other options keep their counts
        everything = self.client.get("/de-tai/")
        self.assertContains(everything, "25 kết quả")
        self.assertContains(everything, "page=2")
        second = self.client.get("/de-tai/", {"page": "2"})
        self.assertEqual(len(second.context["rows"]), 5)
        self.assertEqual(self.client.get("/de-tai/", {"year": "abc"}).status_code, 200)

    def test_the_librarys_options_count_each_item_once_over_the_other_choices(self):
        first, second = UnitFactory(name="Khoa Lý luận"), UnitFactory(name="Khoa Xây dựng Đảng")
        lan, minh, hoa = (
            PersonFactory(unit=first),
            PersonFactory(unit=first),
            PersonFactory(unit=second),
        )
        for kind, day, authors in (
            (OutputKind.JOURNAL_ARTICLE, datetime.date(2024, 3, 1), [lan, minh]),  # one unit twice
            (OutputKind.MONOGRAPH, datetime.date(2025, 3, 1), [lan, hoa]),
            (OutputKind.JOURNAL_ARTICLE, datetime.date(2025, 9, 1), [hoa]),
        ):
            output = OutputFactory(kind=kind, published_on=day)
            for person in authors:
                OutputAuthor.objects.create(output=output, person=person)
            publish(self.site.library, OutputPage, title=output.title, output=output)

        def options(**chosen):
            form = self.client.get("/thu-vien/", chosen).context["filter"].form
            return {
                name: [label for value, label in form.fields[name].widget.choices if value != ""]
                for name in ("kind", "year", "unit")
            }

        self.assertEqual(
            options(),
            {
                "kind": ["Bài báo tạp chí (2)", "Sách chuyên khảo (1)"],
                "year": ["2025 (2)", "2024 (1)"],  # newest first
                "unit": ["Khoa Lý luận (2)", "Khoa Xây dựng Đảng (2)"],
            },
        )
        self.assertEqual(
            options(kind=OutputKind.JOURNAL_ARTICLE, year=2025),
            {
                "kind": ["Bài báo tạp chí (1)", "Sách chuyên khảo (1)"],  # in 2025
                "year": ["2025 (1)", "2024 (1)"],  # of the articles
                "unit": ["Khoa Xây dựng Đảng (1)"],
            },
        )

    def test_a_refused_filter_value_is_explained(self):
        self.add_topics(2, planned_start=datetime.date(2025, 2, 1))
        for year in ("-1", "0", "1e9"):
            with self.subTest(year=year):
                page = self.client.get("/de-tai/", {"year": year})
                self.assertContains(page, "data-filter-error")
                self.assertContains(page, "Năm phải")
                self.assertContains(page, "2 kết quả")  # the other filters still apply

    def test_listing_query_count_does_not_grow_with_the_data(self):
        self.add_topics(2)
        self.client.get("/de-tai/")
        # the site, the page, its view restrictions, the listing's facet index (one query:
        # LISTING_CACHE_SECONDS is 0 here), a page of rows, the settings, the page's
        # counterparts in the other languages (hreflang) and its breadcrumbs
        with self.assertNumQueries(13):
            self.client.get("/de-tai/", {"level": "school"})
        self.add_topics(30, provincial=True)
        self.client.get("/de-tai/")  # publishing dropped the cached menu
        with self.assertNumQueries(13):
            self.client.get("/de-tai/", {"level": "school"})

    def test_news_and_home_page(self):
        publish(
            self.site.news,
            NewsPage,
            title="Hội thảo khoa học cấp tỉnh",
            slug="ht",
            date=datetime.date(2025, 10, 1),
        )
        self.add_topics(1, provincial=True)
        home = self.client.get("/")
        self.assertContains(home, "Hội thảo khoa học cấp tỉnh")
        self.assertContains(home, "<span>Cấp tỉnh</span>", html=False)  # its bar in the chart
        self.assertEqual(home.context["topics_by_level"][0]["value"], 1)
        self.assertContains(home, 'href="/de-tai/"')  # the menu
