"""The Elasticsearch side of the public search: one `Document` for the search entries, an index
per registered kind of page (search/kinds.py) and one for the other schools' harvested records
(search.harvest), each behind an alias named from settings, written from the same `SearchEntry`
rows the database engine reads — so both engines see the same tokens.

ELASTICSEARCH_URL may name several nodes of a cluster, comma-separated: the client spreads the
requests over them and a dead node's request is tried once on another (docs/deployment.md).

Only the built-in `whitespace` analyzer is used, on text already folded and tokenised in Python
(search.text): it splits on spaces and nothing more, so both sides of a match are exactly
`tokens()`, as in the database engine, and any Elasticsearch will do, even a minimal distribution
without the analysis-common module. (`standard` re-tokenised the tokens for nothing: a rebuild
indexed about 10 % slower with it.)

Two kinds of call, two budgets: a visitor's search waits ELASTICSEARCH_TIMEOUT seconds at most
(then the database answers, search.engines.elastic); index operations (create, bulk, refresh,
alias switch, the backlog drain) wait ELASTICSEARCH_ADMIN_TIMEOUT and retry with backoff."""

import contextlib
import itertools
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from elasticsearch import ApiError, ConnectionError, ConnectionTimeout, TransportError
from elasticsearch.dsl import Date, Document, Index, Integer, Keyword, Text, connections
from elasticsearch.helpers import streaming_bulk
from elasticsearch.serializer import OrjsonSerializer

from search import breaker
from search.kinds import KINDS
from search.models import HARVESTED, SearchEntry

logger = logging.getLogger(__name__)

# What an unreachable, slow or failing Elasticsearch raises.
ELASTIC_ERRORS = (TransportError, ApiError)
BULK_CHUNK = 1000
# bulk requests in flight in a rebuild: one more than the node's write threads (one per core on
# 2 cores), so that a thread finishing a request finds the next one waiting
SENDERS = 3
SLICE = BULK_CHUNK * SENDERS * 5  # rows read at a time in a rebuild
RETRIES = 4  # index operations: tries after the first, waiting 1, 2, 4, 8 s
RETRY_STATUSES = {429, 502, 503, 504}
STAMP = "%Y%m%d%H%M%S%f"  # 20 digits after the alias in an index's name


class SearchEntryDocument(Document):
    """A search entry; its id is the page's id."""

    page_id = Integer()
    kind = Keyword()
    title_folded = Text(analyzer="whitespace")
    title_en_folded = Text(analyzer="whitespace")
    text_folded = Text(analyzer="whitespace")
    date = Date()
    year = Integer()
    level = Keyword()
    output_kind = Keyword()
    unit = Integer()
    field = Integer()
    ordering_body = Integer()
    school = Integer()

    @classmethod
    def source(cls, entry):
        """The document body of a `SearchEntry` (a model instance or a `values()` dict)."""
        get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
        return {
            "page_id": get("page_id"),
            "kind": get("kind"),
            "title_folded": get("title_folded"),
            "title_en_folded": get("title_en_folded"),
            "text_folded": get("text_folded"),
            "date": get("date"),
            "year": get("year"),
            "level": get("level") or None,
            "output_kind": get("output_kind") or None,
            "unit": get("unit_id"),
            "field": get("field_id"),
            "ordering_body": get("ordering_body_id"),
            "school": get("school"),
        }


SOURCE_FIELDS = [
    "page_id",
    "kind",
    "title_folded",
    "title_en_folded",
    "text_folded",
    "date",
    "year",
    "level",
    "output_kind",
    "unit_id",
    "field_id",
    "ordering_body_id",
    "school",
]


def enabled():
    return bool(settings.ELASTICSEARCH_URL)


def hosts():
    """The nodes of ELASTICSEARCH_URL (one address, or several comma-separated)."""
    return [url.strip() for url in settings.ELASTICSEARCH_URL.split(",") if url.strip()]


