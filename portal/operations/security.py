"""Security headers (Content-Security-Policy with django-csp, Permissions-Policy) and login
throttling with django-axes on both login forms: the workspace's and Wagtail's admin."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _


class SecurityHeadersMiddleware(CSPMiddleware):
    """The strict policy everywhere; Wagtail's admin gets the additions it still needs."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.update or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def address_key(request):
    return f"login-failures:{request.META.get('REMOTE_ADDR', '')}"


def address_failures(request):
    return cache.get(address_key(request), 0)


def forget_address(ip_address):
    """The research office unlocked a login from this address: its count starts again."""
    cache.delete(f"login-failures:{ip_address}")


@receiver(user_login_failed)
def count_address_failure(sender, credentials, request=None, **kwargs):
    """Every wrong password from an address counts toward the address's own ceiling, whatever
    the user name (password spraying: one wrong password for each of many user names)."""
    if request is None:
        return
    key = address_key(request)
    if not cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_HOURS * 3600):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_HOURS * 3600)


class LoginThrottleBackend(AxesStandaloneBackend):
    """Counts the wrong passwords of every login form (each passes its request) and refuses a
    locked user name from that address (django-axes), and any user name from an address with
    LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords in the lockout period. Code that authenticates
    without a request (a management command, a test's client.login) is not a login form and is
    not counted."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("too many wrong passwords from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """The answer to a locked login, in the user's language: wait, or ask the research office."""
    return render(
        request,
        "operations/locked_out.html",
        {
            "hours": settings.LOGIN_LOCKOUT_HOURS,
            "message": _(
                "Too many wrong passwords: this login is locked for %(hours)d hour(s). "
                "Wait, or ask the research office to unlock it."
            )
            % {"hours": settings.LOGIN_LOCKOUT_HOURS},
        },
        status=429,
    )
