"""The editors' own pages: the home page (key figures and the latest items), news, standard pages."""

import datetime

from django.db import models
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms import charts
from cms.blocks import BaseStreamBlock
from cms.cache import home_key, remember
from cms.cards import covers, output_card, topic_card
from cms.models.base import LATEST, YEARS_CHARTED, SitePage, index_url, paginate, published
from cms.models.indexes import LibraryIndexPage, ResearchIndexPage
from cms.models.records import OutputPage, PersonPage, TopicPage
from research.models import (
    OutputKind,
    TopicLevel,
    TopicStatus,
)


class HomePage(SitePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ResearchIndexPage",
        "cms.LibraryIndexPage",
        "cms.PeopleIndexPage",
        "cms.NewsIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        return {
            **super().get_context(request, *args, **kwargs),
            **remember(home_key(get_language()), lambda: self.summary(request)),
        }

    def summary(self, request):
        """Key figures, their charts and the latest published items of this language's site,
        as plain data (it is cached per language)."""
        topics = published(TopicPage, self.locale_id)
        outputs = published(OutputPage, self.locale_id).filter(output__is_public=True)
        this_year = datetime.date.today().year
        levels, kinds = dict(TopicLevel.choices), dict(OutputKind.choices)
        by_year = dict(
            topics.filter(topic__planned_start__year__gt=this_year - YEARS_CHARTED)
            .values_list("topic__planned_start__year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {
            "latest_topics": [
                topic_card(page, request)
                for page in topics.select_related("topic__unit").order_by("-first_published_at")[
                    :LATEST
                ]
            ],
            "latest_outputs": [
                output_card(page, request)
                for page in outputs.select_related("output")
                .prefetch_related(covers())
                .order_by("-output__published_on")[:LATEST]
            ],
            "news": [
                (page.title, page.get_url(request), page.date)
                for page in published(NewsPage, self.locale_id).order_by("-date")[:3]
            ],
            "research_index": index_url(ResearchIndexPage, self, request),
            "library_index": index_url(LibraryIndexPage, self, request),
            "totals": {
                "topics": topics.count(),
                "accepted": topics.filter(topic__status=TopicStatus.ACCEPTED).count(),
                "outputs": outputs.count(),
                "people": published(PersonPage, self.locale_id).count(),
            },
            "topics_by_level": charts.bars(
                (str(levels[level]), n)
                for level, n in topics.values_list("topic__level")
                .annotate(n=Count("pk"))
                .order_by("-n")
            ),
            "outputs_by_kind": charts.bars(
                (str(kinds[kind]), n)
                for kind, n in outputs.values_list("output__kind")
                .annotate(n=Count("pk"))
                .order_by("-n")
            ),
            "topics_by_year": charts.columns(
                (year, by_year.get(year, 0))
                for year in range(this_year - YEARS_CHARTED + 1, this_year + 1)
            ),
            "this_year": {
                "year": this_year,
                "topics": by_year.get(this_year, 0),
                "outputs": outputs.filter(output__published_on__year=this_year).count(),
            },
        }


class NewsIndexPage(SitePage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        return {
            **super().get_context(request, *args, **kwargs),
            "rows": paginate(
                request, published(NewsPage, self.locale_id).child_of(self).order_by("-date")
            ),
        }


class NewsPage(SitePage):
    date = models.DateField(_("date"), default=datetime.date.today)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("date"), FieldPanel("body")]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")


class StandardPage(SitePage):
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*SitePage.content_panels, FieldPanel("body")]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
