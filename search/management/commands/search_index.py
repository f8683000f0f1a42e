from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search import documents, indexing


class Command(BaseCommand):
    help = (
        "Rebuild the public search index from the published pages (never drafts): the database "
        "entries, then, when ELASTICSEARCH_URL is set, new Elasticsearch indices behind the aliases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild the whole index.")

    def handle(self, *args, **options):
        if not options["rebuild"]:
            self.stderr.write(_("Nothing to do: pass --rebuild."))
            return
        done = indexing.rebuild(progress=self.progress)
        self.stdout.write(
            "\n" + _("Database: %(count)d published pages indexed.") % {"count": done}
        )
        if documents.enabled():
            done = documents.rebuild(progress=self.progress)
            self.stdout.write(
                "\n"
                + _("Elasticsearch: %(count)d documents indexed, aliases switched.")
                % {"count": done}
            )

    def progress(self, done, total, width=40):
        filled = width * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
