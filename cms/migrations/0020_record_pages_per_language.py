"""One page per research record in each language (the English site's pages publish the same
records), the language repeated on the record pages for the database's uniqueness rule; the
school's identity (English name, governing body, logo, colours) in the site settings."""

import cms.identity
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

RECORD_PAGES = ["TopicPage", "OutputPage", "PersonPage", "BulletinIssuePage", "EventPage"]


def page_languages(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for name in RECORD_PAGES:
        pages = apps.get_model("cms", name).objects
        for locale in Locale.objects.all():
            pages.filter(locale=locale).update(language=locale.language_code)


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0030_library_statistics'),
        ('research', '0060_english_fields'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='bulletinissuepage',
            name='language',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='eventpage',
            name='language',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='outputpage',
            name='language',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='personpage',
            name='language',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='accent_colour',
            field=models.CharField(default='#a86b00', help_text='Highlights such as the charts and the active menu item, as #rrggbb.', max_length=7, validators=[cms.identity.validate_colour], verbose_name='accent colour'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='brand_colour',
            field=models.CharField(default='#a3141c', help_text='The header, buttons and links, as #rrggbb; white text must read on it.', max_length=7, validators=[cms.identity.validate_colour], verbose_name='main colour'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='governing_body',
            field=models.CharField(blank=True, help_text="Shown above the school's name, e.g. the provincial Party Committee.", max_length=200, verbose_name='governing body'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='governing_body_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='governing body in English'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='logo',
            field=models.ForeignKey(blank=True, help_text="A square emblem reads best; it is also the site's icon.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='school_name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='school name in English'),
        ),
        migrations.AddField(
            model_name='topicpage',
            name='language',
            field=models.CharField(db_index=True, default='', editable=False, max_length=10),
            preserve_default=False,
        ),
        migrations.RunPython(page_languages, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='bulletinissuepage',
            name='issue',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_pages', to='research.bulletinissue', verbose_name='bulletin issue'),
        ),
        migrations.AlterField(
            model_name='eventpage',
            name='event',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_pages', to='research.scientificevent', verbose_name='scientific event'),
        ),
        migrations.AlterField(
            model_name='outputpage',
            name='output',
            field=models.ForeignKey(limit_choices_to={'is_public': True}, on_delete=django.db.models.deletion.PROTECT, related_name='site_pages', to='research.output', verbose_name='output'),
        ),
        migrations.AlterField(
            model_name='personpage',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_pages', to='research.person', verbose_name='person'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='school_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='school name'),
        ),
        migrations.AlterField(
            model_name='topicpage',
            name='topic',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_pages', to='research.topic', verbose_name='topic'),
        ),
        migrations.AddConstraint(
            model_name='bulletinissuepage',
            constraint=models.UniqueConstraint(fields=('issue', 'language'), name='cms_bulletinissuepage_one_per_language'),
        ),
        migrations.AddConstraint(
            model_name='eventpage',
            constraint=models.UniqueConstraint(fields=('event', 'language'), name='cms_eventpage_one_per_language'),
        ),
        migrations.AddConstraint(
            model_name='outputpage',
            constraint=models.UniqueConstraint(fields=('output', 'language'), name='cms_outputpage_one_per_language'),
        ),
        migrations.AddConstraint(
            model_name='personpage',
            constraint=models.UniqueConstraint(fields=('person', 'language'), name='cms_personpage_one_per_language'),
        ),
        migrations.AddConstraint(
            model_name='topicpage',
            constraint=models.UniqueConstraint(fields=('topic', 'language'), name='cms_topicpage_one_per_language'),
        ),
    ]
