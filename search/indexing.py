"""What the public search knows: one entry per published page of a registered kind
(search/kinds.py), kept in step on publish, unpublish, edit and delete — never drafts; and one per
live record harvested from the other schools (search.harvest, keyed below zero).

A change records the pages it touches in the backlog (`PendingUpdate`) in its own transaction;
after the commit those pages are brought up to date in the database and in Elasticsearch, and a
page stays in the backlog until both are done. `search_index --drain`, run every minute from
cron, finishes whatever an outage or a crash left: nothing needs a manual rebuild."""

import datetime
import gc
import itertools
import logging
import re
import uuid
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from cms import pagecache
from search import documents
from search.engines import database as database_engine
from search.kinds import KINDS, Description
from search.models import HARVESTED, HarvestedRecord, PendingUpdate, SearchEntry
from search.text import index_text

logger = logging.getLogger(__name__)

BATCH = 500
REBUILD_BATCH = 5000  # pages read (with their records) per query in a rebuild
# Pages brought up to date right after the commit of a change; a change touching more (a unit
# renamed, a section moved) leaves the rest to the periodic drain.
IMMEDIATE = 100


class Described(NamedTuple):
    """What a published page's entry is made of, read from the page and its records: the part of
    making an entry that may query the database (a record's relations, the page's address)."""

    page: Page
    about: Description
    url: str


def describe_page(kind, page, urls=None):
    """A published page of `kind` described (`urls`: a `PageUrls` shared by a rebuild's pages)."""
    return Described(page, kind.describe(page), (urls.of(page) if urls else page.url) or "")


def page_entry(kind, described):
    """The search entry of a described page: its record's own text folded, no query (a rebuild
    folds while the database writes the entries before, see write_all)."""
    page, about = described.page, described.about
    entry = SearchEntry(
        page_id=page.pk,
        kind=kind.name,
        title=page.title,
        title_en=about.title_en,
        summary=about.summary or "",
        url=described.url,
        date=about.date,
        title_folded=index_text(page.title)[:500],
        title_en_folded=index_text(about.title_en)[:500],
        text_folded=index_text(*about.texts),
        year=about.date.year if about.date else None,
        level=about.level,
        output_kind=about.output_kind,
        unit_id=about.unit_id,
        field_id=about.field_id,
        ordering_body_id=about.ordering_body_id,
    )
    entry.facet_tokens = entry.tokens_of_facets()
    return entry


def entry_for(kind, page, urls=None):
    """The search entry of a published page of `kind`."""
    return page_entry(kind, describe_page(kind, page, urls))


def write(entries):
    """Insert new entries (a rebuild's, an import's) with their values as they are — text,
    numbers and a date, which both databases' drivers take — in the database's fastest way (see
    its `insert`). `bulk_create` prepares each value through its field, and a rebuild writes two
    million values: 13 s instead of 3 on SQLite."""
    columns = SearchEntry._meta.concrete_fields
    database_engine.dialect().insert(
        [column.column for column in columns],
        (tuple(getattr(entry, column.attname) for column in columns) for entry in entries),
    )


def refresh_entry(page_id):
    """Rewrite one page's database entry — present when the page is public, gone when not — and
    return it (or None). A negative key is a harvested record's."""
    if page_id < 0:
        return refresh_harvested([page_id])[page_id]
    entry = None
    for kind in KINDS.values():
        page = kind.pages().filter(pk=page_id).first()
        if page is not None:
            entry = entry_for(kind, page)
            break
    with transaction.atomic():
        SearchEntry.objects.filter(page_id=page_id).delete()
        if entry is not None:
            entry.save(force_insert=True)
    return entry


def enqueue(page_ids):
    """Record in the current transaction that these pages must be brought up to date, and do it
    after the commit (the first IMMEDIATE of them; the periodic drain does the rest)."""
    page_ids = list(dict.fromkeys(page_ids))
    if not page_ids:
        return
    now = timezone.now()
    PendingUpdate.objects.bulk_create(
        [
            PendingUpdate(page_id=pk, token=uuid.uuid4(), queued_at=now, changed_at=now)
            for pk in page_ids
        ],
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=["token", "changed_at"],
        batch_size=BATCH,
    )
    transaction.on_commit(lambda: drain(page_ids[:IMMEDIATE], in_request=True))


