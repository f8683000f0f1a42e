"""Search entries keyed by their page, with the English title, the facet tokens and the tokenised
text of search.text; and the backlog of pages to bring up to date.

The entries are derived data: the table is made afresh (the old full-text objects of 0002 and
0003 go with it, 0005 makes the new ones). Run `manage.py search_index --rebuild` afterwards."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_SQLITE = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]


def drop_old_full_text(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in OLD_SQLITE:
            schema_editor.execute(statement)


def restore_old_full_text(apps, schema_editor):
    """Back to 0003: its full-text objects on the old table (recreated empty by the reverse)."""
    vendor = schema_editor.connection.vendor
    for name in ("0002_full_text_index", "0003_stored_tsvector"):
        module = importlib.import_module(f"search.migrations.{name}")
        statements = {"sqlite": getattr(module, "SQLITE", []), "postgresql": module.POSTGRESQL}
        for statement in statements.get(vendor, []):
            if "DROP INDEX IF EXISTS" not in statement:
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_stored_tsvector")]

    operations = [
        migrations.RunPython(drop_old_full_text, restore_old_full_text),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("kind", models.CharField(max_length=10, verbose_name="type")),
                ("title", models.CharField(max_length=500, verbose_name="title")),
                (
                    "title_en",
                    models.CharField(blank=True, max_length=500, verbose_name="English title"),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                ("url", models.CharField(max_length=500)),
                ("date", models.DateField(null=True)),
                ("title_folded", models.CharField(db_index=True, max_length=500)),
                ("title_en_folded", models.CharField(blank=True, db_index=True, max_length=500)),
                ("text_folded", models.TextField()),
                ("year", models.PositiveSmallIntegerField(null=True)),
                ("level", models.CharField(blank=True, max_length=20)),
                ("output_kind", models.CharField(blank=True, max_length=30)),
                (
                    "field",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="research.researchfield",
                    ),
                ),
                (
                    "ordering_body",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="research.orderingbody",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="research.unit",
                    ),
                ),
                ("facet_tokens", models.CharField(blank=True, max_length=300)),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["kind", "year"], name="search_entry_kind_year")],
            },
        ),
        migrations.CreateModel(
            name="PendingUpdate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("page_id", models.BigIntegerField(unique=True)),
                ("token", models.UUIDField()),
                ("queued_at", models.DateTimeField(db_index=True)),
                ("changed_at", models.DateTimeField()),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "pending search update",
                "verbose_name_plural": "pending search updates",
            },
        ),
    ]
