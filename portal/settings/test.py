import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests read `mail.outbox` right after an action, so the in-memory backend "sends" on commit; the
# default (off) is tested in tests/research/inbox/test_mail_timeouts.py against a hung mail server.
OUTBOX_SEND_ON_COMMIT = True
_tmp = Path(tempfile.mkdtemp(prefix="portal-test-"))
MEDIA_ROOT = _tmp / "media"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A test database in a file, as in real use: the parallel-write tests need SQLite's own
    # locking between connections (an in-memory database shares one connection).
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / "test.sqlite3")}
PRIVATE_MEDIA_ROOT = _tmp / "private"
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "research.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
# The Elasticsearch the Elasticsearch tests use (tests/search/test_elasticsearch.py); every other
# test runs the database engine, whatever the environment says.
TEST_ELASTICSEARCH_URL = ELASTICSEARCH_URL  # noqa: F405
ELASTICSEARCH_URL = ""
ELASTICSEARCH_TIMEOUT = 1.0
# Each process its own cache, so that query counts stay the database's own (the shared database
# cache of the other settings is tested in tests/portal/operations/test_operations.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The benchmarks (make bench): their corpora and bench_* commands, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# Pages are rendered and listings counted on every request (tests/cms/test_pagecache.py turns
# both caches on).
PAGE_CACHE_SECONDS = 0
LISTING_CACHE_SECONDS = 0
