from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.operations.cache import create_cache_tables
        from research.core.spreadsheets import clean_wagtail_exports

        clean_wagtail_exports()

        post_migrate.connect(create_cache_tables, sender=self)
