from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import documents
from search.models import SearchEntry


class Command(BaseCommand):
    help = "Report the public search: entries in the database and, when configured, Elasticsearch."

    def handle(self, *args, **options):
        self.stdout.write(
            _("Database: %(count)d entries.") % {"count": SearchEntry.objects.count()}
        )
        if not documents.enabled():
            self.stdout.write(_("Elasticsearch: not configured (ELASTICSEARCH_URL is empty)."))
            return
        try:
            report = documents.health()
        except documents.ELASTIC_ERRORS as error:
            raise CommandError(
                _("Elasticsearch unreachable: %(error)s") % {"error": error}
            ) from error
        cluster = report["cluster"]
        self.stdout.write(
            _("Elasticsearch: cluster “%(name)s”, status %(status)s, %(nodes)d node(s).")
            % {
                "name": cluster["cluster_name"],
                "status": cluster["status"],
                "nodes": cluster["number_of_nodes"],
            }
        )
        behind = False
        for row in report["indices"]:
            if row["index"] is None:
                self.stdout.write(
                    _("  %(alias)s: missing — run search_index --rebuild") % {"alias": row["alias"]}
                )
                behind = True
                continue
            in_step = row["documents"] == row["database"]
            behind |= not in_step
            self.stdout.write(
                _(
                    "  %(alias)s → %(index)s: %(documents)d documents, %(database)d in the database (%(state)s)"
                )
                % {**row, "state": _("in step") if in_step else _("BEHIND")}
            )
        if behind:
            raise CommandError(
                _("Elasticsearch is behind the database: run search_index --rebuild.")
            )
