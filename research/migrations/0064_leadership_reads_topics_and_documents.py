"""The leadership (Ban Giám hiệu) opens topics and the register of issued documents in the admin,
read-only, as docs/documents.md says: the view permissions, nothing that changes a record (the
topic's page shows it no action form, research/permissions.py refuses the actions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from research.core.permissions import Roles

READ = ["view_topic", "view_issueddocument"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    leadership, _ = Group.objects.get_or_create(name=Roles.LEADERSHIP)
    leadership.permissions.add(
        *Permission.objects.filter(content_type__app_label="research", codename__in=READ)
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for leadership in Group.objects.filter(name=Roles.LEADERSHIP):
        leadership.permissions.remove(
            *Permission.objects.filter(content_type__app_label="research", codename__in=READ)
        )


class Migration(migrations.Migration):
    dependencies = [("research", "0063_output_file_english_title")]

    operations = [migrations.RunPython(forwards, backwards)]