def client():
    """The one connection of this process, made on first use (never at import time), with the
    public search's timeout and no retry on a timeout: a visitor never waits longer. With several
    nodes, a node that refuses the connection is marked dead and the request goes to another.
    JSON goes through orjson: a rebuild's 110,000 documents take 0.07 s to write instead of 0.7,
    and the rebuild runs at 11,000 documents/s instead of 9,600 on a just-started node."""
    try:
        return connections.get_connection()
    except KeyError:
        nodes = hosts()
        return connections.create_connection(
            hosts=nodes,
            request_timeout=settings.ELASTICSEARCH_TIMEOUT,
            retry_on_timeout=False,
            max_retries=len(nodes) - 1,
            serializer=OrjsonSerializer(),
        )


@receiver(setting_changed)
def forget_connection(setting, **kwargs):
    """A changed address or timeout takes effect on the next call (tests change them)."""
    if setting.startswith("ELASTICSEARCH_"):
        with contextlib.suppress(KeyError):
            connections.remove_connection("default")


def admin():
    """The same connection with the index operations' longer timeout."""
    return client().options(request_timeout=settings.ELASTICSEARCH_ADMIN_TIMEOUT)


def retrying(operation, retries=RETRIES):
    """`operation(admin())`, tried again with backoff when Elasticsearch is unreachable, timed out
    or overloaded; any other error is raised at once."""
    for attempt in range(retries + 1):
        try:
            return operation(admin())
        except (ConnectionError, ConnectionTimeout, ApiError) as error:
            status = getattr(error, "status_code", None)
            if attempt == retries or (isinstance(error, ApiError) and status not in RETRY_STATUSES):
                raise
            logger.warning("Elasticsearch operation failed (try %d): %s", attempt + 1, error)
            time.sleep(2**attempt)


def alias(kind):
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{kind}"


def index_kinds():
    """The kinds with an index of their own: the registered page kinds and HARVESTED."""
    return [*KINDS, HARVESTED]


def aliases():
    return [alias(kind) for kind in index_kinds()]


def index_pattern():
    """The names of the indices this site makes: `<prefix>-<kind>-<20 digits>`."""
    return re.compile(rf"^{re.escape(settings.ELASTICSEARCH_INDEX_PREFIX)}-[a-z]+-\d{{20}}$")


def wait_until_ready():
    """A freshly started node takes a while to accept writes: wait for a yellow cluster."""
    retrying(
        lambda es: es.cluster.health(
            wait_for_status="yellow", timeout=f"{int(settings.ELASTICSEARCH_ADMIN_TIMEOUT)}s"
        )
    )


def new_index(kind):
    """A fresh, empty index for `kind`, named after its alias and the time, not yet aliased."""
    name = f"{alias(kind)}-{datetime.now(UTC).strftime(STAMP)}"
    index = Index(name)
    index.document(SearchEntryDocument)
    # no refresh nor replica while it is filled (see serving)
    index.settings(
        number_of_shards=settings.ELASTICSEARCH_SHARDS,
        number_of_replicas=0,
        refresh_interval="-1",
    )
    body = index.to_dict()

    def create(es):
        try:
            es.indices.create(index=name, **body)
        except ApiError as error:
            # a retry after a create that timed out but went through
            if error.status_code != 400 or not es.indices.exists(index=name):
                raise

    retrying(create)
    return name


def switch_alias(kind, index_name):
    """Point the alias at `index_name` in one step, then drop the indices it left."""
    name = alias(kind)

    def switch(es):
        if es.indices.exists(index=name) and not es.indices.exists_alias(name=name):
            es.indices.delete(index=name)  # an index created by mistake under the alias's name
        old = list(es.indices.get_alias(name=name)) if es.indices.exists_alias(name=name) else []
        actions = [
            {"remove": {"index": index, "alias": name}} for index in old if index != index_name
        ]
        es.indices.update_aliases(actions=[*actions, {"add": {"index": index_name, "alias": name}}])
        return [index for index in old if index != index_name]

    for index in retrying(switch):
        retrying(lambda es, index=index: es.indices.delete(index=index, ignore_unavailable=True))


