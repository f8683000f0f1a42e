"""The other schools' research: peer repositories and their harvested records (search.harvest);
a search entry may now be a harvested record's (keyed by minus its id, so the page key loses its
database constraint) and carries the school it comes from (0: this school's own), as a facet.

On SQLite the entry table is remade by these changes, which drops its full-text triggers and
date index (migration 0005): they are made again and the full-text index rebuilt from the rows.
Every existing entry gets its `school0` facet token; the research office may manage the peers."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FULL_TEXT = importlib.import_module("search.migrations.0005_full_text_columns")
OFFICE = "Phòng Quản lý đào tạo và NCKH"  # research.core.permissions.Roles.RESEARCH_OFFICE


def drop_sqlite_full_text(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FULL_TEXT.SQLITE_REVERSE:
            schema_editor.execute(statement.replace("DROP INDEX", "DROP INDEX IF EXISTS"))


def own_school_tokens(apps, schema_editor):
    schema_editor.execute(
        "UPDATE search_searchentry SET facet_tokens = TRIM(facet_tokens || ' school0')"
    )
    if schema_editor.connection.vendor == "sqlite":
        for statement in FULL_TEXT.SQLITE:
            schema_editor.execute(statement)
        schema_editor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')")


def drop_own_school_tokens(apps, schema_editor):
    drop_sqlite_full_text(apps, schema_editor)
    schema_editor.execute(
        "UPDATE search_searchentry SET facet_tokens = TRIM(REPLACE(facet_tokens, 'school0', ''))"
    )


def restore_sqlite_full_text(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FULL_TEXT.SQLITE:
            schema_editor.execute(statement)
        schema_editor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')")


def grant_to_office(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is not None:
        office.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="search",
                content_type__model__in=["peerrepository", "harvestedrecord"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_full_text_columns"),
        ("research", "0002_roles_and_reference_data"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_full_text, restore_sqlite_full_text),
        migrations.CreateModel(
            name="PeerRepository",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "base_url",
                    models.URLField(
                        help_text="The repository's base URL, e.g. https://nckh.example.edu.vn/oai/",
                        max_length=500,
                        unique=True,
                        verbose_name="OAI-PMH address",
                    ),
                ),
                (
                    "set_spec",
                    models.CharField(
                        blank=True,
                        help_text="Harvest only this set (e.g. type:topic); empty: the whole repository.",
                        max_length=200,
                        verbose_name="set",
                    ),
                ),
                ("enabled", models.BooleanField(default=True, verbose_name="harvested")),
                (
                    "last_datestamp",
                    models.DateTimeField(blank=True, null=True, verbose_name="last datestamp"),
                ),
                ("granularity", models.CharField(blank=True, max_length=30)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("never", "Not harvested yet"),
                            ("ok", "Harvested"),
                            ("failed", "Last harvest failed"),
                        ],
                        default="never",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "last_attempt_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="last attempt"),
                ),
                (
                    "last_success_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="last success"),
                ),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
                ("records_count", models.PositiveIntegerField(default=0, verbose_name="records")),
                (
                    "deleted_count",
                    models.PositiveIntegerField(default=0, verbose_name="deleted records"),
                ),
                (
                    "last_received",
                    models.PositiveIntegerField(
                        default=0, verbose_name="received in the last harvest"
                    ),
                ),
            ],
            options={
                "verbose_name": "peer repository",
                "verbose_name_plural": "peer repositories",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="searchentry",
            name="school",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="page",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="+",
                serialize=False,
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="HarvestedRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("identifier", models.CharField(max_length=500, verbose_name="OAI identifier")),
                ("datestamp", models.DateTimeField(verbose_name="datestamp")),
                (
                    "deleted",
                    models.BooleanField(default=False, verbose_name="deleted at the source"),
                ),
                ("title", models.CharField(blank=True, max_length=1000, verbose_name="title")),
                ("creators", models.JSONField(blank=True, default=list, verbose_name="creators")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("subjects", models.JSONField(blank=True, default=list, verbose_name="subjects")),
                ("date", models.CharField(blank=True, max_length=100, verbose_name="date")),
                ("types", models.JSONField(blank=True, default=list, verbose_name="types")),
                ("source_url", models.URLField(blank=True, max_length=1000, verbose_name="source")),
                ("language", models.CharField(blank=True, max_length=50, verbose_name="language")),
                ("harvested_at", models.DateTimeField(auto_now=True, verbose_name="harvested at")),
                (
                    "peer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="records",
                        to="search.peerrepository",
                        verbose_name="peer",
                    ),
                ),
            ],
            options={
                "verbose_name": "harvested record",
                "verbose_name_plural": "harvested records",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("peer", "identifier"),
                        name="search_harvestedrecord_one_per_identifier",
                    )
                ],
            },
        ),
        migrations.RunPython(own_school_tokens, drop_own_school_tokens),
        migrations.RunPython(grant_to_office, migrations.RunPython.noop),
    ]
