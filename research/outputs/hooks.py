"""The verification queue's admin URLs and menu item, and how declarations and imports read in
a record's history (loaded by research/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from research.core import permissions
from research.imports.engine import LOG_ACTION as IMPORT_LOG_ACTION
from research.outputs.actions import LOG_ACTION
from research.outputs.admin import VerificationQueueView, VerifyView

DECLARATION_MESSAGES = {
    "declared": _("Declared by the lecturer"),
    "corrected": _("Corrected by the lecturer and sent again"),
    "verified": _("Verified by the research office"),
    "returned": _("Returned to the lecturer: %(reason)s"),
    "confirmed": _("Co-authorship confirmed by %(author)s"),
}


@hooks.register("register_admin_urls")
def register_declaration_urls():
    urls = [
        path("", VerificationQueueView.as_view(), name="queue"),
        path("<slug:kind>/<int:pk>/", VerifyView.as_view(), name="verify"),
    ]
    return [
        path(
            "research/declarations/",
            include((urls, "research_declarations"), namespace="research_declarations"),
        )
    ]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(permissions.check(request.user, "verify_declarations"))


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        _("Declarations to verify"),
        reverse("research_declarations:queue"),
        icon_name="tick",
        order=161,
    )


@hooks.register("register_log_actions")
def register_declaration_log_actions(actions):
    @actions.register_action(LOG_ACTION)
    class DeclarationLogged(LogFormatter):
        label = _("Declaration")

        def format_message(self, log_entry):
            data = log_entry.data
            return DECLARATION_MESSAGES[data["event"]] % data

    @actions.register_action(IMPORT_LOG_ACTION)
    class Imported(LogFormatter):
        label = _("Import from Excel")

        def format_message(self, log_entry):
            return _("Imported from %(file)s") % log_entry.data
