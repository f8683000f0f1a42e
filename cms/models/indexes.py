"""The index pages of the records, each a filtered, paginated listing of their published pages."""

from django.utils.translation import gettext_lazy as _

from cms.cards import covers, output_card, topic_card
from cms.filters import OutputPageFilterSet, PersonPageFilterSet, TopicPageFilterSet
from cms.models.base import FilteredIndexPage, published
from cms.models.records import OutputPage, PersonPage, TopicPage


class ResearchIndexPage(FilteredIndexPage):
    subpage_types = ["cms.TopicPage"]

    class Meta:
        verbose_name = _("research index")

    filterset_class = TopicPageFilterSet
    card = staticmethod(topic_card)

    def rows(self):
        return (
            published(TopicPage, self.locale_id)
            .child_of(self)
            .select_related("topic__unit", "topic__ordering_body")
            .order_by("-topic__planned_start", "title")
        )


class LibraryIndexPage(FilteredIndexPage):
    subpage_types = ["cms.OutputPage", "cms.BulletinIssuePage", "cms.EventPage"]

    class Meta:
        verbose_name = _("digital library")

    filterset_class = OutputPageFilterSet
    card = staticmethod(output_card)

    def rows(self):
        return (
            published(OutputPage, self.locale_id)
            .child_of(self)
            .filter(output__is_public=True)
            .select_related("output")
            .prefetch_related(covers())
            .order_by("-output__published_on", "title")
        )


class PeopleIndexPage(FilteredIndexPage):
    subpage_types = ["cms.PersonPage"]

    class Meta:
        verbose_name = _("people index")

    filterset_class = PersonPageFilterSet

    def rows(self):
        return (
            published(PersonPage, self.locale_id)
            .child_of(self)
            .select_related("person__unit")
            .order_by("person__sort_key", "person__pk")
        )
