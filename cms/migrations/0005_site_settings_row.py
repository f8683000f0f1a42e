"""The site settings row exists from the start, so no public page writes while it is read;
editors keep it (address, contacts, footer)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from research.core.permissions import Roles


def forwards(apps, schema_editor):
    apps.get_model("cms", "SiteSettings").objects.get_or_create(pk=1)
    cms = apps.get_app_config("cms")
    cms.models_module = True
    create_permissions(cms, verbosity=0)
    cms.models_module = None
    Permission = apps.get_model("auth", "Permission")
    apps.get_model("auth", "Group").objects.get(name=Roles.EDITOR).permissions.add(
        Permission.objects.get(content_type__app_label="cms", codename="change_sitesettings")
    )


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_research_office_moderates")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
