"""The research office unlocks a login that django-axes locked, from Wagtail's admin
(Settings → Locked logins); each unlock is written to the audit log."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from portal.operations.security import forget_address


def decide(user, rule):
    """Who may unlock a login is a rule of the domain's one permission map, named by
    settings.PERMISSION_CHECK (research.core.permissions.check), so this plumbing imports no app."""
    return import_string(settings.PERMISSION_CHECK)(user, rule)


class LockedLoginsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Locked logins")
    header_icon = "lock"
    template_name = "operations/admin/locked_logins.html"

    def dispatch(self, request, *args, **kwargs):
        decision = decide(request.user, "unlock_login")
        if not decision:
            raise PermissionDenied(decision.reason)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        attempts = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).order_by("-attempt_time")
        return super().get_context_data(
            attempts=attempts, limit=settings.AXES_FAILURE_LIMIT, **kwargs
        )

    def post(self, request):
        attempt = AccessAttempt.objects.filter(pk=request.POST.get("attempt")).first()
        if attempt is not None:
            reset(ip=attempt.ip_address, username=attempt.username)
            forget_address(attempt.ip_address)
            user = get_user_model().objects.filter(username=attempt.username).first()
            if user is not None:
                log(
                    user,
                    "research.login_unlocked",
                    user=request.user,
                    data={"username": attempt.username, "ip_address": attempt.ip_address},
                )
            messages.success(
                request,
                _("The login “%(username)s” from %(ip)s is unlocked.")
                % {"username": attempt.username, "ip": attempt.ip_address},
            )
        return redirect("research_locked_logins")


class RuleMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(decide(request.user, "unlock_login"))


@hooks.register("register_admin_urls")
def register_locked_logins_url():
    return [path("locked-logins/", LockedLoginsView.as_view(), name="research_locked_logins")]


@hooks.register("register_settings_menu_item")
def register_locked_logins_menu_item():
    return RuleMenuItem(
        gettext_lazy("Locked logins"), reverse("research_locked_logins"), icon_name="lock"
    )


@hooks.register("register_log_actions")
def register_unlock_log_action(actions):
    actions.register_action(
        "research.login_unlocked",
        gettext_lazy("Unlock login"),
        gettext_lazy("Login unlocked after too many wrong passwords"),
    )
