"""Keywords become a list. Existing texts are split on “;” when they have one, else on commas
(the only separator the old field knew); submitted proposal versions are converted the same way."""

from django.db import migrations

import research.core.keywords

MODELS = ("topic", "output", "proposal")


def split_old(text):
    separator = ";" if ";" in text else ","
    found = []
    for word in (text or "").split(separator):
        word = " ".join(word.split())
        if word and word not in found:
            found.append(word)
    return found


def forwards(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("research", name)
        for row in model.objects.exclude(keywords="").only("pk", "keywords"):
            model.objects.filter(pk=row.pk).update(keyword_list=split_old(row.keywords))
    version_model = apps.get_model("research", "ProposalVersion")
    for version in version_model.objects.all():
        snapshot = version.snapshot
        if "keywords" in snapshot:
            snapshot["keyword_list"] = split_old(snapshot.pop("keywords") or "")
            version.save(update_fields=["snapshot"])


def backwards(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("research", name)
        for row in model.objects.only("pk", "keyword_list"):
            model.objects.filter(pk=row.pk).update(keywords="; ".join(row.keyword_list)[:500])
    version_model = apps.get_model("research", "ProposalVersion")
    for version in version_model.objects.all():
        snapshot = version.snapshot
        if "keyword_list" in snapshot:
            snapshot["keywords"] = "; ".join(snapshot.pop("keyword_list") or [])
            version.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0023_declared_no_conflict"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="keyword_list",
                field=research.core.keywords.KeywordsField(
                    blank=True, default=list, verbose_name="keywords"
                ),
            )
            for name in MODELS
        ],
        migrations.RunPython(forwards, backwards),
        *[migrations.RemoveField(model_name=name, name="keywords") for name in MODELS],
    ]
