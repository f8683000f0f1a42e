"""Harvested records in the public search: the search entry of a live record (the same columns
a page's entry has, its kind HARVESTED and its school the peer), written in bulk by a harvest and
removed when the record is deleted at its source; Elasticsearch follows (search.documents)."""

import datetime
import logging
import re

from django.db import transaction

from search import documents
from search.harvest.models import HarvestedRecord
from search.models import HARVESTED, SearchEntry
from search.text import index_text

logger = logging.getLogger(__name__)

BATCH = 500
YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")


def record_date(value):
    """The record's Dublin Core date as a date (a year alone: its 1 January), or None."""
    value = (value or "").strip()
    for pattern, length in (("%Y-%m-%d", 10), ("%Y-%m", 7)):
        try:
            return datetime.datetime.strptime(value[:length], pattern).date()
        except ValueError:
            continue
    year = YEAR.search(value)
    return datetime.date(int(year.group()), 1, 1) if year else None


def entry_for(record):
    """The search entry of a live harvested record."""
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
            record.title,
            record.description,
            *record.creators,
            *record.subjects,
            record.peer.name,
        ),
        year=date.year if date else None,
        school=record.peer_id,
    )
    entry.facet_tokens = entry.tokens_of_facets()
    return entry


def refresh(keys):
    """Rewrite the entries of these harvested records' keys (negative: HarvestedRecord.entry_key)
    — present when the record is live, gone when it is deleted or unknown — and return
    {key: entry or None}."""
    ids = [-key for key in keys]
    records = HarvestedRecord.objects.live().filter(pk__in=ids).select_related("peer")
    entries = {record.entry_key: entry_for(record) for record in records}
    with transaction.atomic():
        SearchEntry.objects.filter(page_id__in=keys).delete()
        SearchEntry.objects.bulk_create(list(entries.values()), batch_size=BATCH)
    return {key: entries.get(key) for key in keys}


def index(keys):
    """Bring these records' entries up to date in the database, then in Elasticsearch when it is
    configured: in bulk; the keys Elasticsearch did not take go to the backlog, which the
    periodic drain (search_index --drain) finishes."""
    keys = list(dict.fromkeys(keys))
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        entries = refresh(chunk)
        if documents.enabled():
            failed = documents.send_in_bulk(entries)
            if failed:
                from search.indexing import enqueue  # the backlog of pages and records alike

                enqueue(failed)


def rebuild_entries():
    """Every live harvested record's entry (for search.indexing.rebuild); returns how many."""
    done, last = 0, 0
    records = HarvestedRecord.objects.live().select_related("peer").order_by("pk")
    while True:
        chunk = list(records.filter(pk__gt=last)[:2000])
        if not chunk:
            return done
        last = chunk[-1].pk
        SearchEntry.objects.bulk_create([entry_for(record) for record in chunk], batch_size=BATCH)
        done += len(chunk)
