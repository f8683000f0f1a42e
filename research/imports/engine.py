"""Preview and apply an import. The preview writes nothing. Confirming locks the batch and queues
it, once; applying it is a job in two resumable steps, each on the locked batch: the records are
re-planned from the rows read at upload against the data as it is then and written in one
transaction, all or nothing; then their public pages are made in chunks, each chunk committed
with the progress, so a job killed half-way is resumed by `manage.py run_imports` where it
stopped."""

import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry
from wagtail.search import index
from wagtail.search.backends import get_search_backends

from research.core.choices import PersonKind
from research.core.names import PeopleMatcher, text_key
from research.core.people import Person, Unit
from research.imports.models import ImportBatch, ImportStatus
from research.signals import records_imported

from .kinds import KINDS, Ambiguous, RowError
from .workbook import FileRefused, Row, read_file

logger = logging.getLogger(__name__)
# Records whose pages are made in one transaction of the job (with its progress).
PAGE_CHUNK = 1000

LOG_ACTION = "research.imported"


class Status:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"
    CHOOSE = "choose"


@dataclass
class RowResult:
    number: int
    status: str
    reason: str = ""
    raw: dict = field(default_factory=dict)
    plan: object = None


class Context(PeopleMatcher):
    """What every row of one import is matched against, read once."""

    def __init__(self, choices=None):
        super().__init__(choices)
        self.units = {}
        for unit in Unit.objects.all():
            self.units[text_key(unit.name)] = unit
            if unit.short_name:
                self.units.setdefault(text_key(unit.short_name), unit)
        self.references = {}
        self.seen_codes, self.seen_outputs, self.planned = set(), set(), set()

    def reference(self, model):
        if model not in self.references:
            found = {}
            for row in model.objects.all():
                found[text_key(row.name)] = row
                if getattr(row, "short_name", ""):
                    found.setdefault(text_key(row.short_name), row)
            self.references[model] = found
        return self.references[model]


@dataclass
class Preview:
    kind: object
    context: Context
    results: list

    def count(self, status):
        return sum(1 for result in self.results if result.status == status)

    @property
    def counts(self):
        return {
            status: self.count(status)
            for status in (Status.NEW, Status.UPDATE, Status.UNCHANGED, Status.ERROR, Status.CHOOSE)
        }

    @property
    def ambiguities(self):
        return list(self.context.ambiguities.values())

    @property
    def new_people(self):
        return [p for p in self.context.new_people if p.kind == PersonKind.OUTSIDE]

    @property
    def blocked(self):
        return any(r.status in (Status.ERROR, Status.CHOOSE) for r in self.results)

    @property
    def has_errors(self):
        return any(r.status == Status.ERROR for r in self.results)

    @property
    def changes(self):
        return any(r.status in (Status.NEW, Status.UPDATE) for r in self.results)


def build_preview(kind_code, upload, choices=None):
    """Every row's status and reason; raises FileRefused for a file that cannot be read."""
    return plan_rows(kind_code, read_kind_rows(kind_code, upload), choices)


def read_kind_rows(kind_code, upload):
    kind = KINDS[kind_code](Context())
    rows = read_file(upload, kind.sheet_title, kind.all_columns())
    if not rows:
        raise FileRefused(_("The sheet has headers but no rows."))
    return rows


def plan_rows(kind_code, rows, choices=None):
    """The preview of rows already read: matched against the data as it is now."""
    context = Context(choices)
    kind = KINDS[kind_code](context)
    results = []
    for row in rows:
        try:
            plan = kind.plan_row(row)
            results.append(RowResult(row.number, plan.status, raw=row.values, plan=plan))
        except RowError as error:
            results.append(RowResult(row.number, Status.ERROR, str(error), row.values))
        except Ambiguous as ambiguous:
            reason = _("“%(name)s” matches %(count)s people: choose who is meant.") % {
                "name": ambiguous.written,
                "count": len(ambiguous.candidates),
            }
            results.append(RowResult(row.number, Status.CHOOSE, reason, row.values))
    if not results:
        raise FileRefused(_("The sheet has headers but no rows."))
    return Preview(kind, context, results)


# The rows of a batch are kept as JSON: cell values that JSON has no type for are tagged.
TAGGED = {
    "datetime": (datetime.datetime, datetime.datetime.fromisoformat),
    "date": (datetime.date, datetime.date.fromisoformat),
    "time": (datetime.time, datetime.time.fromisoformat),
}


