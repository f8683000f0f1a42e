from django.apps import AppConfig
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.operations.cache import create_cache_tables
        from research.core.spreadsheets import clean_wagtail_exports

        clean_wagtail_exports()
        self.offer_council_papers()

        pre_migrate.connect(create_cache_tables, sender=self)

    @staticmethod
    def offer_council_papers():
        """A proposal's novelty (similar work, the office's judgements) on the councils' pages,
        which sit below the proposals and do not import them."""
        from research.councils.views import SHEET_PANELS
        from research.proposals.overlap import council_papers

        if council_papers not in SHEET_PANELS:
            SHEET_PANELS.append(council_papers)
