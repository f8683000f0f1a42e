import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import TestCase
from django.utils import translation

# Every test runs on one pinned day, so the suite passes on whatever day it runs. CI runs it a
# second time with PORTAL_TEST_TODAY more than a year later (.ci/run): a test that hard-codes a
# calendar date where it means "a month ago" fails there, not on the day the calendar passes it.
DEFAULT_TEST_TODAY = "2026-12-10"
# The stack's smoke tests (tests/stack) talk to a server in another process, on the real clock.
REAL_CLOCK_FOLDERS = ("tests/stack",)


def pinned_moment():
    day = datetime.date.fromisoformat(os.environ.get("PORTAL_TEST_TODAY") or DEFAULT_TEST_TODAY)
    return datetime.datetime.combine(
        day, datetime.time(9, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    )


def pytest_configure(config):
    """Travel before anything runs (test databases, `setUpTestData`), ticking from there."""
    args = [str(arg) for arg in config.args]
    if args and all(any(folder in arg for folder in REAL_CLOCK_FOLDERS) for arg in args):
        return
    traveller = time_machine.travel(pinned_moment(), tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's worker reads the marks into the ids
def pytest_collection_modifyitems(config, items):
    """For pytest-xdist's `--dist loadgroup` (CI: `make test TEST_WORKERS=3`): the Elasticsearch
    tests all on one worker, since a test pauses the node the run shares, and each test class on
    one worker, so that its `setUpTestData` runs once. Without xdist the marks change nothing.

    Only `TestCase` classes are grouped: xdist sends the largest groups first, and a transactional
    test, which empties the database when it ends, must stay where pytest-django puts it (after
    every `TestCase`, in a group of its own)."""
    for item in items:
        if item.cls is None or not issubclass(item.cls, TestCase):
            continue
        bases = {base.__name__ for base in item.cls.__mro__}
        if "ElasticsearchTestCase" in bases:
            group = "elasticsearch"
        else:
            group = f"{item.nodeid.split('::')[0]}::{item.cls.__name__}"
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker):
    """Each test database starts as a copy of the migrated template (tests/testdb.py), which
    pytest-django then keeps instead of creating and migrating it; `--create-db` migrates anew."""
    if request.config.getvalue("create_db"):
        return False
    from tests.testdb import clone_for_tests

    with django_db_blocker.unblock():
        return clone_for_tests() or request.config.getvalue("reuse_db")


def pytest_collection_finish(session):
    """pytest-xdist writes each test's group into its id; should a pytest release stop that (9.2
    did, pyproject.toml), the run stops here rather than spread a class over both workers."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    for item in session.items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            raise pytest.UsageError(f"pytest-xdist did not group {item.nodeid}")


def pytest_report_header(config):
    return f"pinned clock: {pinned_moment():%d/%m/%Y %H:%M %Z} (PORTAL_TEST_TODAY)"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without what an earlier one cached (the site menu)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to an English address leaves English
    active in the thread that served it, which is the test's own with Django's test client."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
