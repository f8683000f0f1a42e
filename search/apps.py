from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The public search: one query interface (search.query) over the engines in search.engines;
    and the finder of similar work that research asks through research.core.similarity."""

    name = "search"
    verbose_name = _("Public search")

    def ready(self):
        from research.core import similarity
        from search import signals  # noqa: F401
        from search.similar import find

        similarity.register(find)
