"""Editors and the research office may translate pages (Wagtail's simple translation): the
English site's pages are theirs to write, through the same moderation."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from research.core.permissions import Roles


def forwards(apps, schema_editor):
    translation = apps.get_app_config("simple_translation")
    translation.models_module = True
    create_permissions(translation, verbosity=0)
    translation.models_module = None
    Permission = apps.get_model("auth", "Permission")
    submit = Permission.objects.get(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    for name in (Roles.EDITOR, Roles.RESEARCH_OFFICE):
        apps.get_model("auth", "Group").objects.get(name=name).permissions.add(submit)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0020_record_pages_per_language"),
        ("simple_translation", "0001_initial"),
        ("research", "0017_leadership_role"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
