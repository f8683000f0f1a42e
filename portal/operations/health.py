"""Health checks for a load balancer, monitoring and cron.

/healthz answers while the process serves requests (liveness: no dependency is touched).
/readyz and `manage.py check_health` run every check of settings.HEALTH_CHECKS (readiness).

The interface, for any app's check (search's Elasticsearch check lives in search/, found through
the setting, so research never imports search):

    HEALTH_CHECKS = {"name": {"check": "dotted.path.to.callable", **options}}

The callable is called with the options as keyword arguments and returns a dict with at least
"ok" (bool), plus any figures worth reading (JSON-serialisable). It may also return None when it
does not apply here (Elasticsearch not configured), and an exception counts as a failure with
its message. A backlog (the search-index backlog, the e-mail outbox) plugs in through
`check_backlog` with a `measure` callable returning (size, age of the oldest item):

    "outbox": {"check": "portal.operations.health.check_backlog",
               "measure": "research.outbox.backlog", "max_size": 500, "max_age_seconds": 3600}
"""

import datetime
import logging
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def check_database():
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor, "ms": elapsed_ms(started)}


def check_cache():
    """A value written is read back: the shared cache every worker relies on works."""
    started = time.monotonic()
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    read = cache.get(key)
    cache.delete(key)
    return {
        "ok": read == value,
        "backend": caches["default"].__class__.__name__,
        "ms": elapsed_ms(started),
    }


def check_disk(paths, min_free_mb):
    """Free space under each media folder (the nearest existing parent of a folder not yet made)."""
    folders = {}
    for path in paths:
        path = Path(path)
        while not path.exists() and path != path.parent:
            path = path.parent
        folders[str(path)] = shutil.disk_usage(path).free // (1024 * 1024)
    return {
        "ok": all(free >= min_free_mb for free in folders.values()),
        "free_mb": folders,
        "min_free_mb": min_free_mb,
    }


def check_backlog(measure, max_size, max_age_seconds):
    """A queue that must drain: fails when it holds too many items or its oldest waits too long."""
    size, oldest = import_string(measure)()
    age = oldest.total_seconds() if isinstance(oldest, datetime.timedelta) else oldest
    return {
        "ok": size <= max_size and (age is None or age <= max_age_seconds),
        "size": size,
        "oldest_seconds": None if age is None else round(age),
        "max_size": max_size,
        "max_age_seconds": max_age_seconds,
    }


def run_checks(checks=None):
    """{name: result} for every configured check that applies, and whether all are ok."""
    results = {}
    for name, spec in (settings.HEALTH_CHECKS if checks is None else checks).items():
        options = {key: value for key, value in spec.items() if key != "check"}
        try:
            result = import_string(spec["check"])(**options)
        except Exception as error:  # a failing dependency is a result, not a crash
            logger.warning("Health check %s failed: %s", name, error)
            result = {"ok": False, "error": f"{error.__class__.__name__}: {error}"}
        if result is not None:
            results[name] = result
    return results, all(result["ok"] for result in results.values())


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def shows_details(request):
    """Figures (folders and their free space, versions, errors) only for the server itself and
    the monitoring addresses; anyone else (gunicorn reached directly) learns ok or failing."""
    user = getattr(request, "user", None)
    return request.META.get("REMOTE_ADDR") in settings.HEALTH_DETAIL_ADDRESSES or bool(
        user and user.is_superuser
    )


@never_cache
def readyz(request):
    results, ok = run_checks()
    if not shows_details(request):
        results = {name: {"ok": result["ok"]} for name, result in results.items()}
    return JsonResponse(
        {"status": "ok" if ok else "failing", "checks": results}, status=200 if ok else 503
    )


def elapsed_ms(started):
    return round((time.monotonic() - started) * 1000, 1)
