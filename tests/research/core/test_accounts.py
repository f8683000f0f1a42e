"""Signing out from every page outside the admin, and choosing a new password by e-mail."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from tests.cms.site import build_site
from tests.factories import CouncilMemberFactory, LecturerUserFactory

LOGOUT_FORM = re.compile(
    r'<form class="site-nav__logout" method="post" action="/accounts/logout/" data-logout>'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">'
    r'<button type="submit">Đăng xuất</button></form>'
)


class LogoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.lecturer = LecturerUserFactory()
        cls.member = CouncilMemberFactory()

    def pages(self):
        return [
            "/",  # the public site's home
            reverse("search:search"),
            reverse("research:dashboard"),
            reverse("research:proposal-list"),
            reverse("research:review-list"),
            reverse("research:inbox"),
            reverse("research:calendar"),
        ]

    def test_every_page_outside_the_admin_has_a_logout_button_for_a_signed_in_user(self):
        for user in (self.lecturer, self.member):
            self.client.force_login(user)
            for url in self.pages():
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertRegex(response.content.decode(), LOGOUT_FORM)

    def test_a_visitor_sees_log_in_and_no_logout(self):
        response = self.client.get("/")
        self.assertNotContains(response, "data-logout")
        self.assertContains(response, f'href="{reverse("login")}"')

    def test_the_button_logs_out_and_a_get_changes_nothing(self):
        self.client.force_login(self.lecturer)
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.assertEqual(self.client.get(reverse("research:dashboard")).status_code, 200)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
        dashboard = self.client.get(reverse("research:dashboard"))
        self.assertEqual(dashboard.status_code, 302)
        self.assertTrue(dashboard["Location"].startswith(reverse("login")))


class PasswordResetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        cls.user = LecturerUserFactory(username="gv.lan", email="lan@example.vn")

    def test_the_login_page_links_to_the_reset(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Quên mật khẩu?")
        self.assertContains(response, f'href="{reverse("password_reset")}"')

    def test_a_new_password_is_chosen_through_the_link_in_the_email(self):
        page = self.client.get(reverse("password_reset"))
        self.assertContains(page, "Gửi đường dẫn")
        response = self.client.post(reverse("password_reset"), {"email": "LAN@example.vn"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertContains(self.client.get(response["Location"]), "Hãy kiểm tra thư điện tử")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["lan@example.vn"])
        self.assertEqual(message.subject, "Đặt mật khẩu mới cho Cổng thông tin nghiên cứu khoa học")
        self.assertIn("Tên đăng nhập của bạn: gv.lan", message.body)
        link = re.search(r"https?://\S+/accounts/password-reset/\S+/\S+/", message.body).group(0)
        path = "/" + link.split("/", 3)[3]
        # Django swaps the token for a session-held one and redirects to the form.
        form = self.client.get(path, follow=True)
        self.assertContains(form, "Lưu mật khẩu mới")
        set_url = form.redirect_chain[-1][0]
        done = self.client.post(
            set_url, {"new_password1": "Hue-Song-Han-2026", "new_password2": "Hue-Song-Han-2026"}
        )
        self.assertRedirects(done, reverse("password_reset_complete"))
        self.assertContains(self.client.get(done["Location"]), "Mật khẩu mới đã được lưu")
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("Hue-Song-Han-2026"))
        # The link works once.
        self.client.logout()
        self.assertContains(self.client.get(path, follow=True), "data-invalid-link")

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self):
        response = self.client.post(reverse("password_reset"), {"email": "ai-do@example.vn"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(mail.outbox, [])

    def test_a_malformed_address_is_refused_with_a_translated_error(self):
        response = self.client.post(reverse("password_reset"), {"email": "x" * 300})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="error"')
        self.assertEqual(mail.outbox, [])

    def test_a_disabled_account_gets_no_link(self):
        get_user_model().objects.filter(pk=self.user.pk).update(is_active=False)
        self.client.post(reverse("password_reset"), {"email": "lan@example.vn"})
        self.assertEqual(mail.outbox, [])
