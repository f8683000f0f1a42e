"""What public pages show and only publishing changes — the site menu, the home page's figures
and latest items — kept in Django's cache and dropped whenever a page is published,
unpublished, moved or deleted.

The cache is shared by every worker of every server (CACHE_URL: Django's database cache by
default, Redis optional), so a drop is seen everywhere at once."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.bulk_pages import pages_published_in_bulk
from cms.i18n import content_language

CACHE_SECONDS = 300


def home_key(language):
    return f"cms:home:{language}"


def remember(key, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def menu_key(site_pk, language):
    return f"cms:menu:{site_pk}:{language}"


def site_menu(request):
    """[(title, url, path)] of the live, public pages marked “show in menus” under the home page
    of the visitor's language."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def compute():
        pages = site.root_page.localized.get_children().live().public().in_menu()
        return [
            (page.title, page.get_url(request), page.path, content_language(page)) for page in pages
        ]

    return remember(menu_key(site.pk, get_language()), compute)


@receiver(page_published)
@receiver(pages_published_in_bulk)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def drop_cached(sender, **kwargs):
    languages = [code for code, _name in settings.LANGUAGES]
    sites = Site.objects.values_list("pk", flat=True)
    menus = [menu_key(pk, code) for pk in sites for code in languages]
    homes = [home_key(code) for code in languages]
    cache.delete_many([*menus, *homes])
