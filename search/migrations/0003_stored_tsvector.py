"""PostgreSQL: keep the folded text's tsvector in a stored generated column, indexed, instead of
an expression index — a query matching most entries would otherwise recompute it for every row
(to recheck the index and to rank). SQLite keeps its FTS5 table."""

from django.db import migrations

POSTGRESQL = [
    "DROP INDEX IF EXISTS search_entry_text_fts",
    "ALTER TABLE search_searchentry ADD COLUMN text_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', text_folded)) STORED",
    "CREATE INDEX search_entry_text_vector ON search_searchentry USING GIN (text_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX search_entry_text_vector",
    "ALTER TABLE search_searchentry DROP COLUMN text_vector",
    "CREATE INDEX search_entry_text_fts ON search_searchentry "
    "USING GIN (to_tsvector('simple', text_folded))",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [migrations.RunPython(run(POSTGRESQL), run(POSTGRESQL_REVERSE))]
