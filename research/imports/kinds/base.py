"""The kinds of records the import reads: their sheet, columns and how a row becomes a record.

Column headers are the file format, the same in every language of the interface (like a CSV
schema): the school's spreadsheets are Vietnamese. Each kind turns a row into a `Plan` — a new
record, an update of an existing one, or nothing to change — without writing anything.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from research.core.choices import TopicStatus
from research.core.names import Ambiguous, text_key
from research.imports import cells
from research.topics.models.topics import CLOSED_FROM

# The day the 2025 regime took over (domain.md §3): an imported topic without a legal basis
# started before it is under the 2013 regime.
REGIME_2025_FROM = (2025, 10, 1)
LIST_SEPARATOR = "; "


class RowError(ValueError):
    """A row that cannot be imported: every reason found, translated; `str()` is them all, one
    per line."""

    def __init__(self, *messages):
        self.messages = [str(message) for message in messages]
        super().__init__("\n".join(self.messages))


class ClosedFrom(models.TextChoices):
    """The outcomes a closed topic may have been closed after, as the template's list offers."""

    ACCEPTED = TopicStatus.ACCEPTED.value, TopicStatus.ACCEPTED.label
    FAILED = TopicStatus.FAILED.value, TopicStatus.FAILED.label
    TERMINATED = TopicStatus.TERMINATED.value, TopicStatus.TERMINATED.label


assert set(ClosedFrom.values) == set(CLOSED_FROM)

# The step of the admin that makes each move of the lifecycle (the `actions` module of each capability).
LIFECYCLE_STEPS = {
    TopicStatus.IN_PROGRESS: gettext_lazy("Change status"),
    TopicStatus.WITHDRAWN: gettext_lazy("Change status"),
    TopicStatus.EXTENDED: gettext_lazy("Decide a change request"),
    TopicStatus.SELF_EVALUATED: gettext_lazy("Self-evaluation"),
    TopicStatus.UNDER_EVALUATION: gettext_lazy("Assign the acceptance council"),
    TopicStatus.ACCEPTED: gettext_lazy("Record the council's meeting and decision"),
    TopicStatus.FAILED: gettext_lazy("Record the council's meeting and decision"),
    TopicStatus.TERMINATED: gettext_lazy("Terminate the topic"),
    TopicStatus.CLOSED: gettext_lazy("Close the topic"),
}


@dataclass
class Column:
    header: str
    read: object = cells.text
    required: bool = False
    choices: type | None = None  # a TextChoices class: the template offers its labels as a list
    example: object = ""
    note: str = ""


@dataclass
class Plan:
    status: str  # "new", "update" or "unchanged"
    instance: object
    fields: list = field(default_factory=list)  # what an update changes
    children: dict = field(default_factory=dict)  # relation name → unsaved rows replacing it
    m2m: dict = field(default_factory=dict)  # many-to-many name → people


def current(instance, name):
    """A field's value as stored; a related record by its id, without loading it."""
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname)


def key_of(value):
    return value.pk if hasattr(value, "_meta") else value


def people_list(value):
    return [part for part in (p.strip() for p in cells.text(value).split(";")) if part]


class Kind:
    code = None
    model = None
    sheet_title = ""
    columns = []
    fields = []  # model fields a row sets
    children = {}  # relation name → model of the rows a record owns
    has_pages = False  # its records may have public pages (made after they are written)

    def __init__(self, context):
        self.context = context
        self.load()

    def load(self):
        """Read once what the rows are matched against."""

    def read(self, row):
        """({header: value}, faults): every column read, a fault for each that cannot be (its
        value is then None), so that the preview lists all of a row's faults at once."""
        values, faults = {}, []
        for column in self.all_columns():
            raw = row.values.get(column.header)
            try:
                value = column.read(raw)
            except cells.CellError as error:
                faults.append(f"{column.header}: {error}")
                value = None
            else:
                if column.required and value in (None, "", []):
                    faults.append(
                        _("%(column)s: this column is required.") % {"column": column.header}
                    )
                    value = None
            values[column.header] = value
        return values, faults

    def plan_row(self, row):
        """The row's plan, or RowError with every fault of the row: its cells' and its rules'."""
        self.row_number = row.number
        values, faults = self.read(row)
        self.faults = faults
        try:
            plan = self.plan(values)
        except RowError as error:
            faults.extend(error.messages)
        except Ambiguous:
            if not faults:
                raise
        except (TypeError, AttributeError, IndexError, KeyError) as error:
            if not faults:  # a rule tripped on a value that could not be read: faults say why
                raise
            del error
        if faults:
            raise RowError(*dict.fromkeys(faults))
        return plan

    def fault(self, message):
        """A fault that does not stop the row's other checks."""
        self.faults.append(str(message))

    def guarded(self, reader, *args):
        """A reader's value, its RowError a fault among the row's others."""
        try:
            return reader(*args)
        except RowError as error:
            self.faults.extend(error.messages)
            return None

    def all_columns(self):
        return self.columns

    def compare(self, instance, wanted, children=None, m2m=None):
        """A plan to create `instance` (no pk) or to change it to the `wanted` field values."""
        children, m2m = children or {}, m2m or {}
        if id(instance) in self.context.planned:
            raise RowError(_("This record appears twice in the file."))
        self.context.planned.add(id(instance))
        if instance.pk is None:
            for name, value in wanted.items():
                setattr(instance, name, value)
            return Plan("new", instance, children=children, m2m=m2m)
        changed = [
            name for name, value in wanted.items() if current(instance, name) != key_of(value)
        ]
        changed_children = {
            name: rows
            for name, rows in children.items()
            if self.child_signature(name, rows) != self.existing_signature(instance, name)
        }
        changed_m2m = {
            name: people
            for name, people in m2m.items()
            if sorted(p.pk or 0 for p in people) != sorted(self.existing_m2m(instance, name))
        }
        if not (changed or changed_children or changed_m2m):
            return Plan("unchanged", instance)
        for name in changed:
            setattr(instance, name, wanted[name])
        return Plan("update", instance, changed, changed_children, changed_m2m)

    def child_signature(self, name, rows):
        raise NotImplementedError

    def existing_signature(self, instance, name):
        raise NotImplementedError

    def existing_m2m(self, instance, name):
        return []

    # shared readers of the context
    def unit(self, written, required=True):
        if not written:
            if required:
                raise RowError(_("The unit is required."))
            return None
        found = self.context.units.get(text_key(written))
        if found is None:
            raise RowError(
                _("There is no unit “%(name)s”; import the units first or add it in the admin.")
                % {"name": written}
            )
        return found

    def reference(self, model, written, label):
        if not written:
            return None
        found = self.context.reference(model).get(text_key(written))
        if found is None:
            raise RowError(
                _("“%(name)s” is not in the list of %(list)s; add it in the admin first.")
                % {"name": written, "list": label}
            )
        return found
