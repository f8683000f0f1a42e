import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.operations import backup


class Command(BaseCommand):
    help = (
        "Back up the database, media and private media into one dated archive with a checksum "
        "manifest (docs/deployment.md). Safe to run from cron while the portal serves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=settings.BACKUP_DIR, help="Folder of the archives.")
        parser.add_argument(
            "--keep", type=int, default=0, help="Then delete all but the newest N archives there."
        )
        parser.add_argument(
            "--inventory",
            action="store_true",
            help="Only print the row count of every table and the checksum of every file (JSON).",
        )

    def handle(self, *args, **options):
        if options["inventory"]:
            self.stdout.write(json.dumps(backup.inventory(), indent=1, sort_keys=True))
            return
        try:
            path, manifest = backup.backup(options["output"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backup written: %(path)s (%(tables)d tables, %(rows)d rows, %(files)d files).")
            % {
                "path": path,
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": len(manifest["files"]),
            }
        )
        for old in backup.prune(options["output"], options["keep"]):
            self.stdout.write(_("Deleted the old archive %(path)s.") % {"path": old})
