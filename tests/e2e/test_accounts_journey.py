"""A lecturer logs out from the header of the workspace and of the public site, and chooses a new
password through "Quên mật khẩu?", at desktop (1366 px) and phone (390 px) width."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.cms.site import build_site
from tests.e2e.conftest import log_in_workspace
from tests.factories import LecturerUserFactory

WIDTHS = (1366, 390)


def fits(page):
    """Nothing is wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_lecturer_logs_out_from_every_header(browse):
    build_site()
    LecturerUserFactory(username="gv.lan", email="lan@example.vn")

    def journey(page):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            log_in_workspace(page, "gv.lan")
            logout = page.get_by_role("button", name="Đăng xuất")
            expect(logout).to_be_visible()
            assert fits(page), width
            # The public site, signed in: the same button in its header.
            page.goto("/")
            expect(logout).to_be_visible()
            assert fits(page), width
            page.screenshot(path=f"/tmp/accounts-logout-{width}.png", full_page=False)
            logout.click()
            page.wait_for_url("**/")
            expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()
            expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
            page.goto("/workspace/")
            expect(page).to_have_url(re.compile(r"/accounts/login/"))

    browse(journey)


def test_a_forgotten_password_is_replaced_through_the_emailed_link(browse):
    build_site()
    LecturerUserFactory(username="gv.lan", email="lan@example.vn")

    def ask(width):
        def journey(page):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/accounts/login/")
            page.get_by_role("link", name="Quên mật khẩu?").click()
            expect(page.get_by_role("heading", name="Quên mật khẩu?")).to_be_visible()
            assert fits(page), width
            page.get_by_label("Địa chỉ thư điện tử").fill("lan@example.vn")
            page.get_by_role("button", name="Gửi đường dẫn").click()
            expect(page.get_by_role("heading", name="Hãy kiểm tra thư điện tử")).to_be_visible()
            page.screenshot(path=f"/tmp/accounts-reset-sent-{width}.png")

        return journey

    def choose(link, width, password):
        def journey(page):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(link)
            expect(page.get_by_role("heading", name="Đặt mật khẩu mới")).to_be_visible()
            assert fits(page), width
            page.screenshot(path=f"/tmp/accounts-reset-form-{width}.png")
            page.locator("#id_new_password1").fill(password)
            page.locator("#id_new_password2").fill(password)
            page.get_by_role("button", name="Lưu mật khẩu mới").click()
            expect(page.locator("[data-reset-complete]")).to_be_visible()
            log_in_workspace(page, "gv.lan", password)
            expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

        return journey

    for number, width in enumerate(WIDTHS):
        mail.outbox.clear()
        browse(ask(width))
        assert len(mail.outbox) == 1
        link = re.search(r"https?://\S+/accounts/password-reset/\S+/\S+/", mail.outbox[0].body)
        path = "/" + link.group(0).split("/", 3)[3]
        browse(choose(path, width, f"Song-Huong-{number}-2026"))
