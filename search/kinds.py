"""The kinds of page the public search finds. Adding one is one registration here: a function
that describes a published page, decorated with `register(...)` — its label (the `type` facet),
its page model, what to load with it, and the records whose edits change it. Everything else
(entries, the Elasticsearch index and alias, index maintenance, the facet, the search page)
follows from the registry. See docs/search.md, "Adding a kind of page"."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from cms.models import NewsPage, OutputPage, PersonPage, TopicPage, published
from research.models import Output, OutputAuthor, Person, Topic, TopicMember, Unit


@dataclass
class Description:
    """What a published page is found by and filtered on."""

    texts: list  # every text the page is found by, titles included
    summary: str = ""
    date: datetime.date | None = None
    title_en: str = ""
    level: str = ""
    output_kind: str = ""
    unit_id: int | None = None
    field_id: int | None = None
    ordering_body_id: int | None = None


@dataclass(frozen=True)
class PageKind:
    name: str  # on the entry, the `type` facet's value, the alias suffix: a-z, at most 10
    label: str
    page_model: type
    describe: callable  # page → Description
    prepare: callable  # the live, public pages → those with what `describe` reads
    # record model → (lookup from the page model to the record, attribute of the record's row
    # giving the value): an edit of such a row re-indexes the pages it shows on
    records: dict = field(default_factory=dict)

    def pages(self):
        """The pages of this kind a visitor may see, in the default language's tree: the other
        languages' counterparts show the same records (the search links each hit to the
        visitor's language, see search.query.in_visitors_language)."""
        return self.prepare(published(self.page_model))


KINDS = {}


def listed(lookup, queryset):
    """Prefetch the rows of `lookup` into a plain list, `listed_<its last name>` on each record:
    a rebuild reads 220,000 such lists, and the related manager and queryset `prefetch_related`
    otherwise makes for each took 1.4 of the 26.8 s spent loading pages."""
    return Prefetch(lookup, queryset=queryset, to_attr="listed_" + lookup.rsplit("__", 1)[-1])


def register(name, label, page_model, *, prepare=lambda pages: pages, records=None):
    def decorator(describe):
        assert name.isalpha() and name.islower() and len(name) <= 10, name
        KINDS[name] = PageKind(name, label, page_model, describe, prepare, records or {})
        return describe

    return decorator


def kind_of(page):
    """The registered kind of a (specific) page, or None."""
    return next((kind for kind in KINDS.values() if isinstance(page, kind.page_model)), None)


def labels():
    return {name: kind.label for name, kind in KINDS.items()}


@register(
    "topic",
    _("Topic"),
    TopicPage,
    prepare=lambda pages: pages.select_related(
        "topic__unit", "topic__field", "topic__ordering_body"
    ).prefetch_related(listed("topic__members", TopicMember.objects.select_related("person"))),
    records={
        Topic: ("topic", "pk"),
        TopicMember: ("topic", "topic_id"),
        Person: ("topic__members__person", "pk"),
        Unit: ("topic__unit", "pk"),
    },
)
def describe_topic(page):
    topic = page.topic
    names = [member.person.full_name for member in topic.listed_members]
    named = [str(value) for value in (topic.unit, topic.field, topic.ordering_body) if value]
    return Description(
        texts=[topic.code, page.title, topic.title, topic.title_en, topic.summary]
        + [topic.keywords, *names, *named],
        summary=page.intro or topic.summary,
        date=topic.planned_start,
        title_en=topic.title_en,
        level=topic.level,
        unit_id=topic.unit_id,
        field_id=topic.field_id,
        ordering_body_id=topic.ordering_body_id,
    )


@register(
    "output",
    _("Output"),
    OutputPage,
    prepare=lambda pages: (
        pages.filter(output__is_public=True)
        .select_related("output__topic", "output__event")
        .prefetch_related(
            listed("output__authors", OutputAuthor.objects.select_related("person__unit"))
        )
    ),
    records={
        Output: ("output", "pk"),
        OutputAuthor: ("output", "output_id"),
        Person: ("output__authors__person", "pk"),
        Unit: ("output__authors__person__unit", "pk"),
    },
)
def describe_output(page):
    output = page.output
    authors = [author.person for author in output.listed_authors]
    units = [person.unit for person in authors if person.unit_id]
    return Description(
        texts=[page.title, output.title, output.abstract, output.keywords, output.venue]
        + [output.publisher, *(person.full_name for person in authors)]
        + [str(unit) for unit in units],
        summary=page.intro or output.abstract,
        date=output.published_on,
        output_kind=output.kind,
        unit_id=units[0].pk if units else None,
        field_id=output.topic.field_id if output.topic_id else None,
    )


@register(
    "person",
    _("Person"),
    PersonPage,
    prepare=lambda pages: pages.select_related("person__unit"),
    records={Person: ("person", "pk"), Unit: ("person__unit", "pk")},
)
def describe_person(page):
    person = page.person
    return Description(
        texts=[person.full_name, person.display_name, person.bio, page.intro]
        + [str(person.unit) if person.unit_id else person.affiliation],
        summary=page.intro or person.bio,
        unit_id=person.unit_id,
    )


@register("news", _("News"), NewsPage)
def describe_news(page):
    body = NewsPage._meta.get_field("body").get_searchable_content(page.body)
    return Description(texts=[page.title, page.intro, *body], summary=page.intro, date=page.date)
