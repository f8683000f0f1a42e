"""English counterparts of the texts the public site shows (the English site falls back to the
Vietnamese text where one is empty)."""

import research.core.keywords
from django.db import migrations, models

# The funding sources every school has (0002_roles_and_reference_data), in English.
FUNDING_SOURCES = {
    "ngan-sach-tinh": "Provincial science budget",
    "ngan-sach-truong": "School budget",
    "ngoai-ngan-sach": "Non-budget sources",
}


def english_funding_sources(apps, schema_editor):
    FundingSource = apps.get_model("research", "FundingSource")
    for code, name in FUNDING_SOURCES.items():
        FundingSource.objects.filter(code=code, name_en="").update(name_en=name)


class Migration(migrations.Migration):

    dependencies = [
        ('research', '0042_closing_requirements_and_document_templates'),
    ]

    operations = [
        migrations.AddField(
            model_name='fundingsource',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='orderingbody',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='output',
            name='abstract_en',
            field=models.TextField(blank=True, verbose_name='English abstract'),
        ),
        migrations.AddField(
            model_name='output',
            name='keyword_list_en',
            field=research.core.keywords.KeywordsField(blank=True, default=list, verbose_name='English keywords'),
        ),
        migrations.AddField(
            model_name='output',
            name='title_en',
            field=models.CharField(blank=True, max_length=500, verbose_name='English title'),
        ),
        migrations.AddField(
            model_name='person',
            name='bio_en',
            field=models.TextField(blank=True, verbose_name='short public biography in English'),
        ),
        migrations.AddField(
            model_name='researchfield',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='topic',
            name='keyword_list_en',
            field=research.core.keywords.KeywordsField(blank=True, default=list, verbose_name='English keywords'),
        ),
        migrations.AddField(
            model_name='topic',
            name='summary_en',
            field=models.TextField(blank=True, verbose_name='English summary'),
        ),
        migrations.AddField(
            model_name='unit',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='English name'),
        ),
        migrations.RunPython(english_funding_sources, migrations.RunPython.noop),
    ]
