"""The few public addresses that are not pages: the theme's colours, robots.txt, the icon."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from cms import identity
from cms.i18n import absolute_url
from cms.models import SiteSettings

YEAR = 365 * 24 * 3600


@require_safe
def theme(request):
    """The school's colours as CSS custom properties. Its address carries a version of the
    colours, so a browser keeps it for a year and an editor's change shows at once."""
    row = SiteSettings.load(request_or_site=request)
    response = HttpResponse(
        identity.stylesheet(row.brand_colour, row.accent_colour), content_type="text/css"
    )
    if request.GET.get("v") == row.colours_version():
        response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /workspace/",
        "Disallow: /en/workspace/",
        "Disallow: /accounts/",
        f"Sitemap: {absolute_url(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them the site's icon."""
    return HttpResponseRedirect(staticfiles_storage.url("img/favicon.ico"))
