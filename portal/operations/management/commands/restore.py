from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.operations import backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `backup` into an empty installation (empty database, empty media "
        "folders), then check every table's row count and every file's checksum against it."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A portal-backup-….tar.gz file.")

    def handle(self, *args, archive, **options):
        try:
            differences = backup.restore(archive)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if differences:
            for what, (expected, found) in differences.items():
                self.stderr.write(f"{what}: {expected} → {found}")
            raise CommandError(
                _("Restored, but %(count)d tables or files differ from the backup.")
                % {"count": len(differences)}
            )
        self.stdout.write(
            _("Restored %(archive)s: every table and file matches the backup.")
            % {"archive": archive}
        )
