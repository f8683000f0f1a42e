"""Health checks, downloads through nginx, the shared cache, request ids and security headers."""

import io
import json
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import pre_migrate
from django.test import TestCase, override_settings
from wagtail.documents.models import Document

from portal.operations.health import check_backlog, check_disk, run_checks
from portal.operations.requests import JsonFormatter, RequestContextFilter
from research.models import CalendarToken, OutputFile
from tests.factories import OfficeStaffFactory, OutputFactory
from tests.files import PDF

FAILING = {"broken": {"check": "tests.portal.operations.test_operations.broken_check"}}


def broken_check():
    raise ConnectionError("refused")


def backlog_of_three():
    return 3, 120.0


class HealthTests(TestCase):
    def test_liveness_touches_nothing(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.json(), {"status": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])

    def test_readiness_reports_each_check(self):
        response = self.client.get("/readyz")
        body = response.json()
        self.assertEqual((response.status_code, body["status"]), (200, "ok"))
        self.assertEqual(
            set(body["checks"]), {"database", "cache", "media_disk", "search_backlog", "outbox"}
        )
        self.assertTrue(all(check["ok"] for check in body["checks"].values()))
        self.assertNotIn("elasticsearch", body["checks"])  # not configured in these tests

    def test_readiness_shows_no_folders_or_free_disk_to_an_outside_caller(self):
        # gunicorn reached directly, from outside: issue 19 saw media paths and free disk.
        response = self.client.get("/readyz", REMOTE_ADDR="203.0.113.7")
        body = response.json()
        self.assertEqual((response.status_code, body["status"]), (200, "ok"))
        self.assertEqual(body["checks"]["media_disk"], {"ok": True})
        self.assertNotIn(str(settings.MEDIA_ROOT), response.content.decode())
        self.assertNotIn("free_mb", response.content.decode())
        with override_settings(HEALTH_CHECKS=FAILING):
            response = self.client.get("/readyz", REMOTE_ADDR="203.0.113.7")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"], {"broken": {"ok": False}})

    @override_settings(HEALTH_CHECKS=FAILING)
    def test_a_failing_dependency_answers_503_with_its_reason(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json(),
            {
                "status": "failing",
                "checks": {"broken": {"ok": False, "error": "ConnectionError: refused"}},
            },
        )

    @override_settings(HEALTH_CHECKS=FAILING)
    def test_check_health_fails_for_cron(self):
        out = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("check_health", "--json", stdout=out)
        self.assertEqual(json.loads(out.getvalue())["ok"], False)

    def test_check_health_passes_when_all_is_well(self):
        out = io.StringIO()
        call_command("check_health", stdout=out)
        self.assertIn("database: ổn", out.getvalue())

    def test_a_backlog_fails_when_too_big_or_too_old(self):
        measure = "tests.portal.operations.test_operations.backlog_of_three"
        self.assertTrue(check_backlog(measure, max_size=10, max_age_seconds=600)["ok"])
        self.assertFalse(check_backlog(measure, max_size=2, max_age_seconds=600)["ok"])
        too_old = check_backlog(measure, max_size=10, max_age_seconds=60)
        self.assertEqual((too_old["ok"], too_old["oldest_seconds"]), (False, 120))

    def test_backlogs_plug_in_through_the_setting(self):
        checks = {
            "outbox": {
                "check": "portal.operations.health.check_backlog",
                "measure": "tests.portal.operations.test_operations.backlog_of_three",
                "max_size": 1,
                "max_age_seconds": 600,
            }
        }
        results, ok = run_checks(checks)
        self.assertFalse(ok)
        self.assertEqual(results["outbox"]["size"], 3)

    def test_disk_space_below_the_floor_fails(self):
        self.assertFalse(check_disk(["/nonexistent/media"], min_free_mb=10**12)["ok"])
        self.assertTrue(check_disk(["/nonexistent/media"], min_free_mb=0)["ok"])


