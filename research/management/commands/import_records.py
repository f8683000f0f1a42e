"""Import a spreadsheet of past records from the command line, as the admin's import does: the
initial migration of a school's archive. With --dry-run it only shows what would change."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from research.core.names import name_key
from research.imports.batches import start_batch
from research.imports.engine import ImportRefused, Status, apply_batch, build_preview
from research.imports.models import ImportKind
from research.imports.workbook import FileRefused

LABELS = {
    Status.NEW: "mới",
    Status.UPDATE: "cập nhật",
    Status.UNCHANGED: "không đổi",
    Status.ERROR: "lỗi",
    Status.CHOOSE: "cần chọn",
}


class Command(BaseCommand):
    help = "Import units, people, topics, outputs, events, bulletin issues or fieldwork from .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=ImportKind.values)
        parser.add_argument("--dry-run", action="store_true", help="Preview only; write nothing.")
        parser.add_argument("--user", help="Username recorded in the audit log.")
        parser.add_argument(
            "--choose",
            action="append",
            default=[],
            metavar="NAME=ID",
            help="For a name that matches several people: the id of the one meant, or “new”.",
        )

    def handle(self, *args, file, kind, dry_run, user, choose, **options):
        choices = {}
        for item in choose:
            name, _sep, value = item.rpartition("=")
            if not name:
                raise CommandError(f"--choose takes NAME=ID, not {item!r}")
            choices[name_key(name)] = value
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user {user!r}.")
        try:
            with open(file, "rb") as handle:
                if dry_run:
                    preview = build_preview(kind, handle, choices)
                else:
                    batch, preview = start_batch(
                        kind, handle, user=account, file_name=file, choices=choices
                    )
        except FileRefused as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        for result in preview.results:
            if result.status in (Status.ERROR, Status.CHOOSE):
                self.stdout.write(
                    f"{_('Row')} {result.number}: {LABELS[result.status]} — {result.reason}"
                )
        for ambiguity in preview.ambiguities:
            candidates = "; ".join(
                f"{p.pk}: {p.display_name} ({p.unit or p.affiliation or p.get_kind_display()})"
                for p in ambiguity.candidates
                if p.pk
            )
            self.stdout.write(f'--choose "{ambiguity.written}=…" — {candidates}')
        counts = preview.counts
        self.stdout.write(", ".join(f"{LABELS[s]}: {n}" for s, n in counts.items()))
        if dry_run:
            return
        if preview.blocked:
            batch.file.delete(save=False)
            batch.delete()
            raise CommandError(
                _("Some rows still have errors or names to choose: nothing was imported.")
            )
        try:
            apply_batch(batch, user=account, choices=choices)
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Imported {batch.file_name}."))
