"""The query planner's statistics. PostgreSQL's autovacuum keeps them; SQLite gathers them only
when told (`ANALYZE`), and never for an empty table. Without them, or with none for an empty
table, SQLite guesses sizes and joins the wrong way round: Wagtail reads the view restrictions on
every public page joined to the page table, and with no statistics for an empty restrictions
table SQLite scanned all 110,000 pages for it (20 ms, twice per page) instead of the empty table.
`analyze_database` runs nightly (docs/deployment.md)."""

from django.db import connection

EMPTY = "0"  # sqlite_stat1's row count of a table without rows


def refresh():
    """Gather fresh statistics; on SQLite, also record every table without rows as empty (the
    sqlite_stat1 table is meant to be written so: sqlite.org/fileformat2.html#stat1tab).
    Returns the number of tables recorded as empty."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor != "sqlite":
            return 0
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
            "AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
        )
        empty = [name for (name,) in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, NULL, %s)",
            [(name, EMPTY) for name in empty],
        )
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
    return len(empty)
