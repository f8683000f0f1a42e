"""What public pages show and only publishing changes — the site menu, the home page's figures
and latest items — kept in Django's cache and dropped whenever a page is published,
unpublished, moved or deleted.

The cache is shared by every worker of every server (CACHE_URL: Django's database cache by
default, Redis optional), so a drop is seen everywhere at once."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

CACHE_SECONDS = 300


def home_key(language):
    return f"cms:home:{language}"


def remember(key, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def site_menu(request):
    """[(title, url)] of the live, public pages under the site's home marked “show in menus”."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def compute():
        pages = site.root_page.get_children().live().public().in_menu()
        return [(page.title, page.get_url(request), page.path) for page in pages]

    return remember(f"cms:menu:{site.pk}", compute)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def drop_cached(sender, **kwargs):
    menus = [f"cms:menu:{pk}" for pk in Site.objects.values_list("pk", flat=True)]
    homes = [home_key(code) for code, _name in settings.LANGUAGES]
    cache.delete_many([*menus, *homes])
