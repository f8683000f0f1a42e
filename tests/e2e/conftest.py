"""Browser tests: Playwright driving the system Chromium (no browser download) against live_server.

Playwright's sync API runs an asyncio loop in the thread that uses it, and while a loop runs
there Django hands that thread different database connections. So each journey runs in a
thread of its own that owns Playwright, while the test sets up its data with the ORM in the
main thread as usual.
"""

import os
import shutil
import threading

import pytest

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def browse(django_db_serialized_rollback, live_server):
    """`browse(journey)` runs `journey(page)` in a fresh Chromium against the live server."""
    if not CHROMIUM:
        message = "No system Chromium: install Debian's `chromium` package or set CHROMIUM_PATH."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def run(journey):
        failures = []

        def drive():
            from playwright.sync_api import expect, sync_playwright

            # A busy CI machine renders slower than a laptop; assertions wait a little longer.
            expect.set_options(timeout=10_000)

            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=CHROMIUM, args=CHROMIUM_ARGS
                    )
                    try:
                        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
                        context.set_default_timeout(15_000)
                        journey(context.new_page())
                    finally:
                        browser.close()
            except BaseException as error:  # re-raised in the test's thread
                failures.append(error)

        thread = threading.Thread(target=drive, name="playwright")
        thread.start()
        thread.join()
        if failures:
            raise failures[0]

    return run


def log_in(page, username, password="password"):
    """Log in through the Wagtail admin's login page."""
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def log_in_workspace(page, username, password="password"):
    """Log in through the portal's own login page (not the admin's)."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/workspace/")
