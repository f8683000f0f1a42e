from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import documents, indexing
from search.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Report the public search: entries in the database, the backlog, and, when configured, "
        "Elasticsearch's aliases and orphan indices. Exits non-zero when Elasticsearch is "
        "unreachable or an alias is missing or behind."
    )

    def handle(self, *args, **options):
        self.stdout.write(
            _("Database: %(count)d entries.") % {"count": SearchEntry.objects.count()}
        )
        backlog = indexing.backlog()
        if backlog.size:
            self.stdout.write(
                _("Backlog: %(size)d pages waiting, the oldest for %(age)d s.")
                % {"size": backlog.size, "age": backlog.oldest_age}
            )
        else:
            self.stdout.write(_("Backlog: empty."))
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
        for orphan in report["orphans"]:
            self.stdout.write(
                _(
                    "  orphan index %(index)s (%(age)d s old, behind no alias): "
                    "search_index --cleanup removes it"
                )
                % orphan
            )
        if behind and backlog.size:
            raise CommandError(
                _(
                    "Elasticsearch is behind the database: %(size)d pages wait in the backlog "
                    "(search_index --drain, run every minute from cron, catches up)."
                )
                % {"size": backlog.size}
            )
        if behind:
            raise CommandError(
                _("Elasticsearch is behind the database: run search_index --rebuild.")
            )
