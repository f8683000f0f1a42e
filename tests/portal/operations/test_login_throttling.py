"""Wrong passwords lock a login on both login forms (django-axes); the research office unlocks."""

from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories import EditorFactory, LecturerUserFactory, OfficeStaffFactory

LOCKED = "Nhập sai mật khẩu quá nhiều lần: tài khoản này bị tạm khóa đăng nhập"


@override_settings(AXES_FAILURE_LIMIT=3)
class LoginThrottlingTests(TestCase):
    def setUp(self):
        cache.clear()  # the per-address count lives in the cache (locmem in tests)
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


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=10, AXES_FAILURE_LIMIT=5)
class PasswordSprayingTests(TestCase):
    """One wrong password for each of many user names from one address (issue 19, item 8): each
    name stays under its own limit, the address does not."""

    def setUp(self):
        cache.clear()
        self.victim = LecturerUserFactory(username="giangvien-that")

    def attempt(self, username, password, address="203.0.113.7", **headers):
        return self.client.post(
            "/accounts/login/",
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            **headers,
        )

    def test_thirty_user_names_with_one_wrong_password_lock_the_address(self):
        statuses = [self.attempt(f"nguoi-{n}", "sai").status_code for n in range(30)]
        self.assertEqual(statuses[:10], [200] * 10)
        self.assertEqual(set(statuses[10:]), {429})
        # Even the right password of a real user is refused from that address for now…
        self.assertEqual(self.attempt("giangvien-that", "password").status_code, 429)
        # …and accepted from another.
        self.assertEqual(
            self.attempt("giangvien-that", "password", "198.51.100.9").status_code, 302
        )

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["127.0.0.1"])
    def test_a_forwarded_address_is_believed_only_from_the_proxy(self):
        for n in range(5):
            self.attempt("giangvien-that", f"sai-{n}", address="203.0.113.7")
        # gunicorn reached directly: X-Real-IP from anyone but the proxy does not unlock.
        response = self.attempt(
            "giangvien-that", "password", address="203.0.113.7", HTTP_X_REAL_IP="192.0.2.1"
        )
        self.assertEqual(response.status_code, 429)
        # Through nginx (the trusted proxy), the address it gives is the client's.
        response = self.attempt(
            "giangvien-that", "password", address="127.0.0.1", HTTP_X_REAL_IP="192.0.2.1"
        )
        self.assertEqual(response.status_code, 302)
