"""One dated archive holds the database (pg_dump, or SQLite's online backup), the public media
and the private media, with a manifest: the row count of every table and the SHA-256 of every
file, taken from the same snapshot as the dump. A restore goes into an empty installation and
checks the result against the manifest, so a backup that does not restore is found at once.

Archive layout (tar.gz):  manifest.json · database.dump | database.sqlite3 · media/… · private/…
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
# Archive folder → the setting naming where those files live.
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files():
    """(archive name, path on disk) of every stored file, in a stable order."""
    for folder, setting in FOLDERS.items():
        root = Path(getattr(settings, setting))
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                yield f"{folder}/{path.relative_to(root).as_posix()}", path


def count_rows(cursor, tables, quote):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def live_tables():
    with connection.cursor() as cursor:
        return count_rows(
            cursor, connection.introspection.table_names(cursor), connection.ops.quote_name
        )


def inventory():
    """What the installation holds now: rows per table and a checksum per file."""
    return {
        "tables": live_tables(),
        "files": {name: sha256_of(path) for name, path in media_files()},
    }


# --- the database, per engine -------------------------------------------------------------


def postgres_env():
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    args += ["-U", db["USER"], "-d", db["NAME"]]
    return env, args


@contextmanager
def postgres_snapshot():
    """A repeatable-read transaction whose snapshot pg_dump shares: the counts and the dump see
    the same rows, even while the portal keeps writing."""
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = [row[0] for row in cursor.fetchall()]
            counts = count_rows(cursor, tables, connection.ops.quote_name)
            yield snapshot, counts
        raw.rollback()
    finally:
        raw.autocommit = previous


def dump_database(workdir):
    """(file name in the archive, its path, the row counts of the same snapshot)."""
    if connection.vendor == "postgresql":
        target = workdir / "database.dump"
        env, args = postgres_env()
        with postgres_snapshot() as (snapshot, counts):
            run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                    *args,
                ],
                env,
            )
        return target.name, target, counts
    if connection.vendor == "sqlite":
        target = workdir / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # SQLite's online backup: a consistent copy
            tables = [
                row[0]
                for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = count_rows(copy.cursor(), tables, connection.ops.quote_name)
        copy.close()
        return target.name, target, counts
    raise BackupError(f"No backup method for the {connection.vendor} database.")


def restore_database(name, path):
    if connection.vendor == "postgresql" and name == "database.dump":
        env, args = postgres_env()
        run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(path)],
            env,
        )
    elif connection.vendor == "sqlite" and name == "database.sqlite3":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise BackupError(f"The archive holds {name}; this installation runs {connection.vendor}.")
    connection.close()  # reconnect: the schema changed under this connection


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


# --- the archive -------------------------------------------------------------------------


def backup(directory):
    """Write portal-backup-<date>-<time>.tar.gz into `directory`; return its path and manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive_path = directory / f"portal-backup-{stamp}.tar.gz"
    partial = archive_path.with_suffix(".partial")
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as workdir:
        db_name, db_path, counts = dump_database(Path(workdir))
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": {
                "vendor": connection.vendor,
                "file": db_name,
                "sha256": sha256_of(db_path),
            },
            "tables": counts,
            "files": {},
        }
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(db_path, arcname=db_name)
            for name, path in media_files():
                manifest["files"][name] = sha256_of(path)
                archive.add(path, arcname=name)
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
    partial.rename(archive_path)  # a crash mid-way never leaves a plausible-looking archive
    return archive_path, manifest


def prune(directory, keep):
    """Delete all but the newest `keep` archives in `directory`; return the deleted paths."""
    archives = sorted(Path(directory).glob("portal-backup-*.tar.gz"))
    doomed = archives[:-keep] if keep else []
    for path in doomed:
        path.unlink()
    return doomed


def read_manifest(archive):
    member = archive.extractfile(MANIFEST) if MANIFEST in archive.getnames() else None
    if member is None:
        raise BackupError("The archive has no manifest: it is not a portal backup.")
    manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def ensure_empty():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The database already has {len(tables)} tables: restore only into an empty one "
            "(docs/deployment.md, the restore drill)."
        )
    for folder, setting in FOLDERS.items():
        root = Path(getattr(settings, setting))
        if root.is_dir() and any(root.iterdir()):
            raise BackupError(
                f"{root} is not empty: restore {folder} files only into an empty folder."
            )


def restore(archive_path):
    """Restore an archive into this empty installation; return the differences from its
    manifest ({} when rows and files are exactly what was backed up)."""
    ensure_empty()
    with (
        tempfile.TemporaryDirectory(prefix="portal-restore-") as workdir,
        tarfile.open(archive_path, "r:gz") as archive,
    ):
        manifest = read_manifest(archive)
        archive.extractall(workdir, filter="data")
        workdir = Path(workdir)
        db = manifest["database"]
        if sha256_of(workdir / db["file"]) != db["sha256"]:
            raise BackupError("The database dump in the archive is damaged (checksum differs).")
        restore_database(db["file"], workdir / db["file"])
        for folder, setting in FOLDERS.items():
            source, target = workdir / folder, Path(getattr(settings, setting))
            if source.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copytree(source, target, dirs_exist_ok=True)
    return differences(manifest, inventory())


def differences(manifest, found):
    """{what: (expected, found)} for every table count and file checksum that differs."""
    diff = {}
    for kind in ("tables", "files"):
        expected, actual = manifest[kind], found[kind]
        for key in sorted(set(expected) | set(actual)):
            if expected.get(key) != actual.get(key):
                diff[f"{kind}:{key}"] = (expected.get(key), actual.get(key))
    return diff
