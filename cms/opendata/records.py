"""What harvesters see: one record per published topic and library item, its identifier,
datestamp and sets, its Dublin Core, and the records that were public once (deleted).

The receivers at the end keep deleted records and datestamps: they are connected in
CmsConfig.ready(), so a page unpublished or a title corrected from a command, the shell or a
scheduled job is tracked as from the site."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from cms.bulk_pages import pages_published_in_bulk
from cms.i18n import page_url
from cms.models import (
    DeletedRecord,
    OutputPage,
    RecordStamp,
    SiteSettings,
    TopicPage,
    published,
)
from research.models import (
    Output,
    OutputAuthor,
    OutputKind,
    Person,
    ResearchField,
    Topic,
    TopicLevel,
    TopicMember,
    Unit,
    Verification,
    public_order,
    public_order_sentence,
)
from research.signals import records_imported

TOPIC, OUTPUT = "topic", "output"


def identifier(kind, pk):
    return f"oai:{settings.OAI_REPOSITORY_ID}:{kind}/{pk}"


def parse_identifier(value):
    """(kind, pk) of one of our identifiers, or None."""
    prefix = f"oai:{settings.OAI_REPOSITORY_ID}:"
    if not value.startswith(prefix):
        return None
    kind, _slash, pk = value[len(prefix) :].partition("/")
    # ASCII digits only ("²".isdigit() is true), and no more than a database id holds
    if kind not in (TOPIC, OUTPUT) or not re.fullmatch(r"[0-9]{1,18}", pk):
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


def published_pages(page_ids):
    """The published topic and library pages among `page_ids`, in that order."""
    found = {
        page.pk: page
        for page in [
            *topic_pages()
            .filter(pk__in=page_ids)
            .select_related("topic__unit")
            .prefetch_related("topic__members__person", "topic__orders__ordering_body"),
            *output_pages().filter(pk__in=page_ids).prefetch_related("output__authors__person"),
        ]
    }
    return [found[pk] for pk in page_ids if pk in found]


def topic_sets(unit_id):
    return ["type:topic", f"unit:{unit_id}"]


def output_sets(kind, unit_ids):
    return ["type:output", f"type:output:{kind}", *(f"unit:{pk}" for pk in sorted(unit_ids))]


def datestamp(record_moment):
    """When a record's page last changed for harvesters: its last publication, else its first,
    else the record's own time (a page made live without Wagtail's publishing has neither)."""
    return Coalesce("last_published_at", "first_published_at", record_moment)


def to_second(moment):
    """The repository's granularity is the second: datestamps are compared as they are shown."""
    return moment.replace(microsecond=0)


def headers():
    """Every record a harvester may see, live or deleted, oldest change first: (datestamp,
    identifier) orders them, which resumption tokens rely on. A live record's datestamp is the
    later of its page's publication and the last change of its metadata (RecordStamp)."""
    found = live_headers()
    stamps = dict(RecordStamp.objects.values_list("identifier", "changed_at"))
    for header in found:
        changed = stamps.get(header.identifier)
        if changed is not None and changed > header.datestamp:
            header.datestamp = changed
    live = {header.identifier for header in found}
    found += [
        Header(record.identifier, record.deleted_at, record.sets, deleted=True)
        for record in DeletedRecord.objects.all()
        if record.identifier not in live
    ]
    for header in found:
        header.datestamp = to_second(header.datestamp)
    return sorted(found, key=lambda header: (header.datestamp, header.identifier))


def live_headers(topics=None, outputs=None):
    """The headers of the live records (of the given topic and output ids only, when given),
    stamped with their pages' publication."""
    topic_rows = topic_pages()
    output_rows = output_pages()
    if topics is not None or outputs is not None:
        topic_rows = topic_rows.filter(topic_id__in=topics or ())
        output_rows = output_rows.filter(output_id__in=outputs or ())
    found = [
        Header(identifier(TOPIC, pk), stamp, topic_sets(unit_id), kind=TOPIC, pk=pk)
        for pk, stamp, unit_id in topic_rows.values_list(
            "topic_id", datestamp("topic__updated_at"), "topic__unit_id"
        )
    ]
    rows = list(
        output_rows.values_list("output_id", datestamp("output__created_at"), "output__kind")
    )
    units = {}
    for output_id, unit_id in OutputAuthor.objects.filter(
        output_id__in=[row[0] for row in rows], person__unit__isnull=False
    ).values_list("output_id", "person__unit_id"):
        units.setdefault(output_id, set()).add(unit_id)
    found += [
        Header(
            identifier(OUTPUT, pk), stamp, output_sets(kind, units.get(pk, ())), kind=OUTPUT, pk=pk
        )
        for pk, stamp, kind in rows
    ]
    return found


def in_set(header, spec):
    return any(name == spec or name.startswith(f"{spec}:") for name in header.sets)


