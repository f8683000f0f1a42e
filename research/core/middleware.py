import logging

from django.contrib import messages
from django.db import DataError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from research.core.text import CONTROL_CHARACTERS, without_control_characters

logger = logging.getLogger(__name__)


class OutOfRangeMiddleware:
    """A backstop for the views we do not write (Wagtail's own admin filters): a value past what
    the database can hold is a bad request, answered 400 with the reason, not a server error. Our
    own views bound their parameters before they reach the database (research/bounds.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError | DataError):
            return None
        logger.info("Out-of-range value in %s: %s", request.get_full_path()[:200], exception)
        return render(
            request,
            "400.html",
            {
                "reason": _("A value in the address is out of range: %(path)s")
                % {"path": request.path}
            },
            status=400,
        )


class ControlCharactersMiddleware:
    """Every submitted form, workspace and admin alike, reaches its view without the control
    characters XML cannot hold (research/text.py): a title pasted with a vertical tab would
    otherwise be saved, published and break every OAI record and spreadsheet that carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            posted = request.POST
            if any(
                CONTROL_CHARACTERS.search(value)
                for values in posted.lists()
                for value in values[1]
                if isinstance(value, str)
            ):
                cleaned = posted.copy()
                for key, values in posted.lists():
                    cleaned.setlist(key, [without_control_characters(value) for value in values])
                cleaned._mutable = False
                request.POST = cleaned
        return self.get_response(request)


class WorkspaceNotAdminMiddleware:
    """A lecturer or council member who opens the admin is shown the way to their workspace,
    instead of being sent back to the admin's sign-in page with no pointer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(reverse("wagtailadmin_home"))
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
            and request.path not in (reverse("wagtailadmin_login"), reverse("wagtailadmin_logout"))
        ):
            messages.info(
                request,
                _(
                    "The administration is for the research office, the leadership and the editors; "
                    "your work is here, in the workspace."
                ),
            )
            return redirect("research:dashboard")
        return self.get_response(request)


class UnsupportedExportMiddleware:
    """`?export=csv` on an admin list that exports nothing would answer an empty 200 (Wagtail
    renders the list, or a file of headings only): a format the list does not give is a bad
    request, answered 400 with the reason. Lists that export declare `list_export` on their
    viewset (research/core/admin.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.admin.views.mixins import SpreadsheetExportMixin

        if "export" not in request.GET:
            return None
        view_class = getattr(view_func, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            return None
        fields = getattr(view_func, "view_initkwargs", {}).get("list_export")
        if not isinstance(fields, list | tuple):
            fields = view_class.list_export
        wanted = request.GET.get("export", "")
        if fields and wanted in view_class.FORMATS:
            return None
        if fields:
            reason = _("This list is exported as %(formats)s only.") % {
                "formats": ", ".join(view_class.FORMATS)
            }
        else:
            reason = _("This list cannot be exported.")
        return render(request, "400.html", {"reason": reason}, status=400)


class LiaisonConfinementMiddleware:
    """An ordering body's liaison (Roles.LIAISON) signs in to follow their body's orders and
    nothing else: the workspace's first page leads to their orders, the admin and every other
    workspace page are refused (403), whatever a view itself would allow. Their files go through
    the restricted-file URL, which asks the same rule (research/files.py)."""

    ALLOWED_NAMES = ("research:order-list", "research:order-detail", "research:private-file")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from research.core.permissions import is_liaison

        if is_liaison(request.user):
            confined = self.confine(request)
            if confined is not None:
                return confined
        return self.get_response(request)

    def confine(self, request):
        from django.core.exceptions import PermissionDenied
        from django.urls import Resolver404, resolve

        path = request.path
        if path == reverse("research:dashboard"):
            return redirect("research:order-list")
        admin = path.startswith(reverse("wagtailadmin_home"))
        if admin and path not in (reverse("wagtailadmin_login"), reverse("wagtailadmin_logout")):
            raise PermissionDenied(_("Liaisons of ordering bodies follow their orders only."))
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.namespace == "research" and match.view_name not in self.ALLOWED_NAMES:
            raise PermissionDenied(_("Liaisons of ordering bodies follow their orders only."))
        return None
