"""The kinds of records the import reads, by code.

How a row becomes a `Plan` is in base.py; each module beside it holds the kinds of one group of
records (reference lists, people and units, topics, outputs and activities).
"""

from research.imports.kinds.base import Ambiguous, Kind, RowError, text_key
from research.imports.kinds.orders import OrderKindImport
from research.imports.kinds.outputs import (
    BulletinKindImport,
    EventKindImport,
    FieldworkKindImport,
    OutputKindImport,
)
from research.imports.kinds.people import PersonKindImport, UnitKindImport
from research.imports.kinds.reference import (
    FundingSourceKindImport,
    OrderingBodyKindImport,
    ResearchFieldKindImport,
)
from research.imports.kinds.topics import TopicKindImport

KINDS = {
    kind.code: kind
    for kind in (
        OrderingBodyKindImport,
        FundingSourceKindImport,
        ResearchFieldKindImport,
        UnitKindImport,
        PersonKindImport,
        TopicKindImport,
        OutputKindImport,
        EventKindImport,
        BulletinKindImport,
        FieldworkKindImport,
        OrderKindImport,
    )
}

__all__ = ["KINDS", "Ambiguous", "Kind", "RowError", "text_key"]
