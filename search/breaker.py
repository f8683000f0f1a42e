"""A circuit breaker for Elasticsearch, shared by every process through Django's cache.

Closed (no key): requests go to Elasticsearch. A failure opens it: for ELASTICSEARCH_COOLDOWN
seconds nobody waits on Elasticsearch (the database answers at once). After the cool-down one
request — one in all processes, by `cache.add` — probes it again: success closes the breaker,
failure opens it for another cool-down. A hung node thus costs one timeout per cool-down, not one
per request."""

import time

from django.conf import settings
from django.core.cache import cache

OPEN_UNTIL = "search:elasticsearch:open-until"
PROBE = "search:elasticsearch:probe"
CLOSED, PROBING = "closed", "probing"


def allow():
    """CLOSED or PROBING when this caller may ask Elasticsearch, None when it must not."""
    until = cache.get(OPEN_UNTIL)
    if until is None:
        return CLOSED
    if time.time() < until:
        return None
    # the probe's lock outlives one request's timeout; a lost prober frees it after that
    if cache.add(PROBE, True, timeout=settings.ELASTICSEARCH_TIMEOUT * 3 + 1):
        return PROBING
    return None


def trip():
    """Elasticsearch failed: keep away from it for the cool-down."""
    cache.set(OPEN_UNTIL, time.time() + settings.ELASTICSEARCH_COOLDOWN, timeout=None)
    cache.delete(PROBE)


def reset():
    """Elasticsearch answered: close the breaker."""
    cache.delete_many([OPEN_UNTIL, PROBE])


def is_open():
    until = cache.get(OPEN_UNTIL)
    return until is not None and time.time() < until
