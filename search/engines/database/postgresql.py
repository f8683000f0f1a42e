"""PostgreSQL: stored tsvectors of the tokenised text, titles and facet tokens, each with a GIN
index (migration 0005; the 'simple' configuration: the text is already folded and tokenised in
Python). Tokens are letters and digits only, so nothing a visitor types reaches the tsquery
syntax.

The GIN indices find the entries holding every word; a phrase is then checked on the stored
token stream itself (" nghien cuu " inside " … nghien cuu … "), which is what a phrase is once
the text is tokenised — cheaper than a tsvector phrase check, which reads each entry's whole
vector, and planned better: PostgreSQL estimates the words well and walks the newest entries
first when they are many."""

from contextlib import nullcontext

from django.db import connection

from search.models import facet_token

SCORE = (
    "-(5 * ts_rank(e.title_vector, to_tsquery('simple', %s)) "
    "+ ts_rank(e.text_vector, to_tsquery('simple', %s)))"
)  # titles ×5; lower (more negative) is better


def holds(column, tokens):
    """`column` (a space-separated token stream) holds `tokens` in sequence."""
    return f"strpos(' ' || e.{column} || ' ', %s) > 0", [f" {' '.join(tokens)} "]


def condition(groups, filters):
    """A condition on `e` (search_searchentry) for the entries holding every group (a group of
    several tokens as a phrase) and every chosen facet, and its params."""
    parts, params = ["TRUE"], []
    # the facets first: PostgreSQL tests conditions of equal cost in the order written, and the
    # facet vector is a few tokens where the text vector is large, often compressed out of line
    if filters:
        parts.append("e.facet_vector @@ to_tsquery('simple', %s)")
        params.append(
            " & ".join(facet_token(name, value) for name, value in sorted(filters.items()))
        )
    if groups:
        parts.append("e.text_vector @@ to_tsquery('simple', %s)")
        params.append(" & ".join(token for group in groups for token in group))
        for group in groups:
            if len(group) > 1:
                sql, sql_params = holds("text_folded", group)
                parts.append(sql)
                params += sql_params
    return " AND ".join(parts), params


class Postgresql:
    def rewriting(self):
        """Every entry rewritten (a rebuild): the stored tsvector and its index follow each row,
        and dropping the index meanwhile would lock the searches out until the commit."""
        return nullcontext()

    def rewritten(self):
        """After a rebuild's commit: the old entries' space reclaimed and the planner's statistics
        taken of the new ones, now (2–3 s for 110,000 entries) rather than by autovacuum a minute
        later under the searches and the Elasticsearch rebuild that follow — whose reads
        otherwise step over every old entry and mark each new one seen. VACUUM cannot run in a
        caller's transaction: then autovacuum does it."""
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE) search_searchentry")

    def insert(self, columns, rows):
        """Insert new entries, `rows` being tuples of the `columns`' values: one COPY, about
        twice as fast as an INSERT per row."""
        names = ", ".join(f'"{column}"' for column in columns)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY search_searchentry ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def selection(self, groups, filters, windows=()):
        """SQL selecting the `id` of every entry of the set (only those whose id lies in one of
        the `windows`, (low, high) pairs, when given), and its params."""
        where, params = condition(groups, filters)
        if windows:
            where += " AND (" + " OR ".join("e.page_id BETWEEN %s AND %s" for _w in windows) + ")"
            params = [*params, *(value for window in windows for value in window)]
        return f"SELECT e.page_id AS id FROM search_searchentry e WHERE {where}", params

    def rows(self, columns, groups, filters, windows=()):
        """SQL selecting `columns` of `e` (search_searchentry) for the entries of the set."""
        select, params = self.selection(groups, filters, windows)
        return select.replace("SELECT e.page_id AS id FROM", f"SELECT {columns} FROM", 1), params

    def search_tiers(self, groups, filters):
        """(tier, condition, params, ranking query), best first, each holding the better ones:
        the whole query as a phrase in a title, as a phrase in the text, every match."""
        base, params = condition(groups, filters)
        whole = [token for group in groups for token in group]
        ranked_by = " & ".join(whole)
        in_title, title_params = holds("title_folded", whole)
        in_title_en, title_en_params = holds("title_en_folded", whole)
        in_text, text_params = holds("text_folded", whole)
        return [
            (
                2,
                f"{base} AND ({in_title} OR {in_title_en})",
                [*params, *title_params, *title_en_params],
                ranked_by,
            ),
            (1, f"{base} AND {in_text}", [*params, *text_params], ranked_by),
            (0, base, params, ranked_by),
        ]

    def suggestion_tiers(self, tokens):
        """(tier, condition, params, ranking query), best first, each holding the better ones:
        titles starting with the typed tokens (the last one begun), titles holding them in
        sequence."""
        typed = " ".join(tokens)
        words = " & ".join(tokens) + ":*"
        found = "e.title_vector @@ to_tsquery('simple', %s)"
        starts = "(e.title_folded LIKE %s OR e.title_en_folded LIKE %s)"
        inside = "((' ' || e.title_folded) LIKE %s OR (' ' || e.title_en_folded) LIKE %s)"
        return [
            (1, starts, [f"{typed}%", f"{typed}%"], None),
            (0, f"{found} AND {inside}", [words, f"% {typed}%", f"% {typed}%"], None),
        ]

    def scored(self, tier, limit, score=True):
        """SQL selecting (id, tier, score) of at most `limit` entries of a tier, the most
        recently created pages first; the score is NULL unless asked for."""
        number, where, params, ranked_by = tier
        if score:
            return (
                f"(SELECT e.page_id AS id, {number} AS tier, {SCORE} AS score "
                f"FROM search_searchentry e WHERE {where} ORDER BY e.page_id DESC LIMIT %s)",
                [ranked_by, ranked_by, *params, limit],
            )
        return (
            f"(SELECT e.page_id AS id, {number} AS tier, NULL::real AS score "
            f"FROM search_searchentry e WHERE {where} ORDER BY e.page_id DESC LIMIT %s)",
            [*params, limit],
        )

    def tier_selection(self, tier):
        _number, where, params, _ranked_by = tier
        return f"SELECT e.page_id AS id FROM search_searchentry e WHERE {where}", params

    def membership(self, groups, filters):
        return condition(groups, filters)

    def similar(self, probe, limit):
        """SQL selecting the ids of up to `limit` entries holding any of the probe's words or
        pairs, best first by ts_rank (titles ×5), and its params."""
        terms = [*probe.words, *(f"({a} <-> {b})" for a, b in probe.pairs)]
        query = " | ".join(terms)
        return (
            f"SELECT e.page_id FROM search_searchentry e WHERE e.text_vector @@ "
            f"to_tsquery('simple', %s) AND NOT (e.kind = ANY(%s)) ORDER BY {SCORE}, "
            "e.page_id DESC LIMIT %s",
            [query, sorted(probe.exclude_kinds), query, query, limit],
        )
