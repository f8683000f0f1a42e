from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import (
            cache,  # noqa: F401  (connects the menu's invalidation)
            publishing,  # noqa: F401  (pages follow their records)
        )
        from cms.stats.annual import library_tables
        from research.annual.sections import register_section

        register_section(library_tables)
