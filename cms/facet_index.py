"""A listing's facets as bitmaps, so that any choice of filters is counted in memory.

Counting 90,000 outputs by kind, year, unit and field takes the database about a second for each
choice of filters, and visitors' choices are many. The index reads the listing once: its rows in
their order, and each row's value of each facet (one query per facet). For each value it keeps
the rows that hold it as a bitmap, an integer whose bit i is the listing's i-th row. A choice of
filters is then the AND of its values' bitmaps, a count is the number of bits set, and a page of
rows is the set bits of its ranks: microseconds, whatever the choice.

A row counts once in each option, however many of its authors share a unit (a bit is set once),
as the database's COUNT(DISTINCT) did. FilteredIndexPage keeps the index in cms.pagecache until
the next change, and in each process's memory for that generation.
"""

import array

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils.translation import get_language

from research.core.collation import text_key


def in_language(name_path):
    """A record's name in the visitor's language (`name_en` …), the Vietnamese one where empty."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return F(name_path)
    return Coalesce(NullIf(F(f"{name_path}_{language}"), Value("")), F(name_path))


class Year(ExtractYear):
    """A date's year; on SQLite through its own strftime rather than Django's function in Python,
    called once per row (220 of the library's 950 ms counting 90,000 outputs by year)."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%Y', {sql}) AS INTEGER)", params


def option_of(path):
    """What a facet's options are: the value at `path`, or a date's year for `…__year`."""
    year = f"{LOOKUP_SEP}year"
    return Year(path.removesuffix(year)) if path.endswith(year) else F(path)


def multi_valued(model, path):
    """Whether the lookup `path` from `model` crosses a relation to many rows (authors …)."""
    for part in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform (`__year`): the path's relations end here
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


class Bits:
    """A facet's bitmaps being built: each value's row positions, and the values' names."""

    def __init__(self, size):
        self.size, self.found, self.names = size, {}, {}

    def add(self, at, value, name):
        if value is None:
            return
        found = self.found.get(value)
        if found is None:
            found = self.found[value] = bytearray(self.size)
            self.names[value] = name
        found[at >> 3] |= 1 << (at & 7)

    def bitmaps(self):
        return {value: int.from_bytes(found, "little") for value, found in self.found.items()}


class FacetIndex:
    # part of the key it is kept under (a shared cache outlives a deploy): a new one whenever what
    # an index holds changes, so that no worker reads an index of another shape
    FORMAT = 1

    def __init__(self, order, bitmaps, labels):
        self.order = order  # the rows' primary keys in the listing's order
        self.bitmaps = bitmaps  # {facet: {value: the bitmap of the rows holding it}}
        self.labels = labels  # {facet: {value: its name}}, the names None where no field names them
        self.everything = (1 << len(order)) - 1

    @classmethod
    def build(cls, filterset):
        """The index of `filterset`'s rows (its queryset, in its order), the options named in the
        current language: the rows with their single-valued facets in one query, then one query
        for each facet a row may hold several values of (a unit through the authors)."""
        rows, naming, paths = filterset.queryset, filterset.option_names, filterset.facet_paths()
        single = [name for name in naming if not multi_valued(rows.model, paths[name])]
        listed = cls.read(rows, single, paths, naming)
        order = array.array("q", (row[0] for row in listed))
        bits = {name: Bits(len(order) // 8 + 1) for name in naming}
        cls.collect(bits, single, naming, listed, range(len(order)))
        position = {pk: at for at, pk in enumerate(order)}
        for name in naming:
            if name not in single:
                found = cls.read(rows.order_by(), [name], paths, naming)
                cls.collect(bits, [name], naming, found, (position.get(row[0]) for row in found))
        return cls(
            order,
            {name: facet.bitmaps() for name, facet in bits.items()},
            {name: facet.names for name, facet in bits.items()},
        )

    @staticmethod
    def read(rows, names, paths, naming):
        """(primary key, then each facet's value and, where a field names it, its name) of
        `rows`, facet by facet of `names`."""
        columns = {}
        for name in names:
            columns[f"facet_{name}"] = option_of(paths[name])
            if isinstance(naming[name], str):
                columns[f"facet_{name}_label"] = in_language(naming[name])
        return list(rows.annotate(**columns).values_list("pk", *columns))

    @staticmethod
    def collect(bits, names, naming, found, positions):
        """Each row of `found` (read()'s) into `bits` at its position (None: not listed)."""
        cells, column = [], 1
        for name in names:
            named = isinstance(naming[name], str)
            cells.append((bits[name].add, column, column + 1 if named else None))
            column += 2 if named else 1
        for at, row in zip(positions, found, strict=True):
            if at is None:
                continue
            for add, value, label in cells:
                add(at, row[value], None if label is None else row[label])

    def matching(self, active, leaving_out=None):
        """The bitmap of the rows that `active` ({facet: value}, cleaned) leaves, but for the
        facet `leaving_out`; a value no row holds leaves none."""
        chosen = self.everything
        for name, value in active.items():
            if name != leaving_out:
                chosen &= self.bitmaps[name].get(value, 0)
        return chosen

    def options(self, active, option_names):
        """Each facet's options over the rows left by the other filters, empty ones left out:
        {facet: [(value, label, count)]} — named ones in Vietnamese order, years the latest
        first, choices in their declared order."""
        facets = {}
        for name, naming in option_names.items():
            others = self.matching(active, leaving_out=name)
            counted = {
                value: n
                for value, bits in self.bitmaps[name].items()
                if (n := (bits & others).bit_count())
            }
            if isinstance(naming, str):
                names = self.labels[name]
                options = [(value, names[value], n) for value, n in counted.items()]
                options.sort(key=lambda option: text_key(option[1]))
            elif naming is None:
                options = [(value, str(value), n) for value, n in sorted(counted.items())[::-1]]
            else:
                declared = dict(naming.choices)
                order = {value: at for at, value in enumerate(declared)}
                options = [
                    (value, str(declared.get(value, value)), n)
                    for value, n in sorted(
                        counted.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
                    )
                ]
            facets[name] = options
        return facets

    def keys(self, chosen, start, stop):
        """The primary keys of the rows ranked `start` to `stop` (excluded) among `chosen`."""
        if chosen == self.everything:
            return list(self.order[start:stop])
        bits, found, at = bin(chosen)[:1:-1], [], -1  # bit 0 first
        for rank in range(stop):
            at = bits.find("1", at + 1)
            if at < 0:
                break
            if rank >= start:
                found.append(self.order[at])
        return found
