"""The public site. Pages are thin: editorial content plus a link to the research record they
publish. A topic, an output or a person is public when its page is live and public (and, for an
output, the output itself is public); publishing goes through Wagtail's moderation workflow."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.cache import home_key, remember
from cms.filters import OutputPageFilterSet, PersonPageFilterSet, TopicPageFilterSet
from cms.stats.counting import record_download, record_view
from cms.stats.models import DailyCount, Hit  # noqa: F401  (models of this app)
from research.models import (
    BulletinIssue,
    Output,
    OutputAuthor,
    OutputKind,
    Person,
    ScientificEvent,
    Topic,
    TopicLevel,
)
from research.operations.files import serve_file

PAGE_SIZE = 20


class SitePage(Page):
    """What every public page shares: an introduction and the page's image for sharing."""

    intro = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        record_view(request, self)
        return super().serve(request, *args, **kwargs)


def published(page_model):
    """The live, public pages of a page model: what a visitor may see."""
    return page_model.objects.live().public()


def paginate(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


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
        """Key figures and the latest published items, as plain data (it is cached)."""
        topics = published(TopicPage)
        outputs = published(OutputPage).filter(output__is_public=True)
        this_year = datetime.date.today().year
        levels, kinds = dict(TopicLevel.choices), dict(OutputKind.choices)
        return {
            "latest_topics": [
                (page.title, page.get_url(request), str(levels[page.topic.level]))
                for page in topics.select_related("topic").order_by("-first_published_at")[:5]
            ],
            "latest_outputs": [
                (page.title, page.get_url(request), page.output.published_on)
                for page in outputs.select_related("output").order_by("-output__published_on")[:5]
            ],
            "news": [
                (page.title, page.get_url(request), page.date)
                for page in published(NewsPage).order_by("-date")[:3]
            ],
            "topics_by_level": [
                (str(levels[level]), n)
                for level, n in topics.values_list("topic__level")
                .annotate(n=Count("pk"))
                .order_by()
            ],
            "outputs_by_kind": [
                (str(kinds[kind]), n)
                for kind, n in outputs.values_list("output__kind")
                .annotate(n=Count("pk"))
                .order_by()
            ],
            "this_year": {
                "year": this_year,
                "topics": topics.filter(topic__planned_start__year=this_year).count(),
                "outputs": outputs.filter(output__published_on__year=this_year).count(),
            },
        }


class FilteredIndexPage(SitePage):
    """An index of published pages filtered by a django-filter FilterSet, with counts and pages."""

    filterset_class = None
    parent_page_types = ["cms.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET or None, queryset=self.rows())
        filterset.count_options()
        return {
            **super().get_context(request, *args, **kwargs),
            "filter": filterset,
            "rows": paginate(request, filterset.qs),
        }


class ResearchIndexPage(FilteredIndexPage):
    subpage_types = ["cms.TopicPage"]

    class Meta:
        verbose_name = _("research index")

    filterset_class = TopicPageFilterSet

    def rows(self):
        return (
            published(TopicPage)
            .child_of(self)
            .select_related("topic__unit", "topic__ordering_body")
            .order_by("-topic__planned_start", "title")
        )


class TopicPage(SitePage):
    topic = models.OneToOneField(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="page"
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.ResearchIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("published topic")

    def get_context(self, request, *args, **kwargs):
        topic = (
            Topic.objects.select_related("unit", "field", "ordering_body")
            .prefetch_related("funding_lines__source")
            .get(pk=self.topic_id)
        )
        return {
            **super().get_context(request, *args, **kwargs),
            "record": topic,
            "team": topic.members.select_related("person__unit", "person__page"),
            "outputs": published(OutputPage)
            .filter(output__topic=topic, output__is_public=True)
            .select_related("output")
            .order_by("-output__published_on"),
        }


class LibraryIndexPage(FilteredIndexPage):
    subpage_types = ["cms.OutputPage", "cms.BulletinIssuePage", "cms.EventPage"]

    class Meta:
        verbose_name = _("digital library")

    filterset_class = OutputPageFilterSet

    def rows(self):
        return (
            published(OutputPage)
            .child_of(self)
            .filter(output__is_public=True)
            .select_related("output", "cover")
            .order_by("-output__published_on", "title")
        )


class OutputPage(RoutablePageMixin, SitePage):
    output = models.OneToOneField(
        Output,
        verbose_name=_("output"),
        on_delete=models.PROTECT,
        related_name="page",
        # Editors choose among public outputs only: a private one's title is not theirs to read.
        limit_choices_to={"is_public": True},
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("output"),
        FieldPanel("intro"),
        FieldPanel("cover"),
    ]
    parent_page_types = ["cms.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("library item")

    def clean(self):
        super().clean()
        if self.output_id and not self.output.is_publishable:
            raise ValidationError(
                {"output": _("This output is private or not verified: it cannot be published.")}
            )

    def serve(self, request, *args, **kwargs):
        # An output made private after its page went live disappears from the site at once.
        if not self.output.is_publishable:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def public_files(self):
        return self.output.files.filter(is_public=True)

    @path("")
    def index_route(self, request, *args, **kwargs):
        # A routable page answers its own address here, not through serve(): count it here.
        record_view(request, self)
        return super().index_route(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        output = (
            Output.objects.select_related("topic__page", "event", "bulletin_issue")
            .prefetch_related(
                Prefetch("authors", queryset=OutputAuthor.objects.select_related("person__page"))
            )
            .get(pk=self.output_id)
        )
        return {
            **super().get_context(request, *args, **kwargs),
            "record": output,
            "files": self.public_files(),
            "topic_page": getattr(output.topic, "page", None) if output.topic else None,
        }

    @path("tep/<int:file_id>/", name="file")
    def file(self, request, file_id):
        """A public file of a published output, whatever its storage."""
        attachment = get_object_or_404(self.public_files(), pk=file_id)
        record_download(request, self, f"file:{attachment.pk}")
        return serve_file(attachment.file)

    @path("trich-dan/<slug:style>/", name="citation")
    def citation(self, request, style):
        """The item's reference as BibTeX (.bib) or RIS (.ris), for reference managers."""
        from cms.opendata.citations import FORMATS, page_citation

        if style not in FORMATS:
            raise Http404
        return page_citation(self, style, request)

    def file_url(self, attachment):
        return self.url + self.reverse_subpage("file", args=[attachment.pk])

    @path("tai-lieu/<slug:which>/", name="record_file")
    def record_file(self, request, which):
        """The proceedings of the output's event or the PDF of its bulletin issue: public
        documents of the school, served with the published output."""
        document = self.record_documents().get(which)
        if not document:
            raise Http404
        record_download(request, self, which)
        return serve_file(document)

    def record_documents(self):
        output = self.output
        return {
            "ky-yeu": output.event.proceedings if output.event_id else None,
            "ban-tin": output.bulletin_issue.pdf if output.bulletin_issue_id else None,
        }

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.output.is_publishable else []


class PublicationPage(SitePage):
    """A page of one of the school's publications (a bulletin issue, an event) and its
    published articles, each linking to its library item."""

    record_field = ""  # the page's link to its record
    article_field = ""  # the output's link to the same record
    parent_page_types = ["cms.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    def articles(self):
        return (
            published(OutputPage)
            .filter(
                output__is_public=True,
                **{f"output__{self.article_field}": getattr(self, f"{self.record_field}_id")},
            )
            .select_related("output")
            .prefetch_related("output__authors__person")
            .order_by("output__pages", "title")
        )

    def get_context(self, request, *args, **kwargs):
        return {
            **super().get_context(request, *args, **kwargs),
            "record": getattr(self, self.record_field),
            "articles": self.articles(),
        }


class BulletinIssuePage(PublicationPage):
    issue = models.OneToOneField(
        BulletinIssue,
        verbose_name=_("bulletin issue"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    record_field, article_field = "issue", "bulletin_issue"

    content_panels = [*Page.content_panels, FieldPanel("issue"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("bulletin issue page")


class EventPage(PublicationPage):
    event = models.OneToOneField(
        ScientificEvent,
        verbose_name=_("scientific event"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    record_field, article_field = "event", "event"

    content_panels = [*Page.content_panels, FieldPanel("event"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("scientific event page")


class PeopleIndexPage(FilteredIndexPage):
    subpage_types = ["cms.PersonPage"]

    class Meta:
        verbose_name = _("people index")

    filterset_class = PersonPageFilterSet

    def rows(self):
        return (
            published(PersonPage)
            .child_of(self)
            .select_related("person__unit")
            .order_by("person__given_name", "person__full_name")
        )


class PersonPage(SitePage):
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="page"
    )

    content_panels = [*Page.content_panels, FieldPanel("person"), FieldPanel("intro")]
    parent_page_types = ["cms.PeopleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lecturer profile")

    def get_context(self, request, *args, **kwargs):
        return {
            **super().get_context(request, *args, **kwargs),
            "record": Person.objects.select_related("unit").get(pk=self.person_id),
            "topics": published(TopicPage)
            .filter(topic__members__person=self.person_id)
            .select_related("topic")
            .order_by("-topic__planned_start"),
            "outputs": published(OutputPage)
            .filter(output__authors__person=self.person_id, output__is_public=True)
            .select_related("output")
            .order_by("-output__published_on"),
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
            "rows": paginate(request, published(NewsPage).child_of(self).order_by("-date")),
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


class DeletedRecord(models.Model):
    """A record that was public and is no more (its page unpublished or deleted), kept so that
    harvesters learn of it (OAI-PMH deletedRecord “persistent”). Dropped when it is back."""

    identifier = models.CharField(max_length=200, unique=True)
    deleted_at = models.DateTimeField(db_index=True)
    sets = models.JSONField(default=list)

    class Meta:
        ordering = ["deleted_at", "identifier"]

    def __str__(self):
        return self.identifier


class AutoPublish(models.TextChoices):
    OFF = "off", _("Not created")
    DRAFT = "draft", _("Created as a draft for the editors")
    LIVE = "live", _("Created and published")


@register_setting(icon="site")
class SiteSettings(BaseGenericSetting):
    school_name = models.CharField(
        _("school name"), max_length=200, default="Trường Chính trị Lê Duẩn tỉnh Quảng Trị"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    footer = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])
    publish_automatically = models.CharField(
        _("public pages of new records"),
        max_length=10,
        choices=AutoPublish.choices,
        default=AutoPublish.DRAFT,
        help_text=_(
            "When a topic is accepted or an output, a bulletin issue or an event becomes public, "
            "its page is created as a draft for the editors, published at once, or not at all."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