def index_in_bulk(page_ids):
    """Entries for many pages just published (an import's pages, cms.bulk_pages), written in the
    transaction that published them with a few queries per batch instead of a refresh per page.
    Elasticsearch, when configured, gets them through the backlog as usual."""
    roots = Site.get_site_root_paths()
    for start in range(0, len(page_ids), BATCH):
        chunk = page_ids[start : start + BATCH]
        pages = [
            (kind, page) for kind in KINDS.values() for page in kind.pages().filter(pk__in=chunk)
        ]
        for _kind, page in pages:
            page._wagtail_cached_site_root_paths = roots  # read once, not once per address
        described = [(kind, describe_page(kind, page)) for kind, page in pages]
        SearchEntry.objects.filter(page_id__in=chunk).delete()
        write(page_entry(kind, page) for kind, page in described)
    if documents.enabled():
        enqueue(page_ids)


@dataclass
class Drained:
    done: int = 0
    left: int = 0  # still pending: Elasticsearch did not take them


def drain(page_ids=None, in_request=False, limit=None):
    """Bring pending pages up to date (those of `page_ids`, or the whole backlog oldest first,
    at most `limit`); each leaves the backlog once the database and, when configured,
    Elasticsearch have it. Safe to run twice at once: a row is removed only if no newer change
    has been recorded since it was read (its token).

    In a request (`in_request`), Elasticsearch is skipped while the circuit breaker is open; the
    periodic drain first checks that Elasticsearch answers, then sends with the index
    operations' timeout (and closes the breaker: Elasticsearch is back)."""
    pending = PendingUpdate.objects.order_by("queued_at", "page_id")
    if page_ids is not None:
        pending = pending.filter(page_id__in=page_ids)
    keys = list(
        pending.values_list("pk", flat=True)[:limit]
        if limit
        else pending.values_list("pk", flat=True)
    )
    elastic = documents.enabled()
    elastic_down = elastic and not in_request and not documents.reachable()
    result = Drained()
    for start in range(0, len(keys), BATCH):
        for row in PendingUpdate.objects.filter(pk__in=keys[start : start + BATCH]).order_by(
            "queued_at", "page_id"
        ):
            if elastic_down and row.attempts:
                result.left += 1  # its database entry was written on an earlier attempt
                continue
            entry = refresh_entry(row.page_id)
            error = None
            if elastic and not elastic_down:
                error = documents.sync(row.page_id, entry, in_request=in_request)
                elastic_down = error is not None
            elif elastic:
                error = "Elasticsearch unavailable"
            current = PendingUpdate.objects.filter(pk=row.pk, token=row.token)
            if error is None and current.delete()[0]:
                result.done += 1
                continue
            # not taken, or changed again meanwhile (a newer token): it stays for the next drain
            current.update(attempts=row.attempts + 1, last_error=str(error or "")[:2000])
            result.left += 1
    return result


class Backlog(NamedTuple):
    """Unpacks as (size, oldest age): portal.operations.health.check_backlog measures it."""

    size: int
    oldest_age: float | None  # seconds the oldest pending page has waited, None when empty


def backlog():
    """The size of the index backlog and the age of its oldest entry (for /readyz and monitoring)."""
    size = PendingUpdate.objects.count()
    oldest = PendingUpdate.objects.order_by("queued_at").values_list("queued_at", flat=True)
    first = oldest.first() if size else None
    age = (timezone.now() - first).total_seconds() if first else None
    return Backlog(size=size, oldest_age=age)


def rebuild(progress=None):
    """Every published page's entry afresh, oldest first (so that the most recently indexed
    entries are the newest: see search.engines.database), then every live harvested record's;
    `progress(done, total)` after each batch."""
    total = sum(kind.pages().count() for kind in KINDS.values())
    total += HarvestedRecord.objects.live().count()
    done, urls, dialect = 0, PageUrls(), database_engine.dialect()
    with transaction.atomic(), dialect.rewriting():
        # one DELETE: Django's delete() would load every entry to send its signals
        entries = SearchEntry.objects.all()
        entries._raw_delete(entries.db)
        pagecache.new_generation()  # the search page's results change
        pages = [
            write_all(
                kind.pages(), partial(page_entry, kind), partial(describe_page, kind, urls=urls)
            )
            for kind in KINDS.values()
        ]
        for count in itertools.chain(*pages, rebuild_harvested()):
            done += count
            if progress:
                progress(done, total)
    dialect.rewritten()
    return done


def rebuild_harvested():
    """Every live harvested record's entry (for `rebuild`, after the pages'), written a batch at
    a time: yields how many after each."""
    return write_all(HarvestedRecord.objects.live().select_related("peer"), harvested_entry)


