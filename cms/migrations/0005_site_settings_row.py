"""The site settings row exists from the start, so no public page writes while it is read."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("cms", "SiteSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_research_office_moderates")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
