"""SQLite: an FTS5 table over the tokenised columns (title_folded, title_en_folded, text_folded,
facet_tokens), kept in step with `search_searchentry` by triggers (migrations 0002 and 0005).
Every token is quoted, so nothing a visitor types reaches FTS5's query syntax; chosen facets
are tokens of their own column, so the full-text index filters by them too."""

from contextlib import contextmanager

from django.db import connection

from search.models import facet_token

FTS = "search_entry_fts"
TITLES = "{title_folded title_en_folded}"
SCORE = f"bm25({FTS}, 5.0, 5.0, 1.0, 0.0)"  # titles ×5; lower is better


def phrase(tokens, prefix=False):
    return '"' + " ".join(tokens) + '"' + (" *" if prefix else "")


def expression(groups, filters):
    """Every group in the text (a group of several tokens as a phrase) and every chosen facet;
    None when nothing is asked (every entry)."""
    parts = []
    if groups:
        parts.append("text_folded : (" + " ".join(phrase(group) for group in groups) + ")")
    if filters:
        tokens = (phrase([facet_token(name, value)]) for name, value in sorted(filters.items()))
        parts.append("facet_tokens : (" + " ".join(tokens) + ")")
    return " AND ".join(parts) or None


class Sqlite:
    @contextmanager
    def rewriting(self):
        """Every entry rewritten inside the caller's transaction (a rebuild): the triggers are
        dropped meanwhile and the full-text index built from the entries in one pass at the
        end — 10× faster than a delete and an insert of the index per entry. Readers keep the
        old index until the commit; a failure rolls the triggers back with the rest."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'search_searchentry'"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')")
            for _name, sql in triggers:
                cursor.execute(sql)

    def rewritten(self):
        """Nothing left after a rebuild's commit: its full-text index was built in one pass."""

    def insert(self, columns, rows):
        """Insert new entries, `rows` being tuples of the `columns`' values."""
        names = ", ".join(f'"{column}"' for column in columns)
        values = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO search_searchentry ({names}) VALUES ({values})", rows)

    def selection(self, groups, filters, windows=()):
        """SQL selecting the `id` of every entry of the set (only those whose id lies in one of
        the `windows`, (low, high) pairs, when given), and its params."""
        match = expression(groups, filters)
        if match is None:
            sql, params = "SELECT page_id AS id FROM search_searchentry", []
            column = "page_id"
        else:
            sql, params = f"SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH %s", [match]
            column = "rowid"
        if not windows:
            return sql, params
        # one range per statement: FTS5 seeks to a rowid range, not to several
        joiner = " AND " if match else " WHERE "
        pieces = [f"{sql}{joiner}{column} BETWEEN %s AND %s" for _window in windows]
        return " UNION ALL ".join(pieces), [v for window in windows for v in (*params, *window)]

    def rows(self, columns, groups, filters, windows=()):
        """SQL selecting `columns` of `e` (search_searchentry) for the entries of the set."""
        select, params = self.selection(groups, filters, windows)
        return f"SELECT {columns} FROM search_searchentry e WHERE e.page_id IN ({select})", params

    def search_tiers(self, groups, filters):
        """(tier, FTS5 expression), best first, each holding the better ones: the whole query as
        a phrase in a title, as a phrase in the text, every match (no NOT: FTS5 would test each
        entry of the larger set)."""
        base, whole = expression(groups, filters), phrase([t for group in groups for t in group])
        return [
            (2, f"({TITLES} : {whole}) AND ({base})"),
            (1, f"(text_folded : {whole}) AND ({base})"),
            (0, base),
        ]

    def suggestion_tiers(self, tokens):
        """(tier, FTS5 expression), best first, each holding the better ones: titles starting
        with the typed tokens (the last one begun), titles holding them in sequence."""
        return [
            (1, f"{TITLES} : ^ {phrase(tokens, True)}"),
            (0, f"{TITLES} : {phrase(tokens, True)}"),
        ]

    def scored(self, tier, limit, score=True):
        """SQL selecting (id, tier, score) of at most `limit` entries of a tier, the most
        recently created pages first; the score is NULL unless asked for."""
        number, match = tier
        return (
            f"SELECT * FROM (SELECT rowid AS id, {number} AS tier, {SCORE if score else 'NULL'} "
            f"AS score FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT %s)",
            [match, limit],
        )

    def tier_selection(self, tier):
        """SQL selecting the `id` of a tier's entries."""
        _number, match = tier
        return f"SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH %s", [match]

    def membership(self, groups, filters):
        """A condition on `e` (search_searchentry) for entries of the set, probing the full-text
        index entry by entry (for walking an index in date order)."""
        match = expression(groups, filters)
        return f"EXISTS (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s AND rowid = e.page_id)", [match]

    def similar(self, probe, limit):
        """SQL selecting the ids of up to `limit` entries holding any of the probe's words or
        pairs, best first by bm25, and its params."""
        terms = [phrase([word]) for word in probe.words] + [phrase(pair) for pair in probe.pairs]
        match = f"({TITLES[:-1]} text_folded}} : ({' OR '.join(terms)}))"
        if probe.exclude_kinds:
            kinds = " OR ".join(
                phrase([facet_token("type", k)]) for k in sorted(probe.exclude_kinds)
            )
            match += f" NOT facet_tokens : ({kinds})"
        return (
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY {SCORE}, rowid DESC LIMIT %s",
            [match, limit],
        )
