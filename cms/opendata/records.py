"""What harvesters see: one record per published topic and library item, its identifier,
datestamp and sets, its Dublin Core, and the records that were public once (deleted)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone, translation
from wagtail.signals import page_published, page_unpublished

from cms.models import DeletedRecord, OutputPage, SiteSettings, TopicPage, published
from research.models import OutputAuthor, OutputKind, TopicLevel, Unit, Verification

TOPIC, OUTPUT = "topic", "output"


def identifier(kind, pk):
    return f"oai:{settings.OAI_REPOSITORY_ID}:{kind}/{pk}"


def parse_identifier(value):
    """(kind, pk) of one of our identifiers, or None."""
    prefix = f"oai:{settings.OAI_REPOSITORY_ID}:"
    if not value.startswith(prefix):
        return None
    kind, _slash, pk = value[len(prefix) :].partition("/")
    if kind not in (TOPIC, OUTPUT) or not pk.isdigit():
        return None
    return kind, int(pk)


def topic_pages():
    return published(TopicPage)


def output_pages():
    return published(OutputPage).filter(
        output__is_public=True, output__verification=Verification.VERIFIED
    )


@dataclass
class Header:
    identifier: str
    datestamp: object
    sets: list = field(default_factory=list)
    deleted: bool = False
    kind: str = ""
    pk: int = 0


def topic_sets(unit_id):
    return ["type:topic", f"unit:{unit_id}"]


def output_sets(kind, unit_ids):
    return ["type:output", f"type:output:{kind}", *(f"unit:{pk}" for pk in sorted(unit_ids))]


def datestamp(record_moment):
    """When a record last changed for harvesters: its page's last publication, else its first,
    else the record's own time (a page made live without Wagtail's publishing has neither)."""
    return Coalesce("last_published_at", "first_published_at", record_moment)


def headers():
    """Every record a harvester may see, live or deleted, oldest change first."""
    found = [
        Header(identifier(TOPIC, pk), stamp, topic_sets(unit_id), kind=TOPIC, pk=pk)
        for pk, stamp, unit_id in topic_pages().values_list(
            "topic_id", datestamp("topic__updated_at"), "topic__unit_id"
        )
    ]
    outputs = list(
        output_pages().values_list("output_id", datestamp("output__created_at"), "output__kind")
    )
    units = {}
    for output_id, unit_id in OutputAuthor.objects.filter(
        output_id__in=[row[0] for row in outputs], person__unit__isnull=False
    ).values_list("output_id", "person__unit_id"):
        units.setdefault(output_id, set()).add(unit_id)
    found += [
        Header(
            identifier(OUTPUT, pk), stamp, output_sets(kind, units.get(pk, ())), kind=OUTPUT, pk=pk
        )
        for pk, stamp, kind in outputs
    ]
    live = {header.identifier for header in found}
    found += [
        Header(record.identifier, record.deleted_at, record.sets, deleted=True)
        for record in DeletedRecord.objects.all()
        if record.identifier not in live
    ]
    return sorted(found, key=lambda header: (header.datestamp, header.identifier))


def in_set(header, spec):
    return any(name == spec or name.startswith(f"{spec}:") for name in header.sets)


def all_sets():
    """(setSpec, setName) of every set, in Vietnamese as the site is."""
    with translation.override(settings.LANGUAGE_CODE):
        sets = [("type:topic", str(translation.gettext("Research topics")))]
        sets.append(("type:output", str(translation.gettext("Library items"))))
        sets += [(f"type:output:{code}", str(label)) for code, label in OutputKind.choices]
        sets += [(f"unit:{unit.pk}", unit.name) for unit in Unit.objects.all()]
    return sets


def pages_for(found):
    """{(kind, pk): page} of the live headers in `found`, with what their metadata reads."""
    topics = [h.pk for h in found if h.kind == TOPIC and not h.deleted]
    outputs = [h.pk for h in found if h.kind == OUTPUT and not h.deleted]
    pages = {}
    for page in (
        topic_pages()
        .filter(topic_id__in=topics)
        .select_related("topic__field", "topic__unit")
        .prefetch_related("topic__members__person")
    ):
        pages[(TOPIC, page.topic_id)] = page
    for page in (
        output_pages()
        .filter(output_id__in=outputs)
        .select_related("output__topic__page")
        .prefetch_related("output__authors__person")
    ):
        pages[(OUTPUT, page.output_id)] = page
    return pages


def dublin_core(page, request=None):
    """[(element, value)] of a page's record in unqualified Dublin Core, in that order."""
    school = SiteSettings.load().school_name
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(page, TopicPage):
            topic = page.topic
            elements = [("title", topic.title)]
            elements += [("creator", person.full_name) for person in topic.team_people() if person]
            elements += [("subject", word) for word in topic.keyword_list]
            if topic.field_id:
                elements.append(("subject", topic.field.name))
            if topic.summary:
                elements.append(("description", topic.summary))
            elements += [("publisher", school), ("contributor", topic.unit.name)]
            elements.append(("date", (topic.accepted_on or topic.planned_start).isoformat()))
            elements += [("type", "Text"), ("type", str(TopicLevel(topic.level).label))]
            elements.append(("identifier", page.get_full_url(request)))
            elements.append(("language", "vi"))
            return elements
        output = page.output
        elements = [("title", output.title)]
        elements += [("creator", author.person.full_name) for author in output.authors.all()]
        elements += [("subject", word) for word in output.keyword_list]
        if output.abstract:
            elements.append(("description", output.abstract))
        elements.append(("publisher", output.publisher or school))
        elements.append(("date", output.published_on.isoformat()))
        elements += [("type", "Text"), ("type", str(OutputKind(output.kind).label))]
        elements.append(("identifier", page.get_full_url(request)))
        if output.isbn:
            elements.append(("identifier", f"ISBN {output.isbn}"))
        if output.issn:
            elements.append(("identifier", f"ISSN {output.issn}"))
        if output.venue:
            elements.append(("source", output.citation))
        elements.append(("language", "vi"))
        topic_page = getattr(output.topic, "page", None) if output.topic_id else None
        if topic_page is not None and topic_page.live:
            elements.append(("relation", topic_page.get_full_url(request)))
        return elements


# --- deleted records: kept when a page stops being public, dropped when it is back -------------


def header_of_page(page):
    page = page.specific
    if isinstance(page, TopicPage):
        return identifier(TOPIC, page.topic_id), topic_sets(page.topic.unit_id)
    if isinstance(page, OutputPage):
        output = page.output
        units = {
            a.person.unit_id for a in output.authors.select_related("person") if a.person.unit_id
        }
        return identifier(OUTPUT, page.output_id), output_sets(output.kind, units)
    return None, None


@receiver(page_unpublished)
def page_withdrawn(sender, instance, **kwargs):
    name, sets = header_of_page(instance)
    if name:
        DeletedRecord.objects.update_or_create(
            identifier=name, defaults={"deleted_at": timezone.now(), "sets": sets}
        )


@receiver(post_delete, sender=TopicPage)
@receiver(post_delete, sender=OutputPage)
def page_deleted(sender, instance, **kwargs):
    if instance.live:
        page_withdrawn(sender, instance)


@receiver(page_published)
def page_back(sender, instance, **kwargs):
    name, _sets = header_of_page(instance)
    if name:
        DeletedRecord.objects.filter(identifier=name).delete()
