"""The research office manages events, bulletin issues and fieldwork."""

from django.db import migrations

from research.migrations._permissions import grant_to_office

NEW_MODELS = ["scientificevent", "bulletinissue", "fieldwork"]


def forwards(apps, schema_editor):
    grant_to_office(apps, NEW_MODELS)


class Migration(migrations.Migration):
    dependencies = [("research", "0012_standard_records")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
