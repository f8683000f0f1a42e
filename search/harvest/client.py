"""Harvesting one peer repository over OAI-PMH (oai_dc) with Sickle: incrementally `from` the
latest datestamp of its last complete harvest (inclusive, at the peer's granularity), through
its resumption tokens, honouring deleted records; a request that cannot reach the peer, times out
or gets a 5xx answer is tried again with backoff, and a peer that stays down is recorded as
failed with the reason — the harvest of the other peers goes on (the `harvest` command)."""

import datetime
import logging
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml.etree import XMLSyntaxError
from sickle import Sickle, oaiexceptions

from search.indexing import index_harvested
from search.models import HarvestedRecord, HarvestStatus, PeerRepository

logger = logging.getLogger(__name__)

BATCH = 200  # records written (and indexed) together
SECONDS = "YYYY-MM-DDThh:mm:ssZ"
RETRY_STATUSES = {500, 502, 503, 504}
MAX_RETRY_AFTER = 120  # seconds: a peer asking for longer is retried at the next run instead
OAI_ERRORS = tuple(
    getattr(oaiexceptions, name)
    for name in (
        "BadArgument",
        "BadVerb",
        "BadResumptionToken",
        "CannotDisseminateFormat",
        "IdDoesNotExist",
        "NoSetHierarchy",
        "NoMetadataFormat",
        "OAIError",
    )
)


class PeerClient(Sickle):
    """Sickle with a timeout on every request and retries with backoff on the failures a peer
    recovers from (unreachable, timed out, 5xx; a Retry-After of its own is honoured)."""

    def __init__(self, endpoint, retries=None, timeout=None, sleep=time.sleep):
        super().__init__(
            endpoint, max_retries=0, timeout=timeout or settings.HARVEST_TIMEOUT, encoding="utf-8"
        )
        self.retries = settings.HARVEST_RETRIES if retries is None else retries
        self.sleep = sleep

    def _request(self, kwargs):
        for attempt in range(self.retries + 1):
            wait = 2 ** (attempt + 1)
            try:
                response = super()._request(kwargs)
            except (requests.ConnectionError, requests.Timeout):
                if attempt == self.retries:
                    raise
            else:
                if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                    return response
                after = response.headers.get("Retry-After", "")
                if after.isdigit():
                    wait = min(int(after), MAX_RETRY_AFTER)
            logger.warning(
                "Peer %s: try %d failed, again in %d s", self.endpoint, attempt + 1, wait
            )
            self.sleep(wait)


@dataclass
class Harvested:
    received: int = 0  # records sent by the peer (live or deleted)
    deleted: int = 0  # of them, deleted at the source
    error: str = ""


def parse_datestamp(value):
    """An OAI-PMH datestamp (day or second granularity) as an aware UTC moment."""
    value = (value or "").strip()
    for pattern in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"):
        try:
            moment = datetime.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return moment.replace(tzinfo=datetime.UTC)
    raise ValueError(f"not an OAI-PMH datestamp: {value!r}")


def from_argument(moment, granularity):
    """`from` at the peer's granularity: the day alone when it has no finer one."""
    moment = moment.astimezone(datetime.UTC)
    if granularity == SECONDS:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%d")


def first(values, limit):
    return (values[0] if values else "").strip()[:limit]


def clean_list(values, limit=50, length=300):
    return [value.strip()[:length] for value in values[:limit] if value and value.strip()]


def source_url(identifiers):
    """The first web address among the record's identifiers (never another scheme: the search
    page links to it)."""
    for value in identifiers:
        value = (value or "").strip()
        if value.startswith(("http://", "https://")) and len(value) <= 1000:
            return value
    return ""


def record_fields(record):
    """The columns of a harvested record from Sickle's record."""
    header = record.header
    fields = {
        "datestamp": parse_datestamp(header.datestamp),
        "deleted": header.deleted,
    }
    if header.deleted:
        return fields
    dc = record.metadata
    return {
        **fields,
        "title": first(dc.get("title", []), 1000),
        "creators": clean_list(dc.get("creator", [])),
        "description": "\n\n".join(clean_list(dc.get("description", []), 10, 20000)),
        "subjects": clean_list(dc.get("subject", [])),
        "date": first(dc.get("date", []), 100),
        "types": clean_list(dc.get("type", []), 10),
        "source_url": source_url(dc.get("identifier", [])),
        "language": first(dc.get("language", []), 50),
    }


