"""The embedded engine: full-text search on the database over the tokenised text — SQLite FTS5
(search/engines/database/sqlite.py) or PostgreSQL tsvectors (postgresql.py).

Four statements whatever the data, each bounded in work however many entries match:

1. counts, each with a LIMIT: the matches and the set each chosen facet counts over (exact up to
   SEARCH_EXACT_COUNT; those sets hold the matches, so they are not counted once the matches
   pass it), and the first ranking tiers (up to the page's end);
2. the facets: counted exactly over a set of at most SEARCH_EXACT_COUNT entries; over a larger
   set, counted in evenly spread ranges of page ids holding about that many entries and scaled
   up (`facets_estimated`; so is the total, `total_exact` False) — the words' matches in those
   ranges read once, each set being those holding its choices;
3. one page of ids in rank order: by tier (the query as a phrase in a title, in the text, the
   rest); within a tier by relevance among its SEARCH_RANK_CANDIDATES most recently indexed
   entries (the rebuild writes them oldest first, so in practice the newest), then the rest of
   the tier, most recently indexed first; or by date;
4. the rows of that page.

Statements 1 and 2 are kept (cms.pagecache.kept) for the same words, choices and page until a
change, as Elasticsearch's request cache keeps its counts."""

import math

from django.conf import settings
from django.db import connection

from cms import pagecache
from search.engines import SUGGESTIONS, SearchResults
from search.engines.database.postgresql import Postgresql
from search.engines.database.sqlite import Sqlite
from search.models import FACET_COLUMNS, SearchEntry

LABEL_TABLES = {
    "unit": "research_unit",
    "field": "research_researchfield",
    "body": "research_orderingbody",
    "school": "search_peerrepository",
}
TEXT_FACETS = {"type", "level", "kind"}
WINDOWS = 32  # id ranges of a sample
SUGGESTION_CANDIDATES = 200
BY_DATE = "e.date DESC NULLS LAST, e.page_id"


def dialect():
    return Postgresql() if connection.vendor == "postgresql" else Sqlite()


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def column_filters(filters):
    """The chosen facet values as a condition on the columns of `e`, and its params."""
    parts = [f"e.{FACET_COLUMNS[name]} = %s" for name in sorted(filters)]
    return " AND ".join(["1 = 1", *parts]), [filters[name] for name in sorted(filters)]