def serving():
    """An index's settings once written: its refresh interval and its replicas."""
    return {
        "refresh_interval": settings.ELASTICSEARCH_REFRESH_INTERVAL,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
    }


def fill(index_name, kind, progress, done, total):
    """Bulk-index the entries of `kind` into `index_name` (made without refreshes nor replicas:
    see new_index), then give it its refresh interval and replicas and make it searchable.

    The rows are read here, in this thread and its database connection (a thread pool's reader
    would see neither a test's nor an open transaction's rows), a slice at a time; each slice is
    sent as SENDERS streams of bulk requests side by side while this thread reads the next, so
    that Elasticsearch indexes on every core and never waits for the reading. Each stream makes
    its rows' documents itself (the bulk helper's `expand_action_callback`: no action dict made
    and copied per row)."""
    rows = SearchEntry.objects.filter(kind=kind).order_by("pk").values(*SOURCE_FIELDS)
    bulk = admin().options(max_retries=RETRIES, retry_on_timeout=True)

    def action(row):
        """The bulk header and document of a row; the index is the request's."""
        return {"index": {"_id": row["page_id"]}}, SearchEntryDocument.source(row)

    def send(batch):
        results = streaming_bulk(
            bulk,
            batch,
            chunk_size=BULK_CHUNK,
            expand_action_callback=action,
            max_retries=RETRIES,
            initial_backoff=1,
            index=index_name,
        )
        return sum(int(ok) for ok, _item in results)

    def sent(streams):
        nonlocal done
        done += sum(stream.result() for stream in streams)
        if streams and progress:
            progress(done, total)

    reader = rows.iterator(chunk_size=BULK_CHUNK)
    sending = []
    with ThreadPoolExecutor(SENDERS) as senders:
        while batch := list(itertools.islice(reader, SLICE)):
            sent(sending)  # the slice before, sent while this one was read
            sending = [senders.submit(send, batch[start::SENDERS]) for start in range(SENDERS)]
        sent(sending)
    retrying(
        lambda es: es.indices.put_settings(
            index=index_name,
            settings=serving(),
        )
    )
    retrying(lambda es: es.indices.refresh(index=index_name))
    return done


def rebuild(progress=None):
    """Bulk-index every search entry into new indices, then switch the aliases: the public search
    never sees an empty index. A failure removes the indices this rebuild made and is raised.
    Returns the number of documents indexed."""
    wait_until_ready()
    total, done, built = SearchEntry.objects.count(), 0, {}
    try:
        for kind in index_kinds():
            built[kind] = new_index(kind)
            done = fill(built[kind], kind, progress, done, total)
    except Exception:
        for index_name in built.values():
            try:
                admin().indices.delete(index=index_name, ignore_unavailable=True)
            except ELASTIC_ERRORS as error:
                logger.error("Could not remove the unfinished index %s: %s", index_name, error)
        raise
    for kind, index_name in built.items():
        switch_alias(kind, index_name)
    breaker.reset()
    if progress:
        progress(done, total)
    return done


def ensure_alias(es, kind):
    """An empty, aliased index when there is none yet, so that a single write never creates an
    index with guessed mappings under the alias's name."""
    if not es.indices.exists_alias(name=alias(kind)):
        index_name = new_index(kind)
        retrying(
            lambda admin_es: admin_es.indices.put_settings(index=index_name, settings=serving())
        )
        switch_alias(kind, index_name)


def sync(page_id, entry, in_request=False):
    """Send one page's entry (or its removal when `entry` is None). Returns None when done, or
    the reason it was not (logged, never raised: the page stays in the backlog).

    In a request the public timeout applies and nothing is sent while the circuit breaker is
    open; otherwise (the periodic drain) the index operations' timeout."""
    state = breaker.allow() if in_request else breaker.CLOSED
    if state is None:
        return "Elasticsearch skipped: the circuit breaker is open"
    es = client() if in_request else admin()
    try:
        for kind in kinds_holding(page_id):
            if entry is None or kind != entry.kind:
                es.options(ignore_status=404).delete(index=alias(kind), id=page_id)
        if entry is not None:
            ensure_alias(es, entry.kind)
            es.index(
                index=alias(entry.kind), id=page_id, document=SearchEntryDocument.source(entry)
            )
    except ELASTIC_ERRORS as error:
        breaker.trip()
        logger.warning("Elasticsearch did not take page %s: %s", page_id, error)
        return error
    if state == breaker.PROBING or not in_request:
        breaker.reset()
    return None