def all_sets():
    """(setSpec, setName) of every set, in Vietnamese as the site is; the parent sets (`type`,
    `unit`) first, as a set's records are in its parent too."""
    with translation.override(settings.LANGUAGE_CODE):
        sets = [
            ("type", str(translation.gettext("Records by type"))),
            ("unit", str(translation.gettext("Records by unit"))),
        ]
        sets.append(("type:topic", str(translation.gettext("Research topics"))))
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
        .prefetch_related("topic__members__person", "topic__orders__ordering_body")
    ):
        pages[(TOPIC, page.topic_id)] = page
    for page in (
        output_pages()
        .filter(output_id__in=outputs)
        .prefetch_related(
            Prefetch("output__topic__site_pages", queryset=topic_pages(), to_attr="live_pages")
        )
        .prefetch_related("output__authors__person")
    ):
        pages[(OUTPUT, page.output_id)] = page
    return pages


def dublin_core(page, request=None, school=None):
    """[(element, value)] of a page's record in unqualified Dublin Core, in that order (`school`,
    the publisher, read once by a caller describing many)."""
    school = SiteSettings.load().school_name if school is None else school
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
            if (order := public_order(topic)) is not None:
                elements.append(("contributor", order.ordering_body.name))
                elements.append(("description", public_order_sentence(order)))
            elements.append(("date", (topic.accepted_on or topic.planned_start).isoformat()))
            elements += [("type", "Text"), ("type", str(TopicLevel(topic.level).label))]
            elements.append(("identifier", page_url(page)))
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
        elements.append(("identifier", page_url(page)))
        if output.isbn:
            elements.append(("identifier", f"ISBN {output.isbn}"))
        if output.issn:
            elements.append(("identifier", f"ISSN {output.issn}"))
        if output.venue:
            elements.append(("source", output.citation))
        elements.append(("language", "vi"))
        topic_pages_here = getattr(output.topic, "live_pages", None) if output.topic_id else None
        topic_page = topic_pages_here[0] if topic_pages_here else None
        if topic_page is not None:
            elements.append(("relation", page_url(topic_page)))
        return elements


# --- deleted records: kept when a page stops being public, dropped when it is back -------------


def header_of_page(page):
    page = page.specific
    if page.locale.language_code != settings.LANGUAGE_CODE:
        return None, None  # the records' other-language pages mirror the default language's
    if isinstance(page, TopicPage):
        return identifier(TOPIC, page.topic_id), topic_sets(page.topic.unit_id)
    if isinstance(page, OutputPage):
        output = page.output
        units = {
            a.person.unit_id for a in output.authors.select_related("person") if a.person.unit_id
        }
        return identifier(OUTPUT, page.output_id), output_sets(output.kind, units)
    return None, None


@receiver(page_unpublished, dispatch_uid="cms.opendata.page_withdrawn")
def page_withdrawn(sender, instance, **kwargs):
    name, sets = header_of_page(instance)
    if name:
        DeletedRecord.objects.update_or_create(
            identifier=name, defaults={"deleted_at": timezone.now(), "sets": sets}
        )


@receiver(post_delete, sender=TopicPage, dispatch_uid="cms.opendata.topic_page_deleted")
@receiver(post_delete, sender=OutputPage, dispatch_uid="cms.opendata.output_page_deleted")
def page_deleted(sender, instance, **kwargs):
    if instance.live:
        page_withdrawn(sender, instance)


@receiver(page_published, dispatch_uid="cms.opendata.page_back")
def page_back(sender, instance, **kwargs):
    name, _sets = header_of_page(instance)
    if name:
        DeletedRecord.objects.filter(identifier=name).delete()
        page = instance.specific
        if isinstance(page, TopicPage):
            transaction.on_commit(lambda: restamp(topics=[page.topic_id], outputs=()))
        else:
            transaction.on_commit(lambda: restamp(topics=(), outputs=[page.output_id]))


@receiver(pages_published_in_bulk, dispatch_uid="cms.opendata.pages_back")
def pages_back(sender, pages, **kwargs):
    """`page_back` for pages published together (cms.bulk_pages): the default language's."""
    key = {TopicPage: "topics", OutputPage: "outputs"}.get(sender)
    pages = [page for page in pages if page.language == settings.LANGUAGE_CODE]
    if key is None or not pages:
        return
    ids = [getattr(page, "topic_id" if sender is TopicPage else "output_id") for page in pages]
    kind = TOPIC if sender is TopicPage else OUTPUT
    DeletedRecord.objects.filter(identifier__in=[identifier(kind, pk) for pk in ids]).delete()
    transaction.on_commit(lambda: restamp_in_chunks(key, ids))


# records restamped at a time (SQLite refuses the prefetch of thousands)
CHUNK = 200


def restamp_in_chunks(key, ids, size=CHUNK):
    """`restamp` of many records a chunk at a time."""
    for start in range(0, len(ids), size):
        restamp(**{"topics": (), "outputs": (), key: ids[start : start + size]})


# --- datestamps: a record is restamped when what its metadata shows changes --------------------


