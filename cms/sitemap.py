"""The sitemaps: every live, public page of the site in every language, each with its
counterparts as hreflang alternates, at absolute addresses from settings.SITE_BASE_URL.

`sitemap.xml` is their index (sitemaps.org's protocol caps a sitemap at 50,000 addresses; a
province's archive has hundreds of thousands of pages in two languages): it lists
`sitemap-pages.xml`, `sitemap-pages.xml?p=2` … each holding `SiteSitemap.limit` pages."""

from collections import defaultdict

from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
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


SITEMAPS = {"pages": SiteSitemap}


def index(request):
    """sitemap.xml: the address of each sitemap page (one COUNT, whatever the number of pages)."""
    pages = SiteSitemap(request).paginator.num_pages
    address = absolute_url(reverse("sitemap", kwargs={"section": "pages"}))
    items = [
        SitemapIndexItem(address if n == 1 else f"{address}?p={n}", None)
        for n in range(1, pages + 1)
    ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


def pages(request, section):
    return sitemap(request, SITEMAPS, section=section)