def kinds_holding(key):
    """The kinds whose index may hold the entry of `key`: a page's or a harvested record's."""
    return [HARVESTED] if key < 0 else list(KINDS)


def send_in_bulk(entries):
    """Send many entries at once ({key: entry, or None for a removal}): the periodic harvest's
    writes, in one bulk request per chunk with the index operations' timeout. Returns the keys
    Elasticsearch did not take (none is raised: they go to the backlog)."""
    if not entries:
        return []
    try:
        for kind in {entry.kind for entry in entries.values() if entry is not None}:
            ensure_alias(admin(), kind)
        actions = []
        for key, entry in entries.items():
            if entry is None:
                actions += [
                    {"_op_type": "delete", "_index": alias(kind), "_id": key}
                    for kind in kinds_holding(key)
                ]
            else:
                actions.append(
                    {
                        "_index": alias(entry.kind),
                        "_id": key,
                        "_source": SearchEntryDocument.source(entry),
                    }
                )
        failed = []
        for ok, item in streaming_bulk(
            admin(),
            actions,
            chunk_size=BULK_CHUNK,
            max_retries=RETRIES,
            initial_backoff=1,
            raise_on_error=False,
            raise_on_exception=False,
        ):
            operation, result = next(iter(item.items()))
            if not ok and not (operation == "delete" and result.get("status") == 404):
                failed.append(int(result["_id"]))
        return list(dict.fromkeys(failed))
    except ELASTIC_ERRORS as error:
        logger.warning("Elasticsearch did not take %d entries: %s", len(entries), error)
        return list(entries)


def reachable():
    """Whether Elasticsearch answers within the public timeout (the drain asks before sending)."""
    try:
        client().cluster.health()
    except ELASTIC_ERRORS as error:
        breaker.trip()
        logger.warning("Elasticsearch unreachable: %s", error)
        return False
    return True


def orphans(indices, now=None):
    """This site's indices behind none of the current aliases (a rebuild that failed or is still
    running, an old naming): name, age in seconds and document count."""
    now = now or time.time()
    current, pattern = set(aliases()), index_pattern()
    found = []
    for name, info in sorted(indices.items()):
        if pattern.match(name) and not current & set(info.get("aliases", {})):
            created = int(info["settings"]["index"]["creation_date"]) / 1000
            found.append({"index": name, "age": now - created})
    return found


def site_indices():
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    return retrying(lambda es: es.indices.get(index=f"{prefix}-*", expand_wildcards="all"), 1)


def health():
    """The cluster, each alias with its index and document count against the database, and the
    orphan indices."""
    es = admin()
    report = {"cluster": es.cluster.health(), "indices": []}
    for kind in index_kinds():
        name = alias(kind)
        exists = es.indices.exists_alias(name=name)
        report["indices"].append(
            {
                "alias": name,
                "index": ", ".join(es.indices.get_alias(name=name)) if exists else None,
                "documents": es.count(index=name)["count"] if exists else None,
                "database": SearchEntry.objects.filter(kind=kind).count(),
            }
        )
    report["orphans"] = orphans(site_indices())
    return report


def cleanup(older_than):
    """Delete the orphan indices older than `older_than` seconds (younger ones may belong to a
    rebuild still running). Returns their names."""
    removed = []
    for orphan in orphans(site_indices()):
        if orphan["age"] >= older_than:
            retrying(lambda es, name=orphan["index"]: es.indices.delete(index=name))
            removed.append(orphan["index"])
    return removed