def encode_value(value):
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds()
    for tag, (kind, _parse) in TAGGED.items():
        if isinstance(value, kind):
            return {"$": tag, "v": value.isoformat()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def decode_value(value):
    if isinstance(value, dict):
        return TAGGED[value["$"]][1](value["v"])
    return value


def encode_rows(rows):
    return [
        [row.number, {header: encode_value(value) for header, value in row.values.items()}]
        for row in rows
    ]


def decode_rows(data):
    return [
        Row(number, {header: decode_value(value) for header, value in values.items()})
        for number, values in data
    ]


def batch_rows(batch):
    """The rows read at upload; a batch kept from before they were stored is read once now."""
    if not batch.rows:
        with batch.file.open("rb") as handle:
            rows = read_kind_rows(batch.kind, handle)
        batch.rows = encode_rows(rows)
        ImportBatch.objects.filter(pk=batch.pk).update(rows=batch.rows)
        return rows
    return decode_rows(batch.rows)


class ImportRefused(Exception):
    """The import cannot be applied; `str()` is the translated reason."""


def confirm_batch(batch, *, user, choices=None):
    """Queue a previewed batch to be applied, exactly once: the batch row is locked, and a batch
    already confirmed (by anyone, a moment ago in a parallel request) is refused."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.PREVIEWED:
            raise ImportRefused(
                _("This file has already been imported.")
                if batch.status == ImportStatus.APPLIED
                else _("This file has already been confirmed; its import is under way.")
                if batch.unfinished
                else _("This file could not be imported: %(reason)s") % {"reason": batch.error}
            )
        preview = plan_rows(batch.kind, batch_rows(batch), choices)
        if preview.blocked:
            raise ImportRefused(
                _("Some rows still have errors or names to choose: nothing was imported.")
            )
        batch.status = ImportStatus.QUEUED
        batch.choices = dict(choices or {})
        batch.confirmed_by = user
        batch.summary = preview.counts
        batch.save(update_fields=["status", "choices", "confirmed_by", "summary"])
    return batch, preview


def run_batch(pk):
    """Apply a confirmed batch, or resume one interrupted: its records, then its pages. Safe to
    run twice at once or again after a crash (each step works on the locked batch and checks
    where the batch stands first)."""
    write_records(pk)
    return make_pages(pk)


def write_records(pk):
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=pk)
            if batch.status != ImportStatus.QUEUED:
                return batch
            preview = plan_rows(batch.kind, batch_rows(batch), batch.choices)
            if preview.blocked:
                raise ImportRefused(
                    _(
                        "The records changed between the preview and the import, and some rows no longer apply: nothing was imported. Preview the file again."
                    )
                )
            records = write(preview, user=batch.confirmed_by, file_name=batch.file_name)
            pending = [record.pk for record in records] if preview.kind.has_pages else []
            batch.pending_pages, batch.pages_total, batch.pages_done = pending, len(pending), 0
            batch.summary = preview.counts
            batch.status = ImportStatus.PAGES if pending else ImportStatus.APPLIED
            batch.applied_at = None if pending else timezone.now()
            batch.save()
            return batch
    except (ImportRefused, IntegrityError) as error:
        reason = (
            str(error)
            if isinstance(error, ImportRefused)
            else _(
                "Someone changed the same records meanwhile; nothing was imported. Preview the file again."
            )
        )
        ImportBatch.objects.filter(pk=pk, status=ImportStatus.QUEUED).update(
            status=ImportStatus.FAILED, error=reason
        )
        raise ImportRefused(reason) from error


def make_pages(pk):
    """The imported records' public pages, a chunk per transaction with the progress: a chunk
    cut short is rolled back whole and made again on resumption."""
    while True:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=pk)
            if batch.status != ImportStatus.PAGES:
                return batch
            chunk, rest = batch.pending_pages[:PAGE_CHUNK], batch.pending_pages[PAGE_CHUNK:]
            model = KINDS[batch.kind].model
            records = list(model.objects.filter(pk__in=chunk).order_by("pk"))
            if records:
                records_imported.send(sender=model, created=records, updated=[])
            batch.pending_pages = rest
            batch.pages_done += len(chunk)
            if not rest:
                batch.status, batch.applied_at = ImportStatus.APPLIED, timezone.now()
            batch.save(update_fields=["pending_pages", "pages_done", "status", "applied_at"])


def apply_batch(batch, *, user, choices=None):
    """Confirm a previewed batch and apply it now, records and pages; returns its preview."""
    batch, preview = confirm_batch(batch, user=user, choices=choices)
    run_batch(batch.pk)
    return preview


def write(preview, *, user, file_name):
    """Write the plans: new people, new and changed records, their rows, the audit log, the
    admin search index. No action runs: no e-mail, no deadline, no reminder."""
    kind = preview.kind
    new_people = preview.context.new_people
    Person.objects.bulk_create(new_people)
    plans = [r.plan for r in preview.results if r.status in (Status.NEW, Status.UPDATE)]
    created = [plan.instance for plan in plans if plan.status == Status.NEW]
    kind.model.objects.bulk_create(created)
    for plan in plans:
        if plan.status == Status.UPDATE and plan.fields:
            plan.instance.save(update_fields=plan.fields)
    for name, child_model in kind.children.items():
        parent_field = kind.model._meta.get_field(name).field.name
        replaced = [
            p.instance.pk for p in plans if p.status == Status.UPDATE and name in p.children
        ]
        child_model.objects.filter(**{f"{parent_field}__in": replaced}).delete()
        rows = []
        for plan in plans:
            for row in plan.children.get(name, []):
                setattr(row, parent_field, plan.instance)
                rows.append(row)
        child_model.objects.bulk_create(rows)
    for plan in plans:
        for name, people in plan.m2m.items():
            getattr(plan.instance, name).set(people)
    now = timezone.now()
    log_entries = [log_entry(person, user, file_name, Status.NEW, now) for person in new_people] + [
        log_entry(plan.instance, user, file_name, plan.status, now) for plan in plans
    ]
    ModelLogEntry.objects.bulk_create(log_entries, batch_size=500)
    for model, objects in ((Person, new_people), (kind.model, [p.instance for p in plans])):
        if objects and issubclass(model, index.Indexed):
            for backend in get_search_backends():
                backend.add_bulk(model, objects)
    return [plan.instance for plan in plans]


def log_entry(instance, user, file_name, status, moment):
    return ModelLogEntry(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        label=str(instance)[:255],
        action=LOG_ACTION,
        data={"file": file_name, "change": status},
        timestamp=moment,
        user=user,
        object_id=str(instance.pk),
    )
