"""A file's title in English, for the English site (issue 23): “Full text (PDF)”."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("research", "0062_document_format_rules_numbers")]

    operations = [
        migrations.AddField(
            model_name="outputfile",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="English title"),
        ),
    ]
