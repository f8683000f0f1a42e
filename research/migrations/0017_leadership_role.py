"""The school's leadership (Ban Giám hiệu): into the admin to read the criterion-4 dashboard,
with no permission to change any record."""

from django.db import migrations

from research.core.permissions import Roles


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    leadership, _ = Group.objects.get_or_create(name=Roles.LEADERSHIP)
    leadership.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=Roles.LEADERSHIP).delete()


class Migration(migrations.Migration):
    dependencies = [("research", "0016_snapshots")]

    operations = [migrations.RunPython(forwards, backwards)]
