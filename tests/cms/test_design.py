"""The public design: the school's identity from settings, badges, charts, icons; ASCII slugs
with the old addresses redirected."""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from wagtail.models import Locale, Page

from cms import charts
from cms.cards import topic_status
from cms.models import NewsPage, SiteSettings, StandardPage
from cms.slugs import fold_page_slugs
from research.core.formatting import ascii_slug
from research.models import TopicGrade, TopicStatus
from tests.cms.site import build_site, create_in_admin, publish
from tests.factories import EditorFactory, TopicFactory


class ChartTests(SimpleTestCase):
    def test_bars_are_relative_to_the_largest_value_and_small_ones_stay_visible(self):
        bars = charts.bars([("Cấp tỉnh", 40), ("Cấp cơ sở", 10), ("Cấp khoa", 0), ("Khác", 1)])
        self.assertEqual([bar["percent"] for bar in bars], [100, 25, 0, 2])

    def test_columns_share_the_baseline_and_scale(self):
        chart = charts.columns([(2024, 2), (2025, 4), (2026, 0)])
        heights = [column["height"] for column in chart["columns"]]
        self.assertEqual(heights, [35, 70, 0])
        for column in chart["columns"]:
            self.assertEqual(column["y"] + column["height"], chart["baseline"])
        self.assertEqual(charts.columns([])["columns"], [])


class BadgeTests(TestCase):
    def test_status_and_grade(self):
        running = TopicFactory.build(status=TopicStatus.IN_PROGRESS)
        accepted = TopicFactory.build(status=TopicStatus.ACCEPTED, grade=TopicGrade.GOOD)
        from django.utils import translation

        with translation.override("vi"):
            self.assertEqual(topic_status(running), {"label": "Đang thực hiện", "tone": "running"})
            self.assertEqual(
                topic_status(accepted), {"label": "Đã nghiệm thu — Khá", "tone": "success"}
            )


class IdentityTests(TestCase):
    def test_colours_are_served_as_a_versioned_stylesheet(self):
        settings = SiteSettings.load()
        settings.brand_colour = "#1f4e79"
        settings.save()
        home = self.client.get("/").content.decode()
        version = settings.colours_version()
        self.assertIn(f'href="/theme.css?v={version}"', home)
        self.assertIn('<meta name="theme-color" content="#1f4e79">', home)
        theme = self.client.get("/theme.css", {"v": version})
        self.assertEqual(theme["Content-Type"], "text/css")
        self.assertIn("--brand:#1f4e79", theme.content.decode())
        self.assertIn("immutable", theme["Cache-Control"])
        self.assertNotIn("Cache-Control", self.client.get("/theme.css", {"v": "old"}))

    def test_a_colour_white_text_cannot_be_read_on_is_refused(self):
        settings = SiteSettings.load()
        settings.brand_colour = "#f5d76e"
        with self.assertRaisesMessage(ValidationError, "Chữ trắng khó đọc"):
            settings.full_clean()
        settings.brand_colour = "red"
        with self.assertRaisesMessage(ValidationError, "sáu chữ số thập lục phân"):
            settings.full_clean()

    def test_the_site_has_an_icon(self):
        icon = self.client.get("/favicon.ico")
        self.assertEqual(icon.status_code, 302)
        self.assertTrue(icon["Location"].endswith("img/favicon.ico"))
        self.assertContains(self.client.get("/"), 'rel="icon"')


class SlugTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def test_folding(self):
        self.assertEqual(ascii_slug("Tọa đàm khoa học về Đảng"), "toa-dam-khoa-hoc-ve-dang")
        self.assertEqual(
            ascii_slug("Nghiên cứu thực tiễn ở Quảng Trị"), "nghien-cuu-thuc-tien-o-quang-tri"
        )

    def test_new_pages_get_ascii_slugs_from_code_and_from_the_admin(self):
        page = publish(self.site.news, NewsPage, title="Tọa đàm khoa học về đổi mới", slug="")
        self.assertEqual(page.slug, "toa-dam-khoa-hoc-ve-doi-moi")
        self.assertEqual(page.url, "/tin-tuc/toa-dam-khoa-hoc-ve-doi-moi/")

        self.client.force_login(EditorFactory())
        typed = create_in_admin(
            self.client,
            self.site.home,
            StandardPage,
            {"title": "Giới thiệu", "slug": "giới-thiệu-đơn-vị", "intro": "", "body-count": "0"},
        )
        self.assertEqual(typed.slug, "gioi-thieu-don-vi")

    def test_an_empty_address_is_made_from_the_title_and_kept_free(self):
        # Wagtail's browser-side copy of the title stops after a refused first save: the server
        # makes the address, next to a sibling that already has it
        self.client.force_login(EditorFactory())
        data = {"title": "Đội ngũ giảng viên", "slug": "", "intro": "", "body-count": "0"}
        first = create_in_admin(self.client, self.site.home, StandardPage, data)
        second = create_in_admin(self.client, self.site.home, StandardPage, data)
        self.assertEqual((first.slug, second.slug), ("doi-ngu-giang-vien", "doi-ngu-giang-vien-2"))

    def test_existing_slugs_are_folded_and_the_old_addresses_redirect(self):
        page = publish(self.site.news, NewsPage, title="Tọa đàm khoa học", slug="toa-dam")
        english = page.get_translation(Locale.objects.get(language_code="en"))
        for stored in (page, english):  # as pages were stored before slugs were folded
            url_path = stored.get_parent().url_path + "tọa-đàm/"
            Page.objects.filter(pk=stored.pk).update(slug="tọa-đàm", url_path=url_path)
        old = self.client.get("/tin-tuc/tọa-đàm/")
        self.assertEqual(old.status_code, 200)

        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(fold_page_slugs(), 2)
        self.assertEqual(Page.objects.get(pk=page.pk).slug, "toa-dam")
        self.assertRedirects(
            self.client.get("/tin-tuc/tọa-đàm/"), "/tin-tuc/toa-dam/", status_code=301
        )
        self.assertRedirects(
            self.client.get("/en/tin-tuc/tọa-đàm/"), "/en/tin-tuc/toa-dam/", status_code=301
        )
        self.assertEqual(fold_page_slugs(), 0)
