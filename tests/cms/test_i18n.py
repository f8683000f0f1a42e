"""The English site: its own addresses, menu, search and hreflang; research records in English
with a visible fallback; every page, code-created ones included, in both languages."""

import re

from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_init
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.apps import upgrade_public_site
from cms.i18n import sync_page_tree, translate_page
from cms.models import NewsPage, OutputPage, PersonPage, TopicPage
from search.indexing import rebuild
from tests.cms.site import build_site, publish
from tests.factories import (
    EditorFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
    UnitFactory,
)


def english():
    return Locale.objects.get(language_code="en")


def in_english(page):
    return page.get_translation(english()).specific


def translate_site(site):
    """English titles and addresses for the home and index pages, as an editor would write."""
    translate_page(site.home, "en", title="Research portal", intro="The school's research.")
    for index, title, slug in (
        (site.research, "Research topics", "research"),
        (site.library, "Digital library", "library"),
        (site.people, "Lecturers", "lecturers"),
        (site.news, "News", "news"),
    ):
        translate_page(index, "en", title=title, slug=slug)


class EnglishSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        unit = UnitFactory(name="Khoa Xây dựng Đảng", name_en="Faculty of Party Building")
        cls.lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=unit, bio="Giảng viên chính.")
        cls.translated = TopicFactory(
            title="Nâng cao chất lượng sinh hoạt chi bộ",
            title_en="Improving the quality of Party cell meetings",
            summary="Tóm tắt tiếng Việt.",
            summary_en="An English summary.",
            unit=unit,
            principal=cls.lan,
            in_progress=True,
        )
        cls.untranslated = TopicFactory(
            title="Đổi mới công tác kiểm tra", summary="Chỉ tiếng Việt."
        )
        cls.topic_page = publish(
            cls.site.research,
            TopicPage,
            title=cls.translated.title,
            slug="cs-1",
            topic=cls.translated,
        )
        cls.plain_page = publish(
            cls.site.research,
            TopicPage,
            title=cls.untranslated.title,
            slug="cs-2",
            topic=cls.untranslated,
        )
        cls.lan_page = publish(
            cls.site.people, PersonPage, title=cls.lan.full_name, slug="lan", person=cls.lan
        )
        rebuild()

    def test_english_pages_have_their_own_addresses_menu_and_search(self):
        page = self.client.get("/en/")
        self.assertContains(page, '<html lang="en">', html=False)
        self.assertContains(page, '<h1 id="hero-title">Research portal</h1>', html=False)
        menu = re.search(r'<nav class="site-nav".*?</nav>', page.content.decode(), re.S).group()
        self.assertIn('<a href="/en/research/">Research topics</a>', menu)
        self.assertIn('<a href="/en/search/">Search</a>', menu)
        self.assertNotIn('href="/de-tai/"', menu)
        self.assertContains(page, 'action="/en/search/"')
        self.assertEqual(self.client.get("/en/research/").status_code, 200)
        self.assertEqual(self.client.get("/de-tai/").status_code, 200)

    def test_english_search_answers_and_links_to_english_pages(self):
        found = self.client.get("/en/search/", {"q": "chat luong sinh hoat"})
        self.assertEqual(found.status_code, 200)
        self.assertContains(found, '<html lang="en">', html=False)
        self.assertContains(found, 'href="/en/research/cs-1/"')
        self.assertNotContains(found, 'href="/de-tai/cs-1/"')
        self.assertEqual(self.client.get("/tim-kiem/", {"q": "chi bo"}).status_code, 200)
        suggestions = self.client.get("/en/search/suggestions/", {"q": "nang cao"})
        self.assertEqual(suggestions.status_code, 200)
        download = self.client.get("/en/search/", {"q": "chi bo", "format": "json"})
        self.assertIn("/en/research/cs-1/", download.content.decode())

    def test_hreflang_and_the_language_switch_stay_on_the_same_page(self):
        base = "https://nckh.example.vn"
        with self.settings(SITE_BASE_URL=base):
            page = self.client.get("/de-tai/cs-1/")
            english_page = self.client.get("/en/research/cs-1/")
        for response in (page, english_page):
            self.assertContains(
                response,
                f'<link rel="alternate" hreflang="vi" href="{base}/de-tai/cs-1/">',
                html=False,
            )
            self.assertContains(
                response,
                f'<link rel="alternate" hreflang="en" href="{base}/en/research/cs-1/">',
                html=False,
            )
        self.assertContains(page, 'href="/en/research/cs-1/" hreflang="en" lang="en"')
        self.assertContains(english_page, 'href="/de-tai/cs-1/" hreflang="vi" lang="vi"')
        with self.settings(SITE_BASE_URL=base):
            search = self.client.get("/tim-kiem/", {"q": "dang"})
        self.assertContains(search, 'href="/en/search/?q=dang" hreflang="en"')
        alternate = f'<link rel="alternate" hreflang="en" href="{base}/en/search/?q=dang">'
        self.assertContains(search, alternate, html=False)

    def test_records_show_their_english_fields_and_fall_back_visibly(self):
        page = self.client.get("/en/research/cs-1/")
        self.assertContains(
            page, "<h1>Improving the quality of Party cell meetings</h1>", html=True
        )
        self.assertContains(page, "An English summary.")
        self.assertContains(page, "Faculty of Party Building")
        self.assertContains(page, "In progress")
        self.assertNotContains(page, "data-fallback")
        self.assertContains(page, f'href="{in_english(self.lan_page).url}"')  # the English profile

        fallback = self.client.get("/en/research/cs-2/").content.decode()
        self.assertIn('<span lang="vi">Đổi mới công tác kiểm tra</span>', fallback)
        self.assertIn('<p lang="vi" data-summary>Chỉ tiếng Việt.</p>', fallback)
        self.assertIn("The summary is only available in Vietnamese.", fallback)

        vietnamese = self.client.get("/de-tai/cs-1/")
        self.assertContains(vietnamese, "<h1>Nâng cao chất lượng sinh hoạt chi bộ</h1>", html=True)
        self.assertContains(vietnamese, "Đang thực hiện")
        self.assertNotContains(vietnamese, "An English summary.")

    def test_an_untranslated_editorial_page_says_so(self):
        news = publish(self.site.news, NewsPage, title="Hội thảo khoa học", slug="hoi-thao")
        page = self.client.get(in_english(news).url)
        self.assertContains(page, "data-untranslated")
        self.assertContains(page, '<article class="panel" lang="vi">', html=False)
        translate_page(news, "en", title="A scientific conference")
        page = self.client.get(in_english(news).url)
        self.assertNotContains(page, "data-untranslated")
        self.assertContains(page, "A scientific conference")

    def test_the_home_page_counts_each_record_once_per_language(self):
        for address in ("/", "/en/"):
            with self.subTest(address=address):
                totals = self.client.get(address).context["totals"]
                self.assertEqual(totals["topics"], 2)
                self.assertEqual(totals["people"], 1)


class PageTreeSyncTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def test_a_page_published_by_code_joins_the_english_site_and_follows_its_original(self):
        topic = TopicFactory()
        page = publish(self.site.research, TopicPage, title=topic.title, slug="cs-9", topic=topic)
        alias = in_english(page)
        self.assertEqual((alias.alias_of_id, alias.live, alias.topic_id), (page.pk, True, topic.pk))
        self.assertEqual(alias.language, "en")
        self.assertEqual(self.client.get(alias.url).status_code, 200)

        PageViewRestriction.objects.create(page=page, restriction_type="login")
        self.assertEqual(alias.view_restrictions.get().restriction_type, "login")
        self.assertEqual(self.client.get(alias.url).status_code, 302)  # to the login page
        page.view_restrictions.all().delete()
        self.assertFalse(alias.view_restrictions.exists())

        page.unpublish()
        alias.refresh_from_db()
        self.assertFalse(alias.live)
        with self.captureOnCommitCallbacks(execute=True):
            page.delete()
        self.assertFalse(Page.objects.filter(pk=alias.pk).exists())

    def test_editors_translate_the_english_page_through_moderation(self):
        news = publish(self.site.news, NewsPage, title="Hội thảo khoa học", slug="hoi-thao")
        alias = in_english(news)
        self.client.force_login(EditorFactory())
        convert = reverse("wagtailadmin_pages:convert_alias", args=[alias.pk])
        self.assertEqual(self.client.get(convert).status_code, 200)
        self.client.post(convert)
        alias.refresh_from_db()
        self.assertIsNone(alias.alias_of_id)
        edit = reverse("wagtailadmin_pages:edit", args=[alias.pk])
        data = nested_form_data(
            {
                "title": "A scientific conference",
                "slug": alias.slug,
                "intro": "The school held a conference.",
                "date": "2025-10-01",
                "body": streamfield([]),
            }
        )
        self.assertEqual(self.client.post(edit, {**data, "action-submit": "1"}).status_code, 302)
        alias.refresh_from_db()
        self.assertEqual(alias.get_latest_revision_as_object().title, "A scientific conference")
        self.assertEqual(alias.current_workflow_state.status, "in_progress")  # the office approves

    def test_office_deletes_a_page_with_its_english_counterpart(self):
        topic = TopicFactory()
        page = publish(self.site.research, TopicPage, title=topic.title, slug="cs-6", topic=topic)
        alias = in_english(page)
        self.client.force_login(OfficeStaffFactory())
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(pk__in=[page.pk, alias.pk]).exists())

    def test_an_existing_database_gets_its_english_pages_once(self):
        topic = TopicFactory()
        page = publish(self.site.research, TopicPage, title=topic.title, slug="cs-8", topic=topic)
        Page.objects.filter(locale=english()).delete()  # as before the English site existed
        self.assertEqual(TopicPage.objects.filter(topic=topic).count(), 1)

        created = sync_page_tree()
        self.assertGreaterEqual(created, 6)  # home, four indexes, the topic page
        english_home = in_english(self.site.home)
        for group in ("Biên tập viên", "Phòng Quản lý đào tạo và NCKH"):  # their rights too
            self.assertTrue(english_home.group_permissions.filter(group__name=group).exists())
        alias = in_english(page)
        self.assertEqual(alias.alias_of_id, page.pk)
        self.assertEqual(alias.get_parent().specific.alias_of_id, self.site.research.pk)
        self.assertEqual(sync_page_tree(), 0)

    def test_every_migrate_reads_only_the_pages_it_changes(self):
        """`migrate` runs the upgrade each time: neither its queries nor the rows it loads grow
        with the pages."""

        def upgrade():
            loaded = []

            def made(sender, instance, **kwargs):  # every model instance
                loaded.append(instance)

            post_init.connect(made)
            try:
                with CaptureQueriesContext(connection) as queries:
                    upgrade_public_site(sender=None, verbosity=0)
            finally:
                post_init.disconnect(made)
            return len(queries), len(loaded)

        def add_topic_pages(count):
            for _ in range(count):
                topic = TopicFactory()
                publish(self.site.research, TopicPage, title=topic.title, topic=topic)

        add_topic_pages(1)
        few = upgrade()
        add_topic_pages(4)
        self.assertEqual(upgrade(), few)
        lacking = publish(self.site.research, TopicPage, title="Đề tài", topic=TopicFactory())
        in_english(lacking).delete()
        Page.objects.filter(pk=lacking.pk).update(slug="đề-tài")
        with self.captureOnCommitCallbacks(execute=True):
            upgrade()
        self.assertEqual(Page.objects.get(pk=lacking.pk).slug, "de-tai")
        self.assertEqual(in_english(lacking).alias_of_id, lacking.pk)

    def test_a_record_has_one_page_per_language(self):
        topic = TopicFactory()
        publish(self.site.research, TopicPage, title=topic.title, slug="cs-7", topic=topic)
        second = TopicPage(title="Bản sao", slug="ban-sao", topic=topic)
        with self.assertRaisesMessage(Exception, "Hồ sơ này đã có một trang bằng ngôn ngữ này"):
            self.site.research.add_child(instance=second)
        with transaction.atomic(), self.assertRaises(IntegrityError):
            TopicPage.objects.filter(topic=topic, language="vi").update(language="en")

    def test_output_pages_follow_the_same_rule(self):
        output = OutputFactory()
        page = publish(
            self.site.library, OutputPage, title=output.title, slug="sp-1", output=output
        )
        self.assertEqual(in_english(page).output_id, output.pk)


