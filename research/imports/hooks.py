"""The import's admin URLs and menu item (loaded by research/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from research.core import permissions
from research.imports.admin import ErrorReportView, ImportView, PreviewView, TemplateDownloadView


@hooks.register("register_admin_urls")
def register_import_urls():
    urls = [
        path("", ImportView.as_view(), name="upload"),
        path("<int:pk>/", PreviewView.as_view(), name="preview"),
        path("<int:pk>/errors.xlsx", ErrorReportView.as_view(), name="errors"),
        path("template/<slug:kind>.xlsx", TemplateDownloadView.as_view(), name="template"),
    ]
    return [
        path("research/import/", include((urls, "research_imports"), namespace="research_imports"))
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(permissions.check(request.user, "import_records"))


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import from Excel"), reverse("research_imports:upload"), icon_name="upload", order=160
    )
