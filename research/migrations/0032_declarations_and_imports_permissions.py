"""The research office manages event participation and imports."""

from django.db import migrations

from research.migrations._permissions import grant_to_office

NEW_MODELS = ["eventparticipation", "importbatch"]


def forwards(apps, schema_editor):
    grant_to_office(apps, NEW_MODELS)


class Migration(migrations.Migration):
    dependencies = [("research", "0031_declarations_and_imports")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
