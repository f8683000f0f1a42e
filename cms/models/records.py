"""The pages that publish one research record each: a topic, a library item (an output), a
bulletin issue, a scientific event, a lecturer's profile. They link to one another's pages."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import BaseStreamBlock
from cms.citations import FORMATS, page_citation
from cms.models.base import RecordPage, kept_page, published
from cms.stats.counting import record_download, record_view
from portal.operations.files import serve_file
from research.models import (
    BulletinIssue,
    Output,
    OutputAuthor,
    Person,
    ScientificEvent,
    Topic,
    public_order,
)


class TopicPage(RecordPage):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="site_pages"
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
    record_field = "topic"

    class Meta:
        verbose_name = _("published topic")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "language"], name="cms_topicpage_one_per_language"
            )
        ]

    def get_context(self, request, *args, **kwargs):
        topic = (
            Topic.objects.select_related("unit", "field", "ordering_body")
            .prefetch_related("funding_lines__source", "orders__ordering_body")
            .get(pk=self.topic_id)
        )
        return {
            **super().get_context(request, *args, **kwargs),
            "record": topic,
            "order": public_order(topic),
            "team": topic.members.select_related("person__unit").prefetch_related(
                self.pages_here("person__site_pages", PersonPage)
            ),
            "outputs": published(OutputPage, self.locale_id)
            .filter(output__topic=topic, output__is_public=True)
            .select_related("output")
            .order_by("-output__published_on"),
        }


class OutputPage(RoutablePageMixin, RecordPage):
    output = models.ForeignKey(
        Output,
        verbose_name=_("output"),
        on_delete=models.PROTECT,
        related_name="site_pages",
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
    record_field = "output"

    class Meta:
        verbose_name = _("library item")
        constraints = [
            models.UniqueConstraint(
                fields=["output", "language"], name="cms_outputpage_one_per_language"
            )
        ]

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
        authors = OutputAuthor.objects.select_related("person").prefetch_related(
            self.pages_here("person__site_pages", PersonPage)
        )
        output = (
            Output.objects.select_related("topic", "event", "bulletin_issue")
            .prefetch_related(Prefetch("authors", queryset=authors))
            .get(pk=self.output_id)
        )
        return {
            **super().get_context(request, *args, **kwargs),
            "record": output,
            "files": self.public_files(),
            "topic_page": published(TopicPage, self.locale_id).filter(topic=output.topic_id).first()
            if output.topic_id
            else None,
        }

    # Each language's own words in these addresses (/en/library/…/file/61/, /thu-vien/…/tep/61/)
    @path(pgettext_lazy("URL", "file/<int:file_id>/"), name="file")
    def file(self, request, file_id):
        """A public file of a published output, whatever its storage."""
        attachment = get_object_or_404(self.public_files(), pk=file_id)
        record_download(request, self, f"file:{attachment.pk}")
        return serve_file(attachment.file)

    @path(pgettext_lazy("URL", "cite/<slug:style>/"), name="citation")
    def citation(self, request, style):
        """The item's reference as BibTeX (.bib), RIS (.ris) or CSL-JSON, for reference managers."""
        if style not in FORMATS:
            raise Http404
        return page_citation(self, style, request)

    def file_url(self, attachment):
        return self.url + self.reverse_subpage("file", args=[attachment.pk])

    @path(pgettext_lazy("URL", "document/<slug:which>/"), name="record_file")
    def record_file(self, request, which):
        """The proceedings of the output's event or the PDF of its bulletin issue: public
        documents of the school, served with the published output."""
        document = self.record_documents().get(which)
        if not document:
            raise Http404
        record_download(request, self, which)
        return serve_file(document)

    # The English pages' addresses before they had English words: they lead on to the new ones.
    @path("tep/<int:file_id>/", name="old_file")
    def old_file(self, request, file_id):
        return redirect(self.url + self.reverse_subpage("file", args=[file_id]), permanent=True)

    @path("trich-dan/<slug:style>/", name="old_citation")
    def old_citation(self, request, style):
        return redirect(self.url + self.reverse_subpage("citation", args=[style]), permanent=True)

    @path("tai-lieu/<slug:which>/", name="old_record_file")
    def old_record_file(self, request, which):
        return redirect(
            self.url + self.reverse_subpage("record_file", args=[which]), permanent=True
        )

    def record_documents(self):
        output = self.output
        return {
            "ky-yeu": output.event.proceedings if output.event_id else None,
            "ban-tin": output.bulletin_issue.pdf if output.bulletin_issue_id else None,
        }

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.output.is_publishable else []


class PublicationPage(RecordPage):
    """A page of one of the school's publications (a bulletin issue, an event) and its
    published articles, each linking to its library item."""

    article_field = ""  # the output's link to the same record
    parent_page_types = ["cms.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    def articles(self):
        return (
            published(OutputPage, self.locale_id)
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
    issue = models.ForeignKey(
        BulletinIssue,
        verbose_name=_("bulletin issue"),
        on_delete=models.PROTECT,
        related_name="site_pages",
    )
    record_field, article_field = "issue", "bulletin_issue"

    content_panels = [*Page.content_panels, FieldPanel("issue"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("bulletin issue page")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "language"], name="cms_bulletinissuepage_one_per_language"
            )
        ]


class EventPage(PublicationPage):
    event = models.ForeignKey(
        ScientificEvent,
        verbose_name=_("scientific event"),
        on_delete=models.PROTECT,
        related_name="site_pages",
    )
    record_field, article_field = "event", "event"

    content_panels = [*Page.content_panels, FieldPanel("event"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("scientific event page")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="cms_eventpage_one_per_language"
            )
        ]


class PersonPage(RecordPage):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="site_pages"
    )

    content_panels = [*Page.content_panels, FieldPanel("person"), FieldPanel("intro")]
    parent_page_types = ["cms.PeopleIndexPage"]
    subpage_types = []
    record_field = "person"

    class Meta:
        verbose_name = _("lecturer profile")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "language"], name="cms_personpage_one_per_language"
            )
        ]

    def heading(self):
        return self.person.display_name, None  # a name is the same in every language

    def get_context(self, request, *args, **kwargs):
        return {
            **super().get_context(request, *args, **kwargs),
            "record": Person.objects.select_related("unit").get(pk=self.person_id),
            # a page of each at a time: a prolific author's list has no end
            "topics": kept_page(
                request,
                published(TopicPage, self.locale_id)
                .filter(topic__members__person=self.person_id)
                .select_related("topic")
                .order_by("-topic__planned_start", "pk"),
                (self.pk, "topics"),
                param="topics",
            ),
            "outputs": kept_page(
                request,
                published(OutputPage, self.locale_id)
                .filter(output__authors__person=self.person_id, output__is_public=True)
                .select_related("output")
                .order_by("-output__published_on", "pk"),
                (self.pk, "outputs"),
                param="outputs",
            ),
        }
