from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The public search. Its engines arrive in later work; the selection rule lives here."""

    name = "search"
    verbose_name = _("Public search")
