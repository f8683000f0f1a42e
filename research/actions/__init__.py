"""Changes with side effects. Each checks, then executes atomically on a locked row and logs.

Actions never see the request: flash messages and redirects stay in the views.
"""

from .acceptance import AssignAcceptanceCouncil, RecordAcceptance, SubmitSelfEvaluation
from .base import ActionRefused
from .closing import CloseTopic, RecordClosing
from .councils import (
    CreateTopicFromProposal,
    DeclareConflict,
    RecordAttendance,
    RecordCouncilDecision,
    ResolveConflict,
    SaveScoreSheet,
)
from .declarations import ConfirmAuthorship, VerifyDeclaration
from .documents import IssueDocument
from .meetings import ScheduleMeeting
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
    "CloseTopic",
    "ConfirmAuthorship",
    "CreateTopicFromProposal",
    "DecideChangeRequest",
    "DecideProgressReport",
    "DeclareConflict",
    "FreezeYear",
    "IssueDocument",
    "OverrideEligibility",
    "RecordAcceptance",
    "RecordAttendance",
    "RecordClosing",
    "RecordCouncilDecision",
    "RequestChange",
    "ResolveConflict",
    "ReturnProposal",
    "RunEligibilityCheck",
    "SaveScoreSheet",
    "ScheduleMeeting",
    "SubmitProgressReport",
    "SubmitSelfEvaluation",
    "SubmitProposal",
    "TerminateTopic",
    "VerifyDeclaration",
    "WithdrawProposal",
]
