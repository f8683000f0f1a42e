from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The public search: one query interface (search.query) over the engines in search.engines."""

    name = "search"
    verbose_name = _("Public search")

    def ready(self):
        from search import signals  # noqa: F401
