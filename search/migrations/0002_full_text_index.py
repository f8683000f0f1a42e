"""The full-text index of the search entries, in the database's own dialect.

SQLite: an FTS5 table over the folded columns, kept in step by triggers, so every ORM write
(bulk or not) updates it. PostgreSQL: a GIN index on the folded text's tsvector ('simple'
configuration: the text is already folded, nothing to stem)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5("
    "title_folded, text_folded, content='search_searchentry', content_rowid='id')",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(rowid, title_folded, text_folded) "
    "VALUES (new.id, new.title_folded, new.text_folded); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title_folded, text_folded) "
    "VALUES ('delete', old.id, old.title_folded, old.text_folded); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title_folded, text_folded) "
    "VALUES ('delete', old.id, old.title_folded, old.text_folded); "
    "INSERT INTO search_entry_fts(rowid, title_folded, text_folded) "
    "VALUES (new.id, new.title_folded, new.text_folded); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_entry_fts_update",
    "DROP TRIGGER search_entry_fts_delete",
    "DROP TRIGGER search_entry_fts_insert",
    "DROP TABLE search_entry_fts",
]
POSTGRESQL = [
    "CREATE INDEX search_entry_text_fts ON search_searchentry "
    "USING GIN (to_tsvector('simple', text_folded))",
]
POSTGRESQL_REVERSE = ["DROP INDEX search_entry_text_fts"]


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entries")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
