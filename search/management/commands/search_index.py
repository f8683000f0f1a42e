from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the public search index from the published pages (never drafts)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild the whole index.")

    def handle(self, *args, **options):
        if not options["rebuild"]:
            self.stderr.write("Nothing to do: pass --rebuild.")
            return
        done = rebuild(progress=self.progress)
        self.stdout.write(f"\nIndexed {done} published pages.")

    def progress(self, done, total, width=40):
        filled = width * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
