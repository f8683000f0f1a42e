"""What every public page shows and few edits change — the site menu — kept in Django's cache
and dropped whenever a page is published, unpublished, moved or deleted.

With the default per-process cache, another process may show the old menu for up to
MENU_SECONDS; production can point CACHES at a shared cache to make the drop immediate."""

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

MENU_SECONDS = 300


def site_menu(request):
    """[(title, url)] of the live, public pages under the site's home marked “show in menus”."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = f"cms:menu:{site.pk}"
    menu = cache.get(key)
    if menu is None:
        pages = site.root_page.get_children().live().public().in_menu()
        menu = [(page.title, page.get_url(request), page.path) for page in pages]
        cache.set(key, menu, MENU_SECONDS)
    return menu


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def drop_menus(sender, **kwargs):
    cache.delete_many([f"cms:menu:{pk}" for pk in Site.objects.values_list("pk", flat=True)])
