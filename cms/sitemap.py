"""sitemap.xml: every live, public page of the site in every language, each with its
counterparts as hreflang alternates, at absolute addresses from settings.SITE_BASE_URL."""

from collections import defaultdict

from django.db.models import prefetch_related_objects
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.i18n import absolute_url, language_of
from cms.models import OutputPage


class SiteSitemap(Sitemap):
    def items(self):
        home = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=home.translation_key)
        pages = Page.objects.none()
        for root in homes:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        # a library item is listed only while its output may be published: one query for all
        prefetch_related_objects([item for item in items if isinstance(item, OutputPage)], "output")
        urls_by_key = defaultdict(list)
        entries = []
        for item in items:
            for info in item.get_sitemap_urls(self.request):
                path = item.get_url(self.request)
                if not path:
                    continue
                info = {**info, "location": absolute_url(path), "item": item}
                urls_by_key[item.translation_key].append(
                    {"location": info["location"], "lang_code": language_of(item.locale_id)}
                )
                entries.append(info)
        for info in entries:
            alternates = urls_by_key[info["item"].translation_key]
            info["alternates"] = alternates if len(alternates) > 1 else []
        modified = {info.get("lastmod") for info in entries}
        if modified and None not in modified:
            self.latest_lastmod = max(modified)
        return entries
