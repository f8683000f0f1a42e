"""Error pages say what happened in the reader's language and show the way back."""

from django.test import TestCase, override_settings
from django.urls import reverse

from tests.factories import LecturerUserFactory, PersonWithLoginFactory, ProposalFactory


class ErrorPageTests(TestCase):
    def test_a_refusal_shows_its_reason_and_the_way_back(self):
        lecturer = PersonWithLoginFactory()
        self.client.force_login(lecturer.user)
        other = ProposalFactory()
        response = self.client.get(other.get_absolute_url())
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Không có quyền truy cập", status_code=403)
        self.assertContains(response, "Bạn không có quyền xem thuyết minh này.", status_code=403)
        self.assertContains(response, reverse("research:dashboard"), status_code=403)

    def test_a_missing_page_is_translated_with_the_way_back(self):
        response = self.client.get("/khong-co-trang-nay/")
        self.assertContains(response, "Không tìm thấy trang", status_code=404)
        self.assertContains(response, reverse("search:search"), status_code=404)

    def test_a_lecturer_at_the_admin_is_shown_the_workspace(self):
        self.client.force_login(LecturerUserFactory())
        response = self.client.get("/admin/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("research:dashboard"))
        self.assertContains(response, "không gian làm việc")

    def test_the_admin_sign_in_points_to_the_workspace(self):
        response = self.client.get(reverse("wagtailadmin_login"))
        self.assertContains(response, f"{reverse('login')}?next={reverse('research:dashboard')}")

    @override_settings(DEBUG=False)
    def test_the_server_error_page_renders_translated(self):
        from django.template.loader import render_to_string

        html = render_to_string("500.html")
        self.assertIn("Lỗi máy chủ", html)
        self.assertIn('href="/"', html)
