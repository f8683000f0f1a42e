"""The dossier download's admin URL (loaded by research/wagtail_hooks.py)."""

from django.urls import include, path
from wagtail import hooks

from research.reports.dossier.views import DossierDownloadView


@hooks.register("register_admin_urls")
def register_dossier_urls():
    urls = [path("<int:pk>.zip", DossierDownloadView.as_view(), name="download")]
    return [
        path("research/dossier/", include((urls, "research_dossier"), namespace="research_dossier"))
    ]