class Sample:
    """Evenly spread, disjoint ranges of page ids covering about `size` of the ids."""

    def __init__(self, low, high, size):
        span = max(high - low + 1, 1)
        count = min(WINDOWS, span)
        width = max(1, math.ceil(min(span, size) / count))
        windows = []
        for k in range(count):
            start = max(low + span * k // count, windows[-1][1] + 1 if windows else low)
            end = min(start + width - 1, high)
            if start <= end:
                windows.append((start, end))
        self.windows = windows
        self.scale = span / max(sum(end - start + 1 for start, end in windows), 1)

    def estimate(self, count):
        return round(count * self.scale)


class DatabaseEngine:
    def search(self, request):
        sql = dialect()
        start = (request.page - 1) * request.page_size
        stop = start + request.page_size
        groups, filters = request.groups, request.filters
        # the set each facet counts over: the other choices applied
        sets = {name: {k: v for k, v in filters.items() if k != name} for name in FACET_COLUMNS}
        keys = {name: tuple(sorted(chosen.items())) for name, chosen in sets.items()}
        distinct = dict.fromkeys([tuple(sorted(filters.items())), *keys.values()])
        tiers = sql.search_tiers(groups, filters) if groups and request.sort != "date" else []

        base = tuple(sorted(filters.items()))

        def count():
            counted = self.counts(sql, groups, distinct, tiers[:2], stop)
            low, high = counted.pop("span")
            sample = Sample(low, high, settings.SEARCH_EXACT_COUNT)
            sampled = {key for key in distinct if counted[key] > settings.SEARCH_EXACT_COUNT}
            return counted, sampled, *self.facets(sql, groups, distinct, keys, sampled, sample)

        # statements 1 and 2 kept until a change, as Elasticsearch's request cache keeps its
        # counts (the tiers' counts are capped at the page's end: the page is part of the key)
        scope = (groups, base, bool(tiers), stop)
        counted, sampled, facets, estimated_total = pagecache.kept(
            "search", scope, count, lasting=False
        )

        total, exact = counted[base], counted[base] <= settings.SEARCH_EXACT_COUNT
        if not exact:  # more than the cap, for sure: an unlucky sample never says fewer
            total = max(estimated_total, settings.SEARCH_EXACT_COUNT + 1)
        results = SearchResults(
            hits=[], total=total, facets=facets, total_exact=exact, facets_estimated=bool(sampled)
        )
        if start >= total:
            return results
        if tiers:
            ids = self.ranked(sql, tiers, counted["tiers"], start, request.page_size)
        else:
            ids = self.by_date(sql, groups, filters, counted[base], start, request.page_size)
        found = SearchEntry.objects.in_bulk(ids)
        results.hits = [found[pk] for pk in ids if pk in found]
        return results

    def counts(self, sql, groups, distinct, tiers, stop):
        """Statement 1: the size of every set (capped) and of the first tiers (capped at the
        page's end), and the range of ids.

        Every other set holds the first one's entries (it has all the choices, the others all
        but one): when the first passes the cap they do too, and are not counted (on PostgreSQL
        with two choices, 65–77 ms of counting, most of it one set walked row by row)."""
        cap = settings.SEARCH_EXACT_COUNT + 1

        def capped(key):
            select, select_params = sql.selection(groups, dict(key))
            return f"(SELECT COUNT(*) FROM ({select} LIMIT %s) c)", [*select_params, cap]

        first, *others = distinct
        first_count, params = capped(first)
        pieces = ["b.n"]
        for key in others:
            piece, piece_params = capped(key)
            pieces.append(f"CASE WHEN b.n >= %s THEN %s ELSE {piece} END")
            params += [cap, cap, *piece_params]
        for tier in tiers:
            select, select_params = sql.tier_selection(tier)
            pieces.append(f"(SELECT COUNT(*) FROM ({select} LIMIT %s) c)")
            params += [*select_params, stop]
        pieces += [
            "(SELECT MIN(page_id) FROM search_searchentry)",
            "(SELECT MAX(page_id) FROM search_searchentry)",
        ]
        row = fetch(
            f"WITH b AS MATERIALIZED (SELECT {first_count} AS n) SELECT {', '.join(pieces)} FROM b",
            params,
        )[0]
        counted = dict(zip(distinct, row, strict=False))
        counted["tiers"] = list(row[len(distinct) : len(distinct) + len(tiers)])
        counted["span"] = (row[-2] or 0, row[-1] or 0)
        return counted

    def facets(self, sql, groups, distinct, keys, sampled, sample):
        """Statement 2: every facet's (value, label, count) over its set — exactly, or estimated
        from the sample when the set is larger than SEARCH_EXACT_COUNT — and the estimated
        total (None when the matches were counted exactly)."""
        columns = ", ".join(f"e.{column}" for column in ["page_id", *FACET_COLUMNS.values()])
        names = {key: f"s{n}" for n, key in enumerate(distinct)}
        ctes, branches, params = [], [], []
        if sampled:
            # the words' matches in the sample, read once: each sampled set is those of them
            # holding its choices (a column each), not a search of the windows of its own
            rows, params = sql.rows(columns, groups, {}, sample.windows)
            ctes.append(f"windowed AS MATERIALIZED ({rows})")
        for key, name in names.items():
            if key in sampled:
                where, rows_params = column_filters(dict(key))
                rows = f"SELECT * FROM windowed e WHERE {where}"
            else:
                rows, rows_params = sql.rows(columns, groups, dict(key))
            ctes.append(f"{name} AS MATERIALIZED ({rows})")
            params += rows_params
        for facet, column in FACET_COLUMNS.items():
            source, table = names[keys[facet]], LABEL_TABLES.get(facet)
            present = f"s.{column} <> ''" if facet in TEXT_FACETS else f"s.{column} IS NOT NULL"
            label = "t.name" if table else "NULL"
            join = f"JOIN {table} t ON t.id = s.{column}" if table else ""
            branches.append(
                f"SELECT '{facet}', CAST(s.{column} AS TEXT), {label}, COUNT(*) FROM {source} s "
                f"{join} WHERE {present} GROUP BY s.{column}{', t.name' if table else ''}"
            )
        base = next(iter(distinct))
        branches.append(f"SELECT 'total', NULL, NULL, COUNT(*) FROM {names[base]}")
        rows = fetch("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches), params)
        facets = {name: [] for name in FACET_COLUMNS}
        estimated_total = None
        for facet, value, label, count in rows:
            if facet == "total":
                estimated_total = sample.estimate(count) if base in sampled else count
                continue
            if keys[facet] in sampled:
                count = sample.estimate(count)
            facets[facet].append((value if facet in TEXT_FACETS else int(value), label, count))
        for name, options in facets.items():
            if name == "year":
                options.sort(key=lambda option: -option[0])
            else:
                options.sort(key=lambda option: (option[1] or "", option[0]))
        return facets, estimated_total

    def ranked(self, sql, tiers, counted, start, size, candidates=None, score=True):
        """Statement 3 by relevance: the ids of one page, tier by tier; in a tier, its
        `candidates` most recently created pages by score (or, without a score, shorter titles
        first), then newest; the rest of the tier, most recently created first.

        Each tier's selection holds the better tiers' entries too (an entry counts in its best
        tier); `counted` gives the first selections' sizes, capped at the page's end."""
        candidates = candidates or settings.SEARCH_RANK_CANDIDATES
        stop, before, pieces, params = start + size, 0, [], []
        for position, tier in enumerate(tiers):
            known = counted[position] if position < len(counted) else None
            if known is not None and known < stop:
                limit = known  # this tier and the better ones end before the page does
            else:
                # enough of its own entries whatever the better tiers hold of the first ones
                limit = max(candidates, stop) + (before if before is not None else stop)
            if limit:
                piece, piece_params = sql.scored(tier, limit, score)
                pieces.append(piece)
                params += piece_params
            before = known if known is not None and known < stop else None
            if known is not None and known >= stop:
                break
        if not pieces:
            return []
        order = "r.score" if score else "LENGTH(r.title_folded)"
        statement = (
            "SELECT r.id FROM (SELECT d.id, d.tier, d.score, e.date, e.page_id, e.title_folded, "
            "ROW_NUMBER() OVER (PARTITION BY d.tier ORDER BY d.id DESC) AS rn "
            "FROM (SELECT u.id, u.tier, u.score, "
            "ROW_NUMBER() OVER (PARTITION BY u.id ORDER BY u.tier DESC) AS best "
            f"FROM ({' UNION ALL '.join(pieces)}) u) d "
            "JOIN search_searchentry e ON e.page_id = d.id WHERE d.best = 1) r "
            f"ORDER BY r.tier DESC, r.rn > %s, CASE WHEN r.rn <= %s THEN {order} ELSE r.rn END, "
            "r.date DESC NULLS LAST, r.page_id LIMIT %s OFFSET %s"
        )
        rows = fetch(statement, [*params, candidates, candidates, size, start])
        return [row[0] for row in rows]

    def by_date(self, sql, groups, filters, count, start, size):
        """Statement 3 by date (newest first; undated last)."""
        if not groups:
            where, params = column_filters(filters)
        elif count <= settings.SEARCH_EXACT_COUNT:
            select, params = sql.selection(groups, filters)
            where = f"e.page_id IN ({select})"
        else:
            where, params = sql.membership(groups, filters)  # walk the date index, probing
        statement = (
            f"SELECT e.page_id FROM search_searchentry e WHERE {where} ORDER BY {BY_DATE} "
            "LIMIT %s OFFSET %s"
        )
        return [row[0] for row in fetch(statement, [*params, size, start])]

    def suggest(self, tokens, limit=SUGGESTIONS):
        """Entries whose title holds the typed tokens in sequence (the last one begun): titles
        starting with them first, then shorter titles (the typed words are more of them), then
        newest — among each tier's most recently created candidates."""
        if not tokens:
            return []
        sql = dialect()
        ids = self.ranked(
            sql,
            sql.suggestion_tiers(tokens),
            [],
            0,
            limit,
            candidates=SUGGESTION_CANDIDATES,
            score=False,
        )
        found = SearchEntry.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def similar(self, probe, limit):
        """Entries holding any of the probe's words or word pairs (not of the kinds that are no
        work), by the engine's relevance (titles ×5), then newest page."""
        if not (probe.words or probe.pairs):
            return []
        sql, params = dialect().similar(probe, limit)
        ids = [row[0] for row in fetch(sql, params)]
        found = SearchEntry.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
