"""manage.py backup → wipe → manage.py restore gives back every row and every file."""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase

from portal.operations import backup
from research.models import OutputFile, Topic
from tests.factories import OutputFactory, TopicFactory
from tests.files import PDF, image_bytes


def wipe():
    """What a disaster leaves: no tables, no files."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            while tables := connection.introspection.table_names(cursor):
                for table in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
    empty_media()


def empty_media():
    for setting in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        for path in sorted(Path(getattr(settings, setting)).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


class BackupRoundTripTests(TransactionTestCase):
    serialized_rollback = True  # earlier transactional tests may have flushed the migrations' rows

    def setUp(self):
        empty_media()  # what earlier tests stored
        self.topics = TopicFactory.create_batch(3)
        attachment = OutputFile(output=OutputFactory(topic=self.topics[0]), title="Toàn văn")
        attachment.file.save("toan-van.pdf", ContentFile(PDF), save=True)
        Path(settings.MEDIA_ROOT, "people").mkdir(parents=True, exist_ok=True)
        Path(settings.MEDIA_ROOT, "people", "hoa.png").write_bytes(image_bytes())
        self.folder = Path(tempfile.mkdtemp(prefix="portal-backups-"))

    def test_backup_wipe_restore_gives_back_every_row_and_file(self):
        before = backup.inventory()
        out = io.StringIO()
        call_command("backup", "--output", str(self.folder), stdout=out)
        archive = next(self.folder.glob("portal-backup-*.tar.gz"))
        self.assertIn(str(archive), out.getvalue())

        wipe()
        self.assertEqual(backup.inventory(), {"tables": {}, "files": {}})
        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)
        self.assertIn("mọi bảng và tệp đều khớp với bản sao lưu", out.getvalue())

        after = backup.inventory()
        self.assertEqual(after, before)
        self.assertEqual(after["tables"]["research_topic"], 3)
        self.assertEqual(
            set(after["files"]), {"media/people/hoa.png", f"private/{attachment_name()}"}
        )
        self.assertEqual(Topic.objects.count(), 3)
        self.assertEqual(OutputFile.objects.get().file.read(), PDF)

    def test_the_manifest_lists_every_table_and_file_with_checksums(self):
        path, manifest = backup.backup(self.folder)
        with tarfile.open(path) as archive:
            stored = json.load(archive.extractfile("manifest.json"))
            names = set(archive.getnames())
        self.assertEqual(stored["tables"], backup.inventory()["tables"])
        self.assertEqual(stored["files"], backup.inventory()["files"])
        self.assertEqual(names, {"manifest.json", manifest["database"]["file"], *stored["files"]})

    def test_restore_refuses_an_installation_that_is_not_empty(self):
        path, _manifest = backup.backup(self.folder)
        with self.assertRaisesMessage(CommandError, "restore only into an empty one"):
            call_command("restore", str(path))
        self.assertEqual(Topic.objects.count(), 3)

    def test_a_damaged_dump_is_refused_before_anything_is_restored(self):
        path, manifest = backup.backup(self.folder)
        damaged = self.folder / "damaged.tar.gz"
        with tarfile.open(path) as source, tarfile.open(damaged, "w:gz") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name == manifest["database"]["file"]:
                    data = data[:-10] + b"0123456789"
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        wipe()
        with self.assertRaisesMessage(CommandError, "damaged"):
            call_command("restore", str(damaged))
        self.assertEqual(connection.introspection.table_names(), [])
        call_command("restore", str(path), stdout=io.StringIO())  # the good one still restores

    def test_old_archives_are_pruned(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
            (self.folder / f"portal-backup-{stamp}.tar.gz").write_bytes(b"old")
        deleted = backup.prune(self.folder, keep=2)
        self.assertEqual([p.name for p in deleted], ["portal-backup-20260101-010000.tar.gz"])


def attachment_name():
    return OutputFile.objects.get().file.name
