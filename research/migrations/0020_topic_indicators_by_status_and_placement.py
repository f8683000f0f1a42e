"""Indicators 4.1 and 4.2 count what the standard means: topics the school carried out during the
window — running at some time in it, not withdrawn, terminated or failed — rather than every topic
whose planned start falls in it. Only indicators still holding their seeded rule are changed."""

from django.db import migrations

CARRIED_OUT = ["approved", "in_progress", "extended", "self_evaluated", "under_evaluation", "accepted"]
SEEDED = {
    "4.1": {"levels": ["provincial", "ministerial", "national"]},
    "4.2": {"levels": ["school"]},
}


def forwards(apps, schema_editor):
    Indicator = apps.get_model("research", "Indicator")
    for code, seeded in SEEDED.items():
        indicator = Indicator.objects.filter(code=code, rule_kind="topics").first()
        if indicator and indicator.parameters == seeded:
            indicator.parameters = {**seeded, "statuses": CARRIED_OUT, "placement": ["running"]}
            indicator.save(update_fields=["parameters"])


def backwards(apps, schema_editor):
    Indicator = apps.get_model("research", "Indicator")
    for code, seeded in SEEDED.items():
        Indicator.objects.filter(code=code).update(parameters=seeded)


class Migration(migrations.Migration):
    dependencies = [("research", "0019_editors_read_no_research_records")]

    operations = [migrations.RunPython(forwards, backwards)]
