"""What the public search knows: one entry per published topic, output and person page, kept in
step on publish, unpublish, edit and delete, always after the transaction commits (never drafts)."""

from django.db import transaction
from wagtail.models import Locale, Page

from cms.models import OutputPage, PersonPage, TopicPage
from search import documents
from search.models import EntryKind, SearchEntry
from search.text import fold

INDEXED_PAGES = (TopicPage, OutputPage, PersonPage)
BATCH = 500


def published_pages(page_model):
    """The pages of `page_model` a visitor may see, with what their entries read: those of the
    default language (the other languages' counterparts publish the same records; the search
    links each hit to the visitor's language, see search.query)."""
    pages = page_model.objects.live().public().filter(locale=Locale.get_default())
    if page_model is TopicPage:
        return pages.select_related(
            "topic__unit", "topic__field", "topic__ordering_body"
        ).prefetch_related("topic__members__person")
    if page_model is OutputPage:
        return (
            pages.filter(output__is_public=True)
            .select_related("output__topic", "output__event")
            .prefetch_related("output__authors__person__unit")
        )
    return pages.select_related("person__unit")


def entry_for(page):
    """The search entry of a published page, from its record's own text."""
    if isinstance(page, TopicPage):
        topic = page.topic
        names = [member.person.full_name for member in topic.members.all()]
        texts = [topic.code, page.title, topic.title, topic.summary, topic.keywords, *names]
        texts += [str(value) for value in (topic.unit, topic.field, topic.ordering_body) if value]
        fields = {
            "kind": EntryKind.TOPIC,
            "summary": page.intro or topic.summary,
            "date": topic.planned_start,
            "level": topic.level,
            "unit_id": topic.unit_id,
            "field_id": topic.field_id,
            "ordering_body_id": topic.ordering_body_id,
        }
    elif isinstance(page, OutputPage):
        output = page.output
        authors = [author.person for author in output.authors.all()]
        units = [person.unit for person in authors if person.unit_id]
        texts = [page.title, output.title, output.abstract, output.keywords, output.venue]
        texts += [output.publisher, *(person.full_name for person in authors)]
        texts += [str(unit) for unit in units]
        fields = {
            "kind": EntryKind.OUTPUT,
            "summary": page.intro or output.abstract,
            "date": output.published_on,
            "output_kind": output.kind,
            "unit_id": units[0].pk if units else None,
            "field_id": output.topic.field_id if output.topic_id else None,
        }
    else:
        person = page.person
        texts = [person.full_name, person.display_name, person.bio, page.intro]
        texts += [str(person.unit) if person.unit_id else person.affiliation]
        fields = {
            "kind": EntryKind.PERSON,
            "summary": page.intro or person.bio,
            "unit_id": person.unit_id,
        }
    date = fields.get("date")
    return SearchEntry(
        page_id=page.pk,
        title=page.title,
        url=page.url or "",
        title_folded=fold(page.title),
        text_folded=fold(" ".join(text for text in texts if text)),
        year=date.year if date else None,
        **fields,
    )


def index_page(page_id):
    """Bring one page's entry up to date — written when the page is public, removed when not —
    in the database and, when configured, in Elasticsearch."""
    SearchEntry.objects.filter(page_id=page_id).delete()
    entry = None
    for page_model in INDEXED_PAGES:
        page = published_pages(page_model).filter(pk=page_id).first()
        if page is not None:
            entry = entry_for(page)
            entry.save()
            break
    if documents.enabled():
        documents.sync(page_id, entry)
    return entry is not None


def index_after_commit(page_ids):
    page_ids = list(page_ids)

    def run():
        for page_id in page_ids:
            index_page(page_id)

    transaction.on_commit(run)


def rebuild(progress=None):
    """Every published page's entry afresh; `progress(done, total)` after each batch."""
    total = sum(published_pages(page_model).count() for page_model in INDEXED_PAGES)
    done = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for page_model in INDEXED_PAGES:
            pages = published_pages(page_model).order_by("pk")
            for start in range(0, total, BATCH):
                batch = [entry_for(page) for page in pages[start : start + BATCH]]
                if not batch:
                    break
                SearchEntry.objects.bulk_create(batch)
                done += len(batch)
                if progress:
                    progress(done, total)
    return done


def descendants(page):
    return Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
