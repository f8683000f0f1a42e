"""Django's database cache, made so that a page never waits for nor fails on the database's write
lock because of the cache (issue 19, item 2).

On SQLite one writer holds the whole database. Django's database cache writes on a read page: a
miss stores the value, the store culls old entries once the table is full, and reading an expired
entry deletes it. While a long transaction held the lock, every such write waited the full busy
timeout (20 s) and then answered 500 “database is locked”, on the home page, the listings and the
login page. Here each write of the cache, outside a transaction of the request's own, waits at
most `CACHE_WRITE_WAIT_MS` for the lock and is then given up: a cache write that cannot happen is a
miss, logged, never an error. Reads (WAL mode) never wait.
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router

logger = logging.getLogger(__name__)


class CacheWriteSkipped(Exception):
    pass


class DatabaseCache(DjangoDatabaseCache):
    @contextmanager
    def quick_write(self):
        """Run a cache write with a short wait for the write lock; a failure is reported as
        CacheWriteSkipped. Inside the request's own transaction the lock is already held (or the
        failure belongs to that transaction), so nothing changes there."""
        connection = connections[router.db_for_write(self.cache_model_class)]
        if connection.in_atomic_block:
            yield
            return
        sqlite = connection.vendor == "sqlite"
        try:
            if sqlite:
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {int(settings.CACHE_WRITE_WAIT_MS)}")
            try:
                yield
            finally:
                if sqlite:
                    with connection.cursor() as cursor:
                        wait = connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)
                        cursor.execute(f"PRAGMA busy_timeout = {int(float(wait) * 1000)}")
        except DatabaseError as error:
            logger.warning("cache write skipped: %s", error)
            raise CacheWriteSkipped from error

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        try:
            with self.quick_write():
                return super()._base_set(mode, key, value, timeout)
        except CacheWriteSkipped:
            return False

    def _base_delete_many(self, keys):
        if not keys:
            return False  # every read ends here, mostly with nothing expired: no PRAGMA round trip
        try:
            with self.quick_write():
                return super()._base_delete_many(keys)
        except CacheWriteSkipped:
            return False

    def _cull(self, db, cursor, now, num):
        """Past MAX_ENTRIES, after the expired entries, those that expire soonest go — not
        Django's lowest-sorting keys, which are `:1:pagecache:generation` (it never expires) and
        every listing kept (cms.pagecache): a crawl of new addresses then dropped every stored
        page and had every listing read again, each time the table filled."""
        if self._cull_frequency == 0:
            return super()._cull(db, cursor, now, num)
        ops = connections[db].ops
        table, expires, key = (
            ops.quote_name(name) for name in (self._table, "expires", "cache_key")
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE {expires} < %s", [ops.adapt_datetimefield_value(now)]
        )
        remaining = num - cursor.rowcount
        if remaining <= self._max_entries:
            return None
        # the (expires, key) of the first entry kept: expiry times are whole seconds, often shared
        cursor.execute(
            f"SELECT {expires}, {key} FROM {table} ORDER BY {expires}, {key} LIMIT 1 OFFSET %s",
            [remaining // self._cull_frequency],
        )
        edge = cursor.fetchone()
        if edge:
            cursor.execute(
                f"DELETE FROM {table} WHERE {expires} < %s OR ({expires} = %s AND {key} < %s)",
                [edge[0], edge[0], edge[1]],
            )
        return None

    # A read (WAL: never waits) that finds expired entries deletes them through
    # _base_delete_many above: that delete is the read's only write.

    def clear(self):
        try:
            with self.quick_write():
                return super().clear()
        except CacheWriteSkipped:
            return None
