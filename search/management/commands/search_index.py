import gc

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from search import documents, indexing

CLEANUP_GRACE = 3600  # seconds: a younger unaliased index may belong to a rebuild still running


class Command(BaseCommand):
    help = (
        "Maintain the public search index: --rebuild it from the published pages (never drafts), "
        "--drain the backlog of pages changed since (run it every minute from cron), or "
        "--cleanup the Elasticsearch indices no alias points to."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild the whole index.")
        parser.add_argument(
            "--drain",
            action="store_true",
            help="Bring the pages waiting in the backlog up to date.",
        )
        parser.add_argument(
            "--cleanup", action="store_true", help="Delete orphan Elasticsearch indices."
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=CLEANUP_GRACE,
            help="With --cleanup: only indices at least this many seconds old (default 3600).",
        )

    def handle(self, *args, **options):
        if not (options["rebuild"] or options["drain"] or options["cleanup"]):
            self.stderr.write(_("Nothing to do: pass --rebuild, --drain or --cleanup."))
            return
        if options["rebuild"]:
            self.rebuild()
        if options["drain"]:
            drained = indexing.drain()
            self.stdout.write(
                _("Backlog: %(done)d pages brought up to date, %(left)d still waiting.")
                % {"done": drained.done, "left": drained.left}
            )
        if options["cleanup"]:
            self.cleanup(options["older_than"])

    def rebuild(self):
        # what this process holds (about 300,000 objects) out of the garbage collector's sight
        # while it rebuilds: its full collections then scan only the rows in flight, as in
        # bench_search's timed rebuilds (docs/performance.md, tenth pass)
        gc.collect()
        gc.freeze()
        try:
            self.rebuild_indices()
        finally:
            gc.unfreeze()

    def rebuild_indices(self):
        started = timezone.now()
        done = indexing.rebuild(progress=self.progress)
        self.stdout.write(
            "\n" + _("Database: %(count)d published pages indexed.") % {"count": done}
        )
        if documents.enabled():
            try:
                done = documents.rebuild(progress=self.progress)
            except documents.ELASTIC_ERRORS as error:
                raise CommandError(
                    _("Elasticsearch rebuild failed (its new indices were removed): %(error)s")
                    % {"error": error}
                ) from error
            self.stdout.write(
                "\n"
                + _("Elasticsearch: %(count)d documents indexed, aliases switched.")
                % {"count": done}
            )
        indexing.forget_done(started)

    def cleanup(self, older_than):
        if not documents.enabled():
            self.stdout.write(_("Elasticsearch: not configured (ELASTICSEARCH_URL is empty)."))
            return
        removed = documents.cleanup(older_than)
        for name in removed:
            self.stdout.write(_("Removed the orphan index %(index)s.") % {"index": name})
        if not removed:
            self.stdout.write(_("No orphan index to remove."))

    def progress(self, done, total, width=40):
        filled = width * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
