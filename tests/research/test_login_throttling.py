"""Wrong passwords lock a login on both login forms (django-axes); the research office unlocks."""

from axes.models import AccessAttempt
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories import EditorFactory, LecturerUserFactory, OfficeStaffFactory

LOCKED = "Nhập sai mật khẩu quá nhiều lần: tài khoản này bị tạm khóa đăng nhập"


@override_settings(AXES_FAILURE_LIMIT=3)
class LoginThrottlingTests(TestCase):
    def setUp(self):
        self.user = LecturerUserFactory(username="giangvien1")

    def attempt(self, password, url="/accounts/login/", address="203.0.113.7"):
        return self.client.post(
            url, {"username": "giangvien1", "password": password}, REMOTE_ADDR=address
        )

    def test_the_right_password_logs_in(self):
        response = self.attempt("password")
        self.assertRedirects(response, reverse("research:dashboard"), fetch_redirect_response=False)

    def test_thirty_wrong_passwords_lock_the_login_and_the_right_one_is_then_refused(self):
        statuses = [self.attempt(f"sai-{n}").status_code for n in range(30)]
        self.assertEqual(statuses[:2], [200, 200])  # the form again, with its error
        self.assertEqual(set(statuses[2:]), {429})
        response = self.attempt("password")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, LOCKED, status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_admin_login_is_throttled_too(self):
        for n in range(3):
            self.attempt(f"sai-{n}", url="/admin/login/")
        response = self.attempt("password", url="/admin/login/")
        self.assertContains(response, LOCKED, status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_lock_is_per_user_and_address(self):
        for n in range(3):
            self.attempt(f"sai-{n}")
        other_address = self.attempt("password", address="198.51.100.9")
        self.assertEqual(other_address.status_code, 302)

    def test_the_research_office_unlocks_and_it_is_logged(self):
        for n in range(3):
            self.attempt(f"sai-{n}")
        office = OfficeStaffFactory()
        self.client.force_login(office)
        page = self.client.get(reverse("research_locked_logins"))
        self.assertContains(page, "giangvien1")
        attempt = AccessAttempt.objects.get(username="giangvien1")
        response = self.client.post(reverse("research_locked_logins"), {"attempt": attempt.pk})
        self.assertRedirects(response, reverse("research_locked_logins"))
        self.assertFalse(AccessAttempt.objects.exists())
        entry = ModelLogEntry.objects.get(action="research.login_unlocked")
        self.assertEqual((entry.user, entry.object_id), (office, str(self.user.pk)))
        self.client.logout()
        self.assertEqual(self.attempt("password").status_code, 302)

    def test_an_editor_with_admin_access_cannot_unlock(self):
        for n in range(3):
            self.attempt(f"sai-{n}")
        self.client.force_login(EditorFactory())
        attempt = AccessAttempt.objects.get()
        page = self.client.get(reverse("research_locked_logins"))
        self.assertRedirects(page, reverse("wagtailadmin_home"))  # Wagtail's "permission denied"
        self.client.post(reverse("research_locked_logins"), {"attempt": attempt.pk})
        self.assertTrue(AccessAttempt.objects.filter(pk=attempt.pk).exists())
