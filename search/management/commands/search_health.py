from django.core.management.base import BaseCommand, CommandError

from search import documents
from search.models import SearchEntry


class Command(BaseCommand):
    help = "Report the public search: entries in the database and, when configured, Elasticsearch."

    def handle(self, *args, **options):
        self.stdout.write(f"Database: {SearchEntry.objects.count()} entries.")
        if not documents.enabled():
            self.stdout.write("Elasticsearch: not configured (ELASTICSEARCH_URL is empty).")
            return
        try:
            report = documents.health()
        except documents.ELASTIC_ERRORS as error:
            raise CommandError(f"Elasticsearch unreachable: {error}") from error
        cluster = report["cluster"]
        self.stdout.write(
            f"Elasticsearch: cluster “{cluster['cluster_name']}”, status {cluster['status']}, "
            f"{cluster['number_of_nodes']} node(s)."
        )
        behind = False
        for row in report["indices"]:
            if row["index"] is None:
                self.stdout.write(f"  {row['alias']}: missing — run search_index --rebuild")
                behind = True
                continue
            state = "in step" if row["documents"] == row["database"] else "BEHIND"
            behind |= state == "BEHIND"
            self.stdout.write(
                f"  {row['alias']} → {row['index']}: {row['documents']} documents, "
                f"{row['database']} in the database ({state})"
            )
        if behind:
            raise CommandError("Elasticsearch is behind the database: run search_index --rebuild.")
