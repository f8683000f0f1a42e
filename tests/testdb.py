"""One migrated database per migration history, copied for each test database instead of migrating
each one (the 255 migrations of the project and Wagtail take about 40 s of one core; a run of
the suite used to migrate four times: each pytest-xdist worker, and the harvest test's peer).

The template is built once by `manage.py migrate` under the tests' settings and kept while the
migrations, Django and the installed packages stay the same (`key()`): a SQLite file in
`.cache/testdb/`, or a PostgreSQL database `<name>_tpl_<key>` beside the real one. A file lock
makes the first process build it while the others wait. Each test database is then a copy (SQLite's
backup API; PostgreSQL's `CREATE DATABASE … TEMPLATE`), on which pytest-django's own `migrate`
finds nothing to do. docs/performance.md ("CI") measures it."""

import fcntl
import hashlib
import importlib.metadata
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connections

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "testdb"


def key():
    """What the migrated database depends on: every migration file and every installed package."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


@contextmanager
def locked(vendor):
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{vendor}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def migrate(database_url):
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"the template database could not be migrated:\n{done.stderr[-3000:]}")


def sqlite_template():
    """The migrated SQLite file of this migration history (built here if missing)."""
    path = CACHE / f"{key()}.sqlite3"
    with locked("sqlite"):
        if not path.exists():
            building = path.with_suffix(".building")
            for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
                stale.unlink(missing_ok=True)
            migrate(f"sqlite:///{building}")
            copy_sqlite(building, path)
            building.unlink()
            for old in CACHE.glob("*.sqlite3"):
                if old != path:
                    old.unlink()
    return path


def copy_sqlite(source, target):
    """A consistent copy of a SQLite database, whatever its journal holds (a journal left beside
    the target by an earlier database there is removed with it)."""
    for stale in (Path(target), Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def postgresql_template(connection):
    """The name of the migrated PostgreSQL database of this history (built here if missing)."""
    prefix = f"{connection.settings_dict['NAME']}_tpl_"
    name = f"{prefix}{key()}"
    with locked("postgresql"), connection._nodb_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        existing = {row[0] for row in cursor.fetchall() if row[0].startswith(prefix)}
        if name not in existing:
            building = f"{name}_building"
            cursor.execute(f'DROP DATABASE IF EXISTS "{building}"')
            cursor.execute(f'CREATE DATABASE "{building}"')
            url = urlsplit(os.environ["DATABASE_URL"])
            migrate(urlunsplit(url._replace(path=f"/{building}")))
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        for old in existing - {name}:
            cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
    return name


def clone_for_tests():
    """Make each test database a copy of the template; pytest-django then keeps it (keepdb)."""
    connection = connections["default"]
    test_name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        copy_sqlite(sqlite_template(), test_name)
    elif connection.vendor == "postgresql":
        template = postgresql_template(connection)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
            cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
    else:
        return False
    return True


def copy_to(database_url):
    """Make the database of `database_url` (emptied first) a copy of the template of
    DATABASE_URL's database: a stack's (.ci/stack, STACK_TEMPLATE_URL) or Lighthouse's (.ci/run)."""
    default = connections["default"]
    if default.vendor == "sqlite":
        copy_sqlite(sqlite_template(), database_url.removeprefix("sqlite:///"))
        return
    name = urlsplit(database_url).path.lstrip("/")
    template = postgresql_template(default)
    with default._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


if __name__ == "__main__":
    # `python -m tests.testdb`: the template of DATABASE_URL's database built ahead of the suite
    # (.ci/run builds PostgreSQL's while the SQLite suite runs); with `--copy-to <url>`, that
    # database made a copy of it.
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    default = connections["default"]
    if sys.argv[1:2] == ["--copy-to"]:
        copy_to(sys.argv[2])
    else:
        print(sqlite_template() if default.vendor == "sqlite" else postgresql_template(default))
