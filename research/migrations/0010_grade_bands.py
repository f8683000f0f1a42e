"""Grade bands of the acceptance rubric (domain.md §6: Xuất sắc 91–100, Khá 76–90, Đạt 61–75,
Không đạt ≤ 60), and the office's permissions on the acceptance models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from research.permissions import Roles

NEW_MODELS = ["gradeband", "selfevaluation", "acceptancedecision"]
BANDS = [("excellent", 91), ("good", 76), ("pass", 61), ("fail", 0)]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name=Roles.RESEARCH_OFFICE).permissions.add(
        *Permission.objects.filter(content_type__app_label="research", content_type__model__in=NEW_MODELS)
    )
    GradeBand = apps.get_model("research", "GradeBand")
    for rubric in apps.get_model("research", "Rubric").objects.filter(kind="acceptance"):
        for order, (grade, floor) in enumerate(BANDS):
            GradeBand.objects.get_or_create(
                rubric=rubric, grade=grade, defaults={"min_score": floor, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("research", "0009_acceptance")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
