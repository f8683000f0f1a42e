"""An editor writes news in the admin: a first “submit for moderation” with an error leaves
nothing behind, and the corrected page is submitted once, in Vietnamese, at desktop and phone
width."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from cms.models import NewsPage
from tests.cms.site import build_site
from tests.e2e.conftest import log_in
from tests.factories import EditorFactory

TITLE = "Hội thảo khoa học về đổi mới sinh hoạt chi bộ"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_news_page_submitted_after_a_mistake(browse, width):
    site = build_site()
    editor = EditorFactory(username="bientapvien")

    def journey(page):
        page.set_viewport_size({"width": width, "height": 900})
        log_in(page, editor.username)
        page.goto(f"/admin/pages/add/cms/newspage/{site.news.pk}/")
        submit_for_moderation(page)  # without a title: the form refuses it
        expect(page.locator(".messages")).to_contain_text(
            "Không thể tạo trang vì có lỗi nhập liệu."
        )
        expect(page.get_by_text("Trường này là bắt buộc.").first).to_be_visible()
        page.fill("#id_title", TITLE)
        submit_for_moderation(page)
        expect(page.locator(".messages")).to_contain_text(f"Đã tạo trang “{TITLE}” và gửi duyệt.")
        expect(page.locator("body")).not_to_contain_text("đã được sử dụng")
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    browse(journey)
    pages = NewsPage.objects.filter(title=TITLE, locale=Locale.get_default())
    assert pages.count() == 1
    news = pages.get()
    assert news.slug == "hoi-thao-khoa-hoc-ve-doi-moi-sinh-hoat-chi-bo"
    assert news.workflow_in_progress and not news.live


def submit_for_moderation(page):
    """The action menu's other item: Wagtail folds it under “Thao tác khác” next to “Lưu bản
    nháp”."""
    page.get_by_role("button", name="Thao tác khác").last.click()
    page.get_by_role("button", name="Gửi duyệt: Duyệt công bố nội dung").click()
