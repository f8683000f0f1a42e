"""The ordering body's liaison (cơ quan đặt hàng): a role with no admin access — the liaison's
screens are in the workspace, kept to the orders of their body (research.orders) — and the
research office's permissions on the new records."""

from django.db import migrations

from research.core.permissions import Roles
from research.migrations._permissions import grant_to_office

MODELS = ["ordersubmission", "proposedtopic", "order", "orderfunding", "sharedreport", "liaison"]


def forwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=Roles.LIAISON)
    grant_to_office(apps, MODELS)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=Roles.LIAISON).delete()


class Migration(migrations.Migration):
    dependencies = [("research", "0070_province_orders")]

    operations = [migrations.RunPython(forwards, backwards)]
