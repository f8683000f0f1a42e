from .choices import (
    AcademicTitle,
    DeadlineKind,
    Degree,
    LegalBasis,
    OutputKind,
    PersonKind,
    SchoolRole,
    TeamRole,
    TopicGrade,
    TopicLevel,
    TopicOrigin,
    TopicStatus,
    UnitKind,
)
from .deadlines import Deadline
from .funding import FundingLine, Tranche, check_tranche_totals
from .outputs import Output, OutputAuthor, OutputFile
from .people import Person, Unit
from .reference import FundingSource, OrderingBody, ResearchField
from .topics import (
    ALLOWED_TRANSITIONS,
    TRANSITIONS_NEEDING_REASON,
    InvalidTransition,
    Topic,
    TopicMember,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "TRANSITIONS_NEEDING_REASON",
    "AcademicTitle",
    "Deadline",
    "DeadlineKind",
    "Degree",
    "FundingLine",
    "FundingSource",
    "InvalidTransition",
    "LegalBasis",
    "OrderingBody",
    "Output",
    "OutputAuthor",
    "OutputFile",
    "OutputKind",
    "Person",
    "PersonKind",
    "ResearchField",
    "SchoolRole",
    "TeamRole",
    "Topic",
    "TopicGrade",
    "TopicLevel",
    "TopicMember",
    "TopicOrigin",
    "TopicStatus",
    "Tranche",
    "Unit",
    "UnitKind",
    "check_tranche_totals",
]
