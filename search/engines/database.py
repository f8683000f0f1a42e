"""The embedded engine: full-text search on the database over folded text — SQLite FTS5 (the
table and its triggers are made by migration 0002) or PostgreSQL's tsvector with a GIN index."""

from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Q
from django.db.models.expressions import RawSQL

from search.engines import SearchResults
from search.models import SearchEntry

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
        """Entries containing every word (the last one as a prefix when `prefix`), with a rank
        where lower is better."""
        entries = SearchEntry.objects.all()
        if not words:
            return entries.annotate(rank=RawSQL("0", [], output_field=FloatField()))
        if connection.vendor == "postgresql":
            query = " & ".join(words) + (":*" if prefix else "")
            vector = "to_tsvector('simple', search_searchentry.text_folded)"
            return entries.filter(
                RawSQL(f"{vector} @@ to_tsquery('simple', %s)", [query], BooleanField())
            ).annotate(
                rank=RawSQL(f"-ts_rank({vector}, to_tsquery('simple', %s))", [query], FloatField())
            )
        query = " ".join(f'"{word}"' for word in words) + ("*" if prefix else "")
        matches = "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s"
        return entries.filter(id__in=RawSQL(matches, [query])).annotate(
            rank=RawSQL(
                "(SELECT bm25(search_entry_fts, 5.0, 1.0) FROM search_entry_fts "
                "WHERE search_entry_fts MATCH %s AND rowid = search_searchentry.id)",
                [query],
                FloatField(),
            )
        )

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
        if request.sort == "date":
            selected = selected.order_by(F("date").desc(nulls_last=True), "rank", "pk")
        else:
            selected = selected.order_by("rank", F("date").desc(nulls_last=True), "pk")
        total = selected.count()
        start = (request.page - 1) * request.page_size
        hits = list(selected[start : start + request.page_size]) if start < total else []
        return SearchResults(hits=hits, total=total, facets=facets)

    @staticmethod
    def conditions(filters, skip=None):
        condition = Q()
        for name, value in filters.items():
            if name != skip and value not in (None, ""):
                condition &= Q(**{FACET_FIELDS[name][0]: value})
        return condition

    def suggest(self, words, limit=8):
        """Titles of entries whose words start with what was typed (the last word a prefix)."""
        if not words:
            return []
        found = self.matching(words, prefix=True).order_by("rank", "title")
        return list(found.values_list("title", flat=True)[:limit])
