"""Deadlines counted from acceptance (settlement, archiving), the default change policy (one
extension of at most 12 months), and the office's permissions on the new models."""

from django.db import migrations

from research.migrations._permissions import grant_to_office

NEW_MODELS = ["changepolicy", "changerequest", "progressreport"]
# (kind, days after acceptance)
AFTER_ACCEPTANCE = [("settlement", 90), ("archiving", 30)]


def forwards(apps, schema_editor):
    grant_to_office(apps, NEW_MODELS)
    DeadlineRule = apps.get_model("research", "DeadlineRule")
    for kind, days in AFTER_ACCEPTANCE:
        DeadlineRule.objects.get_or_create(
            level="", legal_basis="", kind=kind, defaults={"anchor": "acceptance", "offset_days": days}
        )
    apps.get_model("research", "ChangePolicy").objects.get_or_create(
        level="", legal_basis="", defaults={"max_extensions": 1, "max_extension_months": 12}
    )


class Migration(migrations.Migration):
    dependencies = [("research", "0006_running_topics")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
