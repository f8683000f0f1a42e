from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import (
    HomePage,
    LibraryIndexPage,
    NewsIndexPage,
    PeopleIndexPage,
    ResearchIndexPage,
    SiteSettings,
    StandardPage,
)
from tests.cms.site import create_in_admin
from tests.factories import EditorFactory, LecturerUserFactory


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale=Locale.get_default())

    def test_the_migration_makes_the_home_page_the_site_root(self):
        self.assertEqual(Site.objects.get(is_default_site=True).root_page.specific, self.home)

    def test_home_page_is_served_in_vietnamese_with_the_schools_name_from_settings(self):
        settings = SiteSettings.load()
        settings.school_name = "Trường Chính trị tỉnh Kiểm Thử"
        settings.save()
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="vi">', html=False)
        self.assertContains(response, '<span class="brand__name">Trường Chính trị tỉnh Kiểm Thử')
        self.assertContains(
            response,
            "<title>Cổng thông tin nghiên cứu khoa học — Trường Chính trị tỉnh Kiểm Thử</title>",
        )

    def test_there_is_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertAllowedSubpageTypes(
            HomePage,
            {ResearchIndexPage, LibraryIndexPage, PeopleIndexPage, NewsIndexPage, StandardPage},
        )
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_a_standard_page_renders_its_body(self):
        page = StandardPage(
            title="Giới thiệu",
            slug="gioi-thieu",
            intro="Về hoạt động nghiên cứu khoa học",
            body=[("heading", {"text": "Lịch sử", "level": "h2"})],
        )
        self.home.add_child(instance=page)
        response = self.client.get(page.url)
        self.assertContains(response, "<h2>Lịch sử</h2>", html=True)

    def test_rich_text_from_editors_is_sanitised(self):
        data = nested_form_data(
            {
                "title": "Giới thiệu",
                "slug": "gioi-thieu",
                "intro": "",
                "body": streamfield(
                    [
                        (
                            "paragraph",
                            rich_text(
                                '<p onclick="steal()">Nội dung <b>chính</b></p>'
                                "<script>alert(1)</script><iframe src=//x></iframe>"
                            ),
                        )
                    ]
                ),
            }
        )
        self.client.force_login(EditorFactory())
        page = create_in_admin(self.client, self.home, StandardPage, data)
        page.get_latest_revision().publish()
        html = self.client.get(page.url).content.decode()
        self.assertIn("Nội dung <b>chính</b>", html)
        for unsafe in ("<script>alert", "onclick", "<iframe"):
            self.assertNotIn(unsafe, html)

    def test_editor_creates_a_standard_page_and_lecturer_cannot(self):
        data = nested_form_data(
            {
                "title": "Tin tức",
                "slug": "tin-tuc",
                "intro": "",
                "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
            }
        )
        self.client.force_login(EditorFactory())
        page = create_in_admin(self.client, self.home, StandardPage, data)
        self.assertFalse(page.live)  # a draft until approved
        english = page.get_translation(Locale.objects.get(language_code="en"))
        self.assertEqual(english.alias_of_id, page.pk)  # the synchronised tree's counterpart
        url = f"/admin/pages/add/cms/standardpage/{self.home.pk}/"
        self.client.force_login(LecturerUserFactory())
        self.assertEqual(self.client.get(url).status_code, 302)


class ModerationTests(WagtailPageTestCase):
    def test_an_editor_submits_and_only_the_research_office_approves(self):
        from tests.factories import OfficeStaffFactory

        home = HomePage.objects.get(locale=Locale.get_default())
        editor, office = EditorFactory(), OfficeStaffFactory()
        page = StandardPage(title="Giới thiệu", slug="gioi-thieu", live=False)
        home.add_child(instance=page)
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
        task_state = page.current_workflow_state.current_task_state
        task = task_state.task.specific
        self.assertEqual([name for name, *_ in task.get_actions(page, editor)], [])
        self.assertIn("approve", [name for name, *_ in task.get_actions(page, office)])
        task.on_action(task_state, office, "approve")
        page.refresh_from_db()
        self.assertTrue(page.live)


class DateFieldTests(WagtailPageTestCase):
    """Issue 23: the page editor's date fields speak dd/mm/yyyy, as every other form does."""

    def test_a_news_date_typed_dd_mm_yyyy_is_kept_and_shown_back_the_same_way(self):
        import datetime

        from django.utils import timezone

        from cms.models import NewsPage

        home = HomePage.objects.get(locale=Locale.get_default())
        news = NewsIndexPage(title="Tin tức", slug="tin-tuc")
        home.add_child(instance=news)
        day = timezone.localdate() + datetime.timedelta(days=40)
        data = nested_form_data(
            {
                "title": "Hội thảo",
                "slug": "hoi-thao",
                "intro": "",
                "date": day.strftime("%d/%m/%Y"),
                "body": streamfield([]),
            }
        )
        self.client.force_login(EditorFactory())
        page = create_in_admin(self.client, news, NewsPage, data)
        self.assertEqual(page.get_latest_revision_as_object().date, day)
        html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        self.assertIn(f'value="{day:%d/%m/%Y}"', html)
        self.assertIn('"format": "d/m/Y"', html)  # the picker writes what the field reads