@override_settings(SITE_BASE_URL="https://nckh.example.vn")
class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        topic = TopicFactory()
        publish(cls.site.research, TopicPage, title=topic.title, slug="cs-1", topic=topic)

    def test_sitemap_lists_both_languages_at_the_configured_address(self):
        index = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("<loc>https://nckh.example.vn/sitemap-pages.xml</loc>", index)
        sitemap = self.client.get("/sitemap-pages.xml").content.decode()
        self.assertIn("<loc>https://nckh.example.vn/de-tai/cs-1/</loc>", sitemap)
        self.assertIn("<loc>https://nckh.example.vn/en/research/cs-1/</loc>", sitemap)
        self.assertIn("<loc>https://nckh.example.vn/en/</loc>", sitemap)
        self.assertIn(
            '<xhtml:link rel="alternate" hreflang="en" href="https://nckh.example.vn/en/research/cs-1/"/>',
            sitemap,
        )
        for text in (index, sitemap):
            self.assertNotIn("localhost", text)
            self.assertNotIn("127.0.0.1", text)

    def test_robots_txt_points_at_the_sitemap(self):
        robots = self.client.get("/robots.txt")
        self.assertContains(robots, "Sitemap: https://nckh.example.vn/sitemap.xml")
        self.assertContains(robots, "Disallow: /admin/")

    def test_canonical_and_social_addresses_use_the_configured_address(self):
        page = self.client.get("/en/research/cs-1/")
        self.assertContains(
            page,
            '<link rel="canonical" href="https://nckh.example.vn/en/research/cs-1/">',
            html=False,
        )
        self.assertContains(
            page,
            '<meta property="og:url" content="https://nckh.example.vn/en/research/cs-1/">',
            html=False,
        )
