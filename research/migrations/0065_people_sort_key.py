"""People sort the Vietnamese way (research/collation.py): each person keeps the sort key of their
name, filled here for the people already recorded and by save() from now on."""

from django.db import migrations, models

from research.core.collation import name_sort_key


def fill_sort_keys(apps, schema_editor):
    Person = apps.get_model("research", "Person")
    people = list(Person.objects.only("pk", "full_name"))
    for person in people:
        person.sort_key = name_sort_key(person.full_name)[:1000]
    Person.objects.bulk_update(people, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0064_leadership_reads_topics_and_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="sort_key",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                max_length=1000,
                verbose_name="sort key",
            ),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["sort_key", "pk"],
                "verbose_name": "person",
                "verbose_name_plural": "people",
            },
        ),
    ]
