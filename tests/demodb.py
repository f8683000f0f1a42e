"""The demo (research.demo and cms.demo, as `make run` loads it), loaded for real once per code and
day and copied into each test class that reads it: a load takes about 15 s on SQLite and 30 s on
PostgreSQL, the copy of its rows one or two.

The first class to ask loads it inside its own transaction and saves every row of every table, and
every file it wrote, in `.cache/testdb/` (a file lock makes the other workers wait, then read it).
A class copying it empties each table and inserts the saved rows, in its own transaction as a load
would be (the foreign keys are checked at its end, where Django checks them); the database's full-
text indices follow through their triggers, PostgreSQL's sequences are moved past the copied ids,
and the caches of this process are emptied as the saves of a real load would have.

The copy is keyed by the migrated template (tests/testdb.py), the demo's day, the clock's day
and every file of the code the demo runs through: a change to any of them loads it for real
again. tests/test_demodb.py checks that a copy holds what a load writes."""

import datetime
import hashlib
import pickle
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from tests import testdb

CODE = ["research", "cms", "search", "portal", "templates"]


def roots():
    return {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}


def key(today):
    # the clock's day too: the load stamps what it writes with it (the suites run on pinned days)
    clock = timezone.localdate().isoformat()
    digest = hashlib.sha256(f"{testdb.key()}|{connection.vendor}|{today}|{clock}".encode())
    for folder in CODE:
        for path in sorted((testdb.ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(testdb.ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def saved(today):
    return testdb.CACHE / f"demo-{connection.vendor}-{key(today)}.pickle"


def load_demo(today=datetime.date(2026, 11, 26)):
    """The demo's records and site, as of `today`, in the current test database."""
    path = saved(today)
    with testdb.locked(f"demo-{connection.vendor}"):
        if not path.exists():
            save(path, load_for_real(today))
            return
    copy(pickle.loads(path.read_bytes()))


def load_for_real(today):
    from cms.demo import DemoSite
    from research.demo.loader import DemoLoader

    before = media_files()
    DemoLoader(today=today).load()
    DemoSite(today=today).load()
    return {"tables": read_tables(), "files": written(before)}


def save(path, snapshot):
    for old in testdb.CACHE.glob(f"demo-{connection.vendor}-*.pickle"):
        old.unlink()
    building = path.with_suffix(".building")
    building.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
    building.rename(path)


def tables():
    """Every table of the project's models but the migration history and SQLite's full-text
    tables (their triggers fill them from the tables they index)."""
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    skipped = {"django_migrations"}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            skipped |= {row[0] for row in cursor.fetchall()}
    return sorted(set(names) - skipped)


def read_tables():
    """{table: (columns, rows)}, the rows in a set order: SQLite's as tuples, PostgreSQL's as
    COPY's text (which writes every type back as it was: JSON, arrays, times)."""
    found = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables():
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "AND table_schema = current_schema() AND is_generated = 'NEVER' "
                    "ORDER BY ordinal_position",
                    [table],
                )
                names = [row[0] for row in cursor.fetchall()]
                columns = ", ".join(quote(name) for name in names)
                with cursor.copy(f"COPY {quote(table)} ({columns}) TO STDOUT") as copy:
                    lines = b"".join(bytes(data) for data in copy).splitlines(keepends=True)
                found[table] = (names, b"".join(sorted(lines)))  # a row per line, any order
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")
                names = [column[0] for column in cursor.description]
                found[table] = (names, sorted((tuple(row) for row in cursor.fetchall()), key=repr))
    return found


def media_files():
    """{(root, path): (size, mtime)} of the files under the media roots (the real mtimes: the
    tests' clock is pinned)."""
    found = {}
    for name, root in roots().items():
        for path in Path(root).rglob("*"):
            if path.is_file():
                status = path.stat()
                found[(name, str(path.relative_to(root)))] = (status.st_size, status.st_mtime_ns)
    return found


def written(before):
    return {
        (root, relative): (Path(roots()[root]) / relative).read_bytes()
        for (root, relative), status in media_files().items()
        if before.get((root, relative)) != status
    }


def stored(value):
    """A value read back from SQLite as Django's converters gave it, as SQLite stores it (Django
    adapts dates and datetimes itself, not times)."""
    return value.isoformat() if isinstance(value, datetime.time) else value


def copy(snapshot):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (names, rows) in snapshot["tables"].items():
            columns = ", ".join(quote(name) for name in names)
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                    copy.write(rows)
                continue
            values = ", ".join(["%s"] * len(names))
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({columns}) VALUES ({values})",
                [tuple(stored(value) for value in row) for row in rows],
            )
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND is_identity = 'YES'"
            )
            for table, column in cursor.fetchall():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f"COALESCE(MAX({quote(column)}), 0) + 1, false) FROM {quote(table)}",
                    [quote(table), column],
                )
    for (root, relative), content in snapshot["files"].items():
        target = Path(roots()[root]) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
