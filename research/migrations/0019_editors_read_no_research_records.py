"""The editor of the public site edits pages; the research records behind them (council scores,
votes, conflict notes in their history, staff e-mails, private outputs) are not theirs to read."""

from django.db import migrations

from research.core.permissions import Roles


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name=Roles.EDITOR).first()
    if editor:
        editor.permissions.remove(*Permission.objects.filter(content_type__app_label="research"))


class Migration(migrations.Migration):
    dependencies = [("research", "0018_date_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
