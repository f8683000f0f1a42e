"""The Elasticsearch side of the public search: one `Document` per indexed page model, each in
its own index behind an alias named from settings, written from the same `SearchEntry` rows the
database engine reads — so both engines see the same folded text.

Only the built-in `standard` analyzer is used (on text folded in Python), so any Elasticsearch
will do, even a minimal distribution without the analysis-common module."""

import logging
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import Date, Document, Index, Integer, Keyword, Text, connections
from elasticsearch.helpers import streaming_bulk

from search.models import EntryKind, SearchEntry

logger = logging.getLogger(__name__)

# What an unreachable, slow or failing Elasticsearch raises.
ELASTIC_ERRORS = (TransportError, ApiError)
BULK_CHUNK = 1000


class EntryDocument(Document):
    """The fields every indexed page shares; its id is the page's id."""

    page_id = Integer()
    kind = Keyword()
    title_folded = Text(analyzer="standard")
    text_folded = Text(analyzer="standard")
    date = Date()
    year = Integer()
    level = Keyword()
    output_kind = Keyword()
    unit = Integer()
    field = Integer()
    ordering_body = Integer()

    @classmethod
    def source(cls, entry):
        """The document body of a `SearchEntry` (a model instance or a `values()` dict)."""
        get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
        return {
            "page_id": get("page_id"),
            "kind": get("kind"),
            "title_folded": get("title_folded"),
            "text_folded": get("text_folded"),
            "date": get("date"),
            "year": get("year"),
            "level": get("level") or None,
            "output_kind": get("output_kind") or None,
            "unit": get("unit_id"),
            "field": get("field_id"),
            "ordering_body": get("ordering_body_id"),
        }


class TopicPageDocument(EntryDocument):
    pass


class OutputPageDocument(EntryDocument):
    pass


class PersonPageDocument(EntryDocument):
    pass


# entry kind → (document, the alias's suffix)
DOCUMENTS = {
    EntryKind.TOPIC: (TopicPageDocument, "topics"),
    EntryKind.OUTPUT: (OutputPageDocument, "outputs"),
    EntryKind.PERSON: (PersonPageDocument, "people"),
}
SOURCE_FIELDS = [
    "page_id",
    "kind",
    "title_folded",
    "text_folded",
    "date",
    "year",
    "level",
    "output_kind",
    "unit_id",
    "field_id",
    "ordering_body_id",
]


def enabled():
    return bool(settings.ELASTICSEARCH_URL)


def client():
    """The one connection of this process, made on first use (never at import time)."""
    try:
        return connections.get_connection()
    except KeyError:
        return connections.create_connection(
            hosts=[settings.ELASTICSEARCH_URL],
            request_timeout=settings.ELASTICSEARCH_TIMEOUT,
            retry_on_timeout=False,
            max_retries=0,
        )


def alias(kind):
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{DOCUMENTS[kind][1]}"


def aliases():
    return [alias(kind) for kind in DOCUMENTS]


def new_index(kind):
    """A fresh, empty index for `kind`, named after its alias and the time, not yet aliased."""
    document = DOCUMENTS[kind][0]
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    index = Index(f"{alias(kind)}-{stamp}", using=client())
    index.document(document)
    index.settings(number_of_shards=1, number_of_replicas=0, refresh_interval="-1")
    index.create()
    return index._name


def switch_alias(kind, index_name):
    """Point the alias at `index_name` in one step, then drop the indices it left."""
    es, name = client(), alias(kind)
    if es.indices.exists(index=name) and not es.indices.exists_alias(name=name):
        es.indices.delete(index=name)  # an index created by mistake under the alias's name
    old = list(es.indices.get_alias(name=name).keys()) if es.indices.exists_alias(name=name) else []
    actions = [{"remove": {"index": index, "alias": name}} for index in old]
    es.indices.update_aliases(actions=[*actions, {"add": {"index": index_name, "alias": name}}])
    for index in old:
        es.indices.delete(index=index)


def rebuild(progress=None):
    """Bulk-index every search entry into new indices, then switch the aliases: the public search
    never sees an empty index. Returns the number of documents indexed."""
    es, done = client(), 0
    total = SearchEntry.objects.count()
    for kind in DOCUMENTS:
        index_name = new_index(kind)
        rows = SearchEntry.objects.filter(kind=kind).order_by("pk").values(*SOURCE_FIELDS)
        actions = (
            {"_index": index_name, "_id": row["page_id"], "_source": EntryDocument.source(row)}
            for row in rows.iterator(chunk_size=BULK_CHUNK)
        )
        bulk_client = es.options(request_timeout=60)
        for ok, _item in streaming_bulk(bulk_client, actions, chunk_size=BULK_CHUNK):
            done += int(ok)
            if progress and done % BULK_CHUNK == 0:
                progress(done, total)
        es.indices.put_settings(index=index_name, settings={"refresh_interval": "1s"})
        es.indices.refresh(index=index_name)
        switch_alias(kind, index_name)
    if progress:
        progress(done, total)
    return done


def ensure_alias(kind):
    """An empty, aliased index when there is none yet, so that a single write never creates an
    index with guessed mappings under the alias's name."""
    if not client().indices.exists_alias(name=alias(kind)):
        switch_alias(kind, new_index(kind))
        client().indices.put_settings(index=alias(kind), settings={"refresh_interval": "1s"})


def sync(page_id, entry):
    """Send one page's entry (or its removal when `entry` is None), after the commit. A failure
    is logged, never raised: `search_index --rebuild` catches the index up later."""
    try:
        es = client()
        for kind in DOCUMENTS:
            if entry is None or kind != entry.kind:
                es.options(ignore_status=404).delete(index=alias(kind), id=page_id)
        if entry is not None:
            ensure_alias(entry.kind)
            es.index(index=alias(entry.kind), id=page_id, document=EntryDocument.source(entry))
        return True
    except ELASTIC_ERRORS as error:
        logger.warning("Elasticsearch did not take page %s: %s", page_id, error)
        return False


def health():
    """The cluster, each alias with its index and document count against the database."""
    es = client()
    report = {"cluster": es.cluster.health(), "indices": []}
    for kind in DOCUMENTS:
        name = alias(kind)
        exists = es.indices.exists_alias(name=name)
        report["indices"].append(
            {
                "alias": name,
                "index": ", ".join(es.indices.get_alias(name=name).keys()) if exists else None,
                "documents": es.count(index=name)["count"] if exists else None,
                "database": SearchEntry.objects.filter(kind=kind).count(),
            }
        )
    return report
