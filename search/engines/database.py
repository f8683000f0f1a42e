"""The embedded engine: full-text search on the database over folded text — SQLite FTS5 (the
table and its triggers are made by migration 0002) or PostgreSQL's tsvector with a GIN index."""

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from search.engines import SearchResults
from search.models import SearchEntry

PG_VECTOR = "search_searchentry.text_vector"  # stored, indexed (migration 0003)
PG_QUERY = "to_tsquery('simple', %s)"
SQLITE_MATCHES = "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s"
# bm25 with the title ×5; lower is better
SQLITE_RANKED = (
    "SELECT rowid, bm25(search_entry_fts, 5.0, 1.0) AS rank FROM search_entry_fts "
    "WHERE search_entry_fts MATCH %s"
)
# facet → (column of search_searchentry, table naming its values or None)
FACETS = {
    "type": ("kind", None),
    "level": ("level", None),
    "kind": ("output_kind", None),
    "year": ("year", None),
    "unit": ("unit_id", "research_unit"),
    "field": ("field_id", "research_researchfield"),
    "body": ("ordering_body_id", "research_orderingbody"),
}
TEXT_FACETS = {"type", "level", "kind"}
COLUMNS = ", ".join(["id", *(column for column, _table in FACETS.values())])


def filter_sql(filters, skip=None, table="search_searchentry"):
    """The chosen facet values (all but `skip`) as an SQL condition and its params."""
    parts, params = ["1 = 1"], []
    for name, value in filters.items():
        if name != skip:
            parts.append(f"{table}.{FACETS[name][0]} = %s")
            params.append(value)
    return " AND ".join(parts), params


def facet_statement(match, filters):
    """One statement: the matches materialised once, then each facet's counts under the other
    choices, and the total under all of them (facet, value, label, count)."""
    branches, params = [], []
    for name, (column, table) in FACETS.items():
        where, where_params = filter_sql(filters, skip=name, table="e")
        present = f"e.{column} <> ''" if name in TEXT_FACETS else f"e.{column} IS NOT NULL"
        label = "t.name" if table else "NULL"
        join = f"JOIN {table} t ON t.id = e.{column}" if table else ""
        branches.append(
            f"SELECT '{name}', CAST(e.{column} AS TEXT), {label}, COUNT(*) FROM e {join} "
            f"WHERE {present} AND {where} GROUP BY e.{column}{', t.name' if table else ''}"
        )
        params += where_params
    where, where_params = filter_sql(filters, table="e")
    branches.append(f"SELECT 'total', NULL, NULL, COUNT(*) FROM e WHERE {where}")
    statement = (
        f"WITH e AS MATERIALIZED (SELECT {COLUMNS} FROM search_searchentry WHERE {match}) "
        + " UNION ALL ".join(branches)
    )
    return statement, [*params, *where_params]


def read_facets(rows):
    """{facet: [(value, label, count)]}: years newest first, named values by name."""
    facets = {name: [] for name in FACETS}
    for facet, value, label, count in rows:
        if facet in facets:
            facets[facet].append((value if facet in TEXT_FACETS else int(value), label, count))
    for name, options in facets.items():
        if name == "year":
            options.sort(key=lambda option: -option[0])
        else:
            options.sort(key=lambda option: (option[1] or "", option[0]))
    return facets


class DatabaseEngine:
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
        """Facets and total in one statement over the matches (materialised once), then one
        page of ids in rank order, then their rows: three queries whatever the data."""
        match, match_params = self.match_sql(request.words)
        statement, params = facet_statement(match, request.filters)
        with connection.cursor() as cursor:
            cursor.execute(statement, [*match_params, *params])
            rows = cursor.fetchall()
        total = next(n for facet, _value, _label, n in rows if facet == "total")
        facets = read_facets(rows)
        start = (request.page - 1) * request.page_size
        if start >= total:
            return SearchResults(hits=[], total=total, facets=facets)
        ids = self.ranked_ids(request, start)
        found = SearchEntry.objects.in_bulk(ids)
        return SearchResults(hits=[found[pk] for pk in ids], total=total, facets=facets)

    def match_sql(self, words):
        """A condition on `search_searchentry` for entries holding every word, and its params."""
        if not words:
            return "1 = 1", []
        query = self.text_query(words)
        if connection.vendor == "postgresql":
            return f"{PG_VECTOR} @@ {PG_QUERY}", [query]
        return f"search_searchentry.id IN ({SQLITE_MATCHES})", [query]

    def ranked_ids(self, request, start):
        """The ids of one page, best first: by relevance (then date) or by date."""
        where, params = filter_sql(request.filters)
        match, match_params = self.match_sql(request.words)
        by_date = "search_searchentry.date DESC NULLS LAST, search_searchentry.id"
        if not request.words or request.sort == "date":
            sql = f"SELECT id FROM search_searchentry WHERE {match} AND {where} ORDER BY {by_date}"
            params = [*match_params, *params]
        elif connection.vendor == "postgresql":
            sql = (
                f"SELECT id FROM search_searchentry WHERE {match} AND {where} "
                f"ORDER BY ts_rank({PG_VECTOR}, {PG_QUERY}) DESC, {by_date}"
            )
            params = [*match_params, *params, self.text_query(request.words)]
        else:
            # FTS5's bm25() is only known inside the MATCH query: join its ranked rows once.
            sql = (
                f"SELECT id FROM search_searchentry JOIN ({SQLITE_RANKED}) f "
                f"ON f.rowid = search_searchentry.id WHERE {where} ORDER BY f.rank, {by_date}"
            )
            params = [self.text_query(request.words), *params]
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, request.page_size, start])
            return [row[0] for row in cursor.fetchall()]

    def suggest(self, words, limit=8):
        """Titles of entries whose words start with what was typed (the last word a prefix)."""
        if not words:
            return []
        found = self.matching(words, prefix=True).order_by("title_folded")
        return list(found.values_list("title", flat=True)[:limit])
