"""Changes with side effects. Each checks, then executes atomically on a locked row and logs.

Actions never see the request: flash messages and redirects stay in the views.
"""

from .acceptance import AssignAcceptanceCouncil, RecordAcceptance, SubmitSelfEvaluation
from .base import ActionRefused
from .councils import (
    CreateTopicFromProposal,
    DeclareConflict,
    RecordAttendance,
    RecordCouncilDecision,
    ResolveConflict,
    SaveScoreSheet,
)
from .proposals import (
    AssignCouncil,
    OverrideEligibility,
    ReturnProposal,
    RunEligibilityCheck,
    SubmitProposal,
    WithdrawProposal,
)
from .running import (
    ChangeDeadline,
    DecideChangeRequest,
    DecideProgressReport,
    RequestChange,
    SubmitProgressReport,
)
from .standard import FreezeYear
from .topics import ChangeTopicStatus, TerminateTopic

__all__ = [
    "ActionRefused",
    "AssignAcceptanceCouncil",
    "AssignCouncil",
    "ChangeDeadline",
    "ChangeTopicStatus",
    "CreateTopicFromProposal",
    "DecideChangeRequest",
    "DecideProgressReport",
    "DeclareConflict",
    "FreezeYear",
    "OverrideEligibility",
    "RecordAcceptance",
    "RecordAttendance",
    "RecordCouncilDecision",
    "RequestChange",
    "ResolveConflict",
    "ReturnProposal",
    "RunEligibilityCheck",
    "SaveScoreSheet",
    "SubmitProgressReport",
    "SubmitSelfEvaluation",
    "SubmitProposal",
    "TerminateTopic",
    "WithdrawProposal",
]
