"""The full-text index over the tokenised titles (Vietnamese and English), text and facet tokens,
whose row ids are page ids.

SQLite: an FTS5 table over those columns, an external-content table kept in step with
`search_searchentry` by triggers, so every write (bulk or not) updates it; with prefix indices
(1–3 characters) so that suggestions for a word begun are one lookup, not a scan of the terms.
PostgreSQL: stored tsvectors of the text, the titles and the facet tokens, each with a GIN index
(the 'simple' configuration: the text is already folded and tokenised in Python).
Both: an index in the order of "newest first" (date, then page), for browsing by date."""

from django.db import migrations

COLUMNS = "title_folded, title_en_folded, text_folded, facet_tokens"
NEW = ", ".join(f"new.{column}" for column in COLUMNS.split(", "))
OLD = ", ".join(f"old.{column}" for column in COLUMNS.split(", "))
SQLITE = [
    f"CREATE VIRTUAL TABLE search_entry_fts USING fts5({COLUMNS}, "
    "content='search_searchentry', content_rowid='page_id', prefix='1 2 3')",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO search_entry_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW}); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO search_entry_fts(search_entry_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.page_id, {OLD}); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO search_entry_fts(search_entry_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.page_id, {OLD}); "
    f"INSERT INTO search_entry_fts(rowid, {COLUMNS}) VALUES (new.page_id, {NEW}); END",
    "CREATE INDEX search_entry_date ON search_searchentry (date DESC, page_id)",
]
SQLITE_REVERSE = [
    "DROP INDEX search_entry_date",
    "DROP TRIGGER search_entry_fts_update",
    "DROP TRIGGER search_entry_fts_delete",
    "DROP TRIGGER search_entry_fts_insert",
    "DROP TABLE search_entry_fts",
]
POSTGRESQL = [
    "ALTER TABLE search_searchentry ADD COLUMN text_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', text_folded)) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', title_folded) || to_tsvector('simple', title_en_folded)) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN facet_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', facet_tokens)) STORED",
    "CREATE INDEX search_entry_text_vector ON search_searchentry USING GIN (text_vector)",
    "CREATE INDEX search_entry_title_vector ON search_searchentry USING GIN (title_vector)",
    "CREATE INDEX search_entry_facet_vector ON search_searchentry USING GIN (facet_vector)",
    "CREATE INDEX search_entry_date ON search_searchentry (date DESC NULLS LAST, page_id)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX search_entry_date",
    "DROP INDEX search_entry_facet_vector",
    "DROP INDEX search_entry_title_vector",
    "DROP INDEX search_entry_text_vector",
    "ALTER TABLE search_searchentry DROP COLUMN facet_vector",
    "ALTER TABLE search_searchentry DROP COLUMN title_vector",
    "ALTER TABLE search_searchentry DROP COLUMN text_vector",
]


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_keyed_by_page")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