class DownloadTests(TestCase):
    def setUp(self):
        self.attachment = OutputFile(output=OutputFactory(), title="Toàn văn", is_public=False)
        self.attachment.file.save("toan-van.pdf", ContentFile(PDF), save=True)
        self.client.force_login(OfficeStaffFactory())

    def test_django_streams_the_file_without_nginx(self):
        response = self.client.get(self.attachment.file.url)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertNotIn("X-Accel-Redirect", response)

    @override_settings(X_ACCEL_REDIRECT=True)
    def test_behind_nginx_the_checked_file_is_handed_to_nginx(self):
        response = self.client.get(self.attachment.file.url)
        self.assertEqual(response.content, b"")
        self.assertEqual(
            response["X-Accel-Redirect"], f"/_protected/private/{self.attachment.file.name}"
        )
        self.assertRegex(
            response["Content-Disposition"], r'^attachment; filename="toan-van.*\.pdf"$'
        )
        self.assertEqual(response["Cache-Control"], "private, no-store")

    @override_settings(X_ACCEL_REDIRECT=True)
    def test_a_refused_file_is_never_handed_to_nginx(self):
        self.client.logout()
        response = self.client.get(self.attachment.file.url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("X-Accel-Redirect", response)

    @override_settings(X_ACCEL_REDIRECT=True)
    def test_wagtail_documents_leave_through_nginx_after_wagtails_checks(self):
        document = Document.objects.create(
            title="Quy chế", file=ContentFile(PDF, name="quy-che.pdf")
        )
        response = self.client.get(document.url)
        self.assertEqual(response.content, b"")
        self.assertEqual(response["X-Accel-Redirect"], f"/_protected/media/{document.file.name}")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertIn('filename="quy-che', response["Content-Disposition"])

    def test_the_ical_feed_is_private(self):
        user = OfficeStaffFactory()
        token = CalendarToken.objects.create(user=user, token="bi-mat-" + "x" * 30)
        response = self.client.get(f"/calendar/{token.token}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "worker_a": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c1"},
        "worker_b": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c1"},
    }
)
class SharedCacheTests(TestCase):
    def test_what_one_worker_drops_no_other_worker_still_shows(self):
        call_command("createcachetable", verbosity=0)
        worker_a, worker_b = caches["worker_a"], caches["worker_b"]
        worker_a.set("cms:menu:1", ["Trang chủ"], 300)
        self.assertEqual(worker_b.get("cms:menu:1"), ["Trang chủ"])
        worker_b.delete("cms:menu:1")
        self.assertIsNone(worker_a.get("cms:menu:1"))


class CacheTableTests(TestCase):
    @override_settings(
        CACHES={"default": {"BACKEND": "portal.cache.DatabaseCache", "LOCATION": "from_migrate"}}
    )
    def test_migrate_creates_the_database_caches_table_first(self):
        there = []  # when each app's migrations are about to run, whether the table is there

        def look(sender, **kwargs):
            there.append("from_migrate" in connection.introspection.table_names())

        self.assertNotIn("from_migrate", connection.introspection.table_names())
        pre_migrate.connect(look, weak=False)
        try:
            call_command("migrate", verbosity=0)
        finally:
            pre_migrate.disconnect(look)
        self.assertGreater(len(there), 10)
        self.assertTrue(all(there))


class RequestContextTests(TestCase):
    def test_every_answer_carries_a_request_id(self):
        first, second = self.client.get("/healthz"), self.client.get("/healthz")
        self.assertRegex(first["X-Request-ID"], r"^[0-9a-f]{32}$")
        self.assertNotEqual(first["X-Request-ID"], second["X-Request-ID"])

    def test_a_request_id_from_outside_is_trusted_only_behind_the_proxy(self):
        given = "abc123def456"
        self.assertNotEqual(
            self.client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"], given
        )
        with self.settings(BEHIND_PROXY=True):
            response = self.client.get("/healthz", HTTP_X_REQUEST_ID=given)
        self.assertEqual(response["X-Request-ID"], given)

    def test_json_log_lines_carry_the_request_id(self):
        record = logging.LogRecord("research", logging.ERROR, __file__, 1, "Lỗi %s", ("x",), None)
        RequestContextFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
        self.assertEqual(
            {key: line[key] for key in ("level", "logger", "request_id", "message")},
            {"level": "ERROR", "logger": "research", "request_id": "-", "message": "Lỗi x"},
        )


class SecurityHeaderTests(TestCase):
    def test_public_pages_run_no_inline_script(self):
        response = self.client.get("/accounts/login/")
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_the_admin_gets_what_wagtail_still_needs(self):
        response = self.client.get("/admin/login/")
        self.assertIn("script-src 'self' 'unsafe-inline'", response["Content-Security-Policy"])

    def test_wagtails_deliberate_error_page_is_gone(self):
        self.client.force_login(OfficeStaffFactory(is_superuser=True))
        self.assertEqual(self.client.get("/admin/failwhale/").status_code, 404)