def write_all(rows, make, describe=lambda row: row):
    """Write the entry of each of `rows` (a queryset), reading them REBUILD_BATCH at a time in
    key order (keyset batches: an OFFSET would read every earlier row again, batch after batch);
    yields how many after each batch.

    `describe(row)` reads what a row's entry needs, and may query; `make(described)` folds it
    into the entry and must not: a batch's entries are made as the database takes them in, so
    that PostgreSQL, in its own process, inserts and indexes the rows sent (one COPY) while Python
    folds the next — they took turns, 15 s each for 110,000 pages.

    Python's cycle collector is paused meanwhile and run once per batch over that batch alone:
    a page read with its record and prefetched rows forms reference cycles, and the collector,
    run every 700 new objects over everything alive, took a third of a rebuild (25 of 76 s for
    110,000 pages)."""
    frozen = gc.get_freeze_count()
    gc.disable()
    gc.freeze()  # what was alive before is left out of each collection
    try:
        last = 0
        while batch := list(rows.filter(pk__gt=last).order_by("pk")[:REBUILD_BATCH]):
            last = batch[-1].pk
            write(map(make, [describe(row) for row in batch]))
            yield len(batch)
            del batch
            gc.collect()
    finally:
        if not frozen:  # a caller's freeze (search_index --rebuild's) outlasts this one
            gc.unfreeze()
        gc.enable()


class PageUrls:
    """Pages' URLs for a rebuild: a page's URL is its parent's URL and its slug, so Wagtail's
    routing (the site's root paths, `reverse()`: about a millisecond a page) runs once per parent
    instead of once per page. A page model with its own URL scheme goes through Wagtail."""

    def __init__(self):
        self.prefixes = {}

    def of(self, page):
        if type(page).get_url_parts is not Page.get_url_parts:
            return page.url
        tail = f"{page.slug}/"
        parent = (page.locale_id, page.url_path[: -len(tail)])
        prefix = self.prefixes.get(parent)
        if prefix is not None:
            return prefix + tail
        url = page.url
        if url and url.endswith(tail) and page.url_path.endswith(tail):
            self.prefixes[parent] = url[: -len(tail)]
        return url


def forget_done(started):
    """Drop the backlog rows a completed rebuild (begun at `started`) has covered."""
    PendingUpdate.objects.filter(changed_at__lt=started).delete()


def indexed_language(pages):
    """The pages among `pages` that have entries: the default language's (see search.kinds)."""
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE)


def descendants(page):
    return indexed_language(Page.objects.descendant_of(page, inclusive=True)).values_list(
        "pk", flat=True
    )


# --- the other schools' records (search.harvest): entries keyed by minus the record's id --------

YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")


def record_date(value):
    """A harvested record's Dublin Core date as a date (a year alone: its 1 January), or None."""
    value = (value or "").strip()
    for pattern, length in (("%Y-%m-%d", 10), ("%Y-%m", 7)):
        try:
            return datetime.datetime.strptime(value[:length], pattern).date()
        except ValueError:
            continue
    year = YEAR.search(value)
    return datetime.date(int(year.group()), 1, 1) if year else None


def harvested_entry(record):
    """The search entry of a live harvested record: the same columns as a page's, its kind
    HARVESTED, its school the peer repository."""
    date = record_date(record.date)
    entry = SearchEntry(
        page_id=record.entry_key,
        kind=HARVESTED,
        title=record.title[:500] or record.identifier[:500],
        summary=record.description,
        url=record.source_url[:500],
        date=date,
        title_folded=index_text(record.title)[:500],
        text_folded=index_text(
            record.title, record.description, *record.creators, *record.subjects, record.peer.name
        ),
        year=date.year if date else None,
        school=record.peer_id,
    )
    entry.facet_tokens = entry.tokens_of_facets()
    return entry


def refresh_harvested(keys):
    """Rewrite the entries of these harvested records' keys — present when the record is live,
    gone when it is deleted or unknown — and return {key: entry or None}."""
    records = HarvestedRecord.objects.live().filter(pk__in=[-key for key in keys])
    entries = {
        record.entry_key: harvested_entry(record) for record in records.select_related("peer")
    }
    with transaction.atomic():
        SearchEntry.objects.filter(page_id__in=keys).delete()
        write(list(entries.values()))
    return {key: entries.get(key) for key in keys}


def index_harvested(keys):
    """Bring these harvested records' entries up to date in the database, then in Elasticsearch
    when it is configured, in bulk (a harvest's writes); the keys Elasticsearch did not take go
    to the backlog, which the periodic drain finishes."""
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), BATCH):
        entries = refresh_harvested(keys[start : start + BATCH])
        if documents.enabled():
            enqueue(documents.send_in_bulk(entries))