COLUMNS = [
    "datestamp",
    "deleted",
    "title",
    "creators",
    "description",
    "subjects",
    "date",
    "types",
    "source_url",
    "language",
]


def store(peer, records):
    """Write a batch of the peer's records (insert or update by identifier; a deleted one keeps
    its row, marked deleted, with its metadata emptied) and bring their search entries up to
    date. Safe when two harvests of the peer overlap."""
    rows = {}
    for record in records:
        rows[record.header.identifier[:500]] = HarvestedRecord(
            peer=peer, identifier=record.header.identifier[:500], **record_fields(record)
        )
    if not rows:
        return
    HarvestedRecord.objects.bulk_create(
        list(rows.values()),
        update_conflicts=True,
        unique_fields=["peer", "identifier"],
        update_fields=[*COLUMNS, "harvested_at"],
    )
    keys = HarvestedRecord.objects.filter(peer=peer, identifier__in=list(rows)).values_list(
        "pk", flat=True
    )
    index_harvested([-pk for pk in keys])


def describe(error, peer):
    """The reason a harvest failed, for the office (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(error, requests.Timeout):
            return _("The repository did not answer within %(seconds)s seconds.") % {
                "seconds": f"{settings.HARVEST_TIMEOUT:g}"
            }
        if isinstance(error, requests.ConnectionError):
            return _("The repository could not be reached at %(url)s.") % {"url": peer.base_url}
        if isinstance(error, requests.HTTPError):
            return _("The repository answered with HTTP status %(status)s.") % {
                "status": error.response.status_code if error.response is not None else "?"
            }
        if isinstance(error, OAI_ERRORS):
            return _("The repository answered with the OAI-PMH error “%(code)s”: %(message)s") % {
                "code": type(error).__name__,
                "message": str(error)[:500],
            }
        if isinstance(error, (XMLSyntaxError, ValueError, AttributeError)):
            return _("The repository's answer is not valid OAI-PMH: %(error)s") % {
                "error": str(error)[:500]
            }
        return _("The harvest failed: %(error)s") % {"error": str(error)[:500]}


def harvest(peer, sleep=time.sleep):
    """Harvest one peer: what changed since its last complete harvest. Returns `Harvested`; the
    peer's status, counts and error are saved whatever happens."""
    peer.refresh_from_db()  # where the last harvest (perhaps another process's) left it
    started = timezone.now()
    outcome = Harvested()
    latest = None
    try:
        client = PeerClient(peer.base_url, sleep=sleep)
        granularity = getattr(client.Identify(), "granularity", "") or ""
        arguments = {"metadataPrefix": "oai_dc"}
        if peer.set_spec:
            arguments["set"] = peer.set_spec
        if peer.last_datestamp:
            arguments["from"] = from_argument(peer.last_datestamp, granularity)
        batch = []
        try:
            for record in client.ListRecords(**arguments):
                batch.append(record)
                outcome.received += 1
                outcome.deleted += int(record.header.deleted)
                stamp = parse_datestamp(record.header.datestamp)
                latest = stamp if latest is None else max(latest, stamp)
                if len(batch) >= BATCH:
                    store(peer, batch)
                    batch = []
        except oaiexceptions.NoRecordsMatch:
            pass  # nothing changed since the last harvest
        store(peer, batch)
    except Exception as error:  # noqa: BLE001 — a peer's failure never stops the others
        logger.warning("Harvest of %s failed: %r", peer.base_url, error)
        outcome.error = describe(error, peer)
        PeerRepository.objects.filter(pk=peer.pk).update(
            status=HarvestStatus.FAILED,
            last_attempt_at=started,
            last_error=outcome.error,
            last_received=outcome.received,
            **counts(peer),
        )
        return outcome
    PeerRepository.objects.filter(pk=peer.pk).update(
        status=HarvestStatus.OK,
        granularity=granularity[:30],
        last_attempt_at=started,
        last_success_at=timezone.now(),
        last_error="",
        last_received=outcome.received,
        **counts(peer),
    )
    if latest is not None:  # never backwards, should two harvests overlap
        PeerRepository.objects.filter(pk=peer.pk).filter(
            Q(last_datestamp__isnull=True) | Q(last_datestamp__lt=latest)
        ).update(last_datestamp=latest)
    return outcome


def counts(peer):
    records = HarvestedRecord.objects.filter(peer=peer)
    return {
        "records_count": records.filter(deleted=False).count(),
        "deleted_count": records.filter(deleted=True).count(),
    }
