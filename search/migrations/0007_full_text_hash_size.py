"""SQLite: the full-text index keeps up to 32 MB of new terms in memory before writing them out
as a segment (FTS5's `hashsize` option, stored with the index; 1 MB by default). A rebuild of
110,000 entries, whose three prefix indices hold many terms per entry, took 17 s with 1 MB,
written and merged again segment after segment, and takes 2 s with 32 MB; an import's entries,
written in one transaction, gain the same way. PostgreSQL: nothing to do."""

from django.db import migrations

HASH_SIZE = 32 * 1024 * 1024


def set_hash_size(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "INSERT INTO search_entry_fts (search_entry_fts, rank) VALUES ('hashsize', %s)",
            [HASH_SIZE],
        )


def default_hash_size(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DELETE FROM search_entry_fts_config WHERE k = 'hashsize'")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_harvested_records")]

    operations = [migrations.RunPython(set_hash_size, default_hash_size)]