def digest(header, page, school=None):
    shown = {"dc": dublin_core(page, school=school), "sets": header.sets}
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def restamp(topics=None, outputs=None, changed=False):
    """Compare the Dublin Core of the given live records (all of them when none is given) with
    what was last stamped, and restamp those that differ. A record not stamped before keeps its
    page's datestamp, unless it is known to have just `changed` (a save of what it shows). Safe to
    run twice; returns how many records were restamped."""
    found = live_headers(topics, outputs)
    if not found:
        return 0
    pages = pages_for(found)
    known = {
        stamp.identifier: stamp
        for stamp in RecordStamp.objects.filter(identifier__in=[h.identifier for h in found])
    }
    now, restamped, created = timezone.now(), [], []
    school, roots = SiteSettings.load().school_name, Site.get_site_root_paths()
    for header in found:
        page = pages.get((header.kind, header.pk))
        if page is None:
            continue
        page._wagtail_cached_site_root_paths = roots  # read once for all the addresses
        value = digest(header, page, school)
        stamp = known.get(header.identifier)
        if stamp is None:
            first = now if changed else header.datestamp
            created.append(
                RecordStamp(identifier=header.identifier, digest=value, changed_at=first)
            )
        elif stamp.digest != value:
            stamp.digest, stamp.changed_at = value, now
            restamped.append(stamp)
    RecordStamp.objects.bulk_create(created, ignore_conflicts=True)
    RecordStamp.objects.bulk_update(restamped, ["digest", "changed_at"])
    return len(restamped) + (len(created) if changed else 0)


def restamp_after_commit(topics=(), outputs=()):
    """Restamp once the transaction commits; `topics` and `outputs` may be lazy querysets of
    ids, read only then (a save costs no query of its own). Every call of one transaction shares
    one restamp: a demo or an action that saves hundreds of records compares each record's
    metadata once, not once per save."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        PendingRestamp(topics, outputs)()
        return
    # only a hook registered at the same depth of savepoints: one from an enclosing block may
    # already have run (a test's captured callbacks) or be kept back when this block commits
    savepoints = set(connection.savepoint_ids)
    pending = next(
        (
            hook
            for sids, hook, _ in reversed(connection.run_on_commit)
            if isinstance(hook, PendingRestamp) and not hook.done and sids == savepoints
        ),
        None,
    )
    if pending is None:
        # registered with the savepoints open now: a rollback of one of them drops it with the
        # ids it holds, all of them saved inside that savepoint; the next save registers anew
        transaction.on_commit(PendingRestamp(topics, outputs))
    else:
        pending.add(topics, outputs)


class PendingRestamp:
    """The ids a transaction's saves asked to restamp, read and restamped when it commits."""

    def __init__(self, topics, outputs):
        self.topics, self.outputs = [topics], [outputs]
        self.done = False  # run: a later save (a test's next captured block) registers anew

    def add(self, topics, outputs):
        self.topics.append(topics)
        self.outputs.append(outputs)

    def __call__(self):
        self.done = True
        topic_ids = sorted({pk for ids in self.topics for pk in ids})
        output_ids = sorted({pk for ids in self.outputs for pk in ids})
        for start in range(0, max(len(topic_ids), len(output_ids)), CHUNK):
            restamp(
                topic_ids[start : start + CHUNK], output_ids[start : start + CHUNK], changed=True
            )


@receiver(post_save, sender=Topic, dispatch_uid="cms.opendata.topic_saved")
@receiver(post_save, sender=Output, dispatch_uid="cms.opendata.output_saved")
def record_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        key = "topics" if sender is Topic else "outputs"
        restamp_after_commit(**{key: [instance.pk]})


@receiver(post_save, sender=TopicMember, dispatch_uid="cms.opendata.member_saved")
@receiver(post_delete, sender=TopicMember, dispatch_uid="cms.opendata.member_deleted")
@receiver(post_save, sender=OutputAuthor, dispatch_uid="cms.opendata.author_saved")
@receiver(post_delete, sender=OutputAuthor, dispatch_uid="cms.opendata.author_deleted")
def team_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender is TopicMember:
        restamp_after_commit(topics=[instance.topic_id])
    else:
        restamp_after_commit(outputs=[instance.output_id])


@receiver(post_save, sender=Person, dispatch_uid="cms.opendata.person_saved")
def person_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    restamp_after_commit(
        topics=TopicMember.objects.filter(person=instance).values_list("topic_id", flat=True),
        outputs=OutputAuthor.objects.filter(person=instance).values_list("output_id", flat=True),
    )


@receiver(post_save, sender=Unit, dispatch_uid="cms.opendata.unit_saved")
@receiver(post_save, sender=ResearchField, dispatch_uid="cms.opendata.field_saved")
def reference_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender is Unit:
        restamp_after_commit(
            topics=Topic.objects.filter(unit=instance).values_list("pk", flat=True),
            outputs=OutputAuthor.objects.filter(person__unit=instance).values_list(
                "output_id", flat=True
            ),
        )
    else:
        restamp_after_commit(
            topics=Topic.objects.filter(field=instance).values_list("pk", flat=True)
        )


@receiver(records_imported, dispatch_uid="cms.opendata.records_imported")
def records_were_imported(sender, created, updated, **kwargs):
    if sender in (Topic, Output):
        key = "topics" if sender is Topic else "outputs"
        restamp_after_commit(**{key: [record.pk for record in updated]})
