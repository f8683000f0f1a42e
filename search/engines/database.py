"""The embedded engine: full-text search on the database over folded text — SQLite FTS5 (the
table and its triggers are made by migration 0002) or PostgreSQL's tsvector with a GIN index."""

from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Q
from django.db.models.expressions import RawSQL

from search.engines import SearchResults
from search.models import SearchEntry

PG_VECTOR = "to_tsvector('simple', search_searchentry.text_folded)"
PG_QUERY = "to_tsquery('simple', %s)"
SQLITE_MATCHES = "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s"
# bm25 with the title ×5; lower is better
SQLITE_RANKED = (
    "SELECT rowid, bm25(search_entry_fts, 5.0, 1.0) AS rank FROM search_entry_fts "
    "WHERE search_entry_fts MATCH %s"
)
TEXT_FACETS = {"type", "level", "kind"}
# facet → (entry field, label field or None)
FACET_FIELDS = {
    "type": ("kind", None),
    "level": ("level", None),
    "kind": ("output_kind", None),
    "year": ("year", None),
    "unit": ("unit", "unit__name"),
    "field": ("field", "field__name"),
    "body": ("ordering_body", "ordering_body__name"),
}


class DatabaseEngine:
    name = "database"

    def matching(self, words, prefix=False):
        """Entries containing every word (the last one as a prefix when `prefix`)."""
        entries = SearchEntry.objects.all()
        if not words:
            return entries
        query = self.text_query(words, prefix)
        if connection.vendor == "postgresql":
            return entries.filter(RawSQL(f"{PG_VECTOR} @@ {PG_QUERY}", [query], BooleanField()))
        return entries.filter(id__in=RawSQL(SQLITE_MATCHES, [query]))

    @staticmethod
    def text_query(words, prefix=False):
        if connection.vendor == "postgresql":
            return " & ".join(words) + (":*" if prefix else "")
        return " ".join(f'"{word}"' for word in words) + ("*" if prefix else "")

    def search(self, request):
        found = self.matching(request.words)
        facets = {}
        for name, (path, label_path) in FACET_FIELDS.items():
            others = found.filter(self.conditions(request.filters, skip=name))
            columns = [path, label_path] if label_path else [path]
            present = ~Q(**{path: ""}) if name in TEXT_FACETS else Q(**{f"{path}__isnull": False})
            rows = (
                others.filter(present)
                .values_list(*columns)
                .annotate(n=Count("pk"))
                .order_by(*([f"-{path}"] if name == "year" else columns))
            )
            facets[name] = [(row[0], row[1] if label_path else None, row[-1]) for row in rows]
        selected = found.filter(self.conditions(request.filters))
        total = selected.count()
        start = (request.page - 1) * request.page_size
        if start >= total:
            return SearchResults(hits=[], total=total, facets=facets)
        ids = self.ranked_ids(request, selected, start)
        found = SearchEntry.objects.in_bulk(ids)
        return SearchResults(hits=[found[pk] for pk in ids], total=total, facets=facets)

    def ranked_ids(self, request, selected, start):
        """The ids of one page of `selected`, best first: by relevance (then date) or by date."""
        by_date = [F("date").desc(nulls_last=True), "pk"]
        window = slice(start, start + request.page_size)
        if not request.words or request.sort == "date":
            return list(selected.order_by(*by_date).values_list("pk", flat=True)[window])
        query = self.text_query(request.words)
        if connection.vendor == "postgresql":
            rank = RawSQL(f"ts_rank({PG_VECTOR}, {PG_QUERY})", [query], FloatField())
            ranked = selected.annotate(rank=rank).order_by(F("rank").desc(), *by_date)
            return list(ranked.values_list("pk", flat=True)[window])
        # FTS5's bm25() is only known inside the MATCH query: join its ranked rows once.
        filtered, params = selected.values("id", "date").query.sql_with_params()
        sql = (
            f"SELECT e.id FROM ({filtered}) e JOIN ({SQLITE_RANKED}) f ON f.rowid = e.id "
            "ORDER BY f.rank, e.date DESC, e.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, query, request.page_size, start])
            return [row[0] for row in cursor.fetchall()]

    def suggest(self, words, limit=8):
        """Titles of entries whose words start with what was typed (the last word a prefix)."""
        if not words:
            return []
        found = self.matching(words, prefix=True).order_by("title_folded")
        return list(found.values_list("title", flat=True)[:limit])

    @staticmethod
    def conditions(filters, skip=None):
        condition = Q()
        for name, value in filters.items():
            if name != skip and value not in (None, ""):
                condition &= Q(**{FACET_FIELDS[name][0]: value})
        return condition
