"""Grade bands of the acceptance rubric (domain.md §6: Xuất sắc 91–100, Khá 76–90, Đạt 61–75,
Không đạt ≤ 60), and the office's permissions on the acceptance models."""

from django.db import migrations

from research.migrations._permissions import grant_to_office

NEW_MODELS = ["gradeband", "selfevaluation", "acceptancedecision"]
BANDS = [("excellent", 91), ("good", 76), ("pass", 61), ("fail", 0)]


def forwards(apps, schema_editor):
    grant_to_office(apps, NEW_MODELS)
    GradeBand = apps.get_model("research", "GradeBand")
    for rubric in apps.get_model("research", "Rubric").objects.filter(kind="acceptance"):
        for order, (grade, floor) in enumerate(BANDS):
            GradeBand.objects.get_or_create(
                rubric=rubric, grade=grade, defaults={"min_score": floor, "sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("research", "0009_acceptance")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
