from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    BOARD = "board", _("Board of directors")
    FACULTY = "faculty", _("Faculty")
    OFFICE = "office", _("Office")
    CENTRE = "centre", _("Centre")


class PersonKind(models.TextChoices):
    LECTURER = "lecturer", _("Lecturer of the school")
    STAFF = "staff", _("Staff of the school")
    OUTSIDE = "outside", _("Outside researcher")


class AcademicTitle(models.TextChoices):
    NONE = "", _("None")
    ASSOCIATE_PROFESSOR = "pgs", _("Associate Professor")
    PROFESSOR = "gs", _("Professor")


class Degree(models.TextChoices):
    BACHELOR = "cn", _("Bachelor")
    MASTER = "ths", _("Master")
    DOCTOR = "ts", _("Doctor")


class TopicLevel(models.TextChoices):
    NATIONAL = "national", _("National level")
    MINISTERIAL = "ministerial", _("Ministerial level")
    PROVINCIAL = "provincial", _("Provincial level")
    SCHOOL = "school", _("School level")
    FACULTY = "faculty", _("Faculty level")
    INITIATIVE = "initiative", _("Initiative")


class TopicOrigin(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by a lecturer")
    ORDERED = "ordered", _("Ordered by the province")
    ASSIGNED = "assigned", _("Assigned directly")


class SchoolRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


class LegalBasis(models.TextChoices):
    REGIME_2013 = "2013", _("2013 regime (Law 29/2013/QH13)")
    REGIME_2025 = "2025", _("2025 regime (Law 93/2025/QH15)")


class TopicStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    SELF_EVALUATED = "self_evaluated", _("Self-evaluated")
    UNDER_EVALUATION = "under_evaluation", _("Under final evaluation")
    ACCEPTED = "accepted", _("Accepted")
    FAILED = "failed", _("Failed")
    TERMINATED = "terminated", _("Terminated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class TopicGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class TeamRole(models.TextChoices):
    PRINCIPAL = "principal", _("Principal investigator")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class OutputKind(models.TextChoices):
    FINAL_REPORT = "final_report", _("Final report")
    SUMMARY_REPORT = "summary_report", _("Summary report")
    JOURNAL_ARTICLE = "journal_article", _("Journal article")
    PROCEEDINGS_PAPER = "proceedings_paper", _("Proceedings paper")
    BULLETIN_ARTICLE = "bulletin_article", _("Bulletin article")
    MONOGRAPH = "monograph", _("Monograph")
    TEXTBOOK = "textbook", _("Textbook or teaching material")
    POLICY_RECOMMENDATION = "policy_recommendation", _("Policy recommendation")
    EVENT = "event", _("Scientific event organised")
    CERTIFICATE_OF_USE = "certificate_of_use", _("Certificate of use")


class DeadlineKind(models.TextChoices):
    PROGRESS_REPORT = "progress_report", _("Progress report")
    SELF_EVALUATION = "self_evaluation", _("Self-evaluation")
    FINAL_EVALUATION = "final_evaluation", _("Final evaluation")
    SETTLEMENT = "settlement", _("Settlement")
    ARCHIVING = "archiving", _("Archiving and publication")
    HANDOVER = "handover", _("Hand-over of results to the ordering body")
    APPLICATION = "application", _("Ordering body's confirmation of application")
    OTHER = "other", _("Other")


class RubricKind(models.TextChoices):
    SELECTION = "selection", _("Proposal selection")
    ACCEPTANCE = "acceptance", _("Final evaluation")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    REVIEWER = "reviewer", _("Reviewer")
    SECRETARY = "secretary", _("Scientific secretary")
    MEMBER = "member", _("Member")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligibility checked")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted by the office")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    ADJUSTMENT = "adjustment", _("Adjustment of content, budget or team")
    TERMINATION = "termination", _("Termination")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class EventLevel(models.TextChoices):
    SCHOOL = "school", _("School level")
    PROVINCIAL = "provincial", _("Provincial level")
    NATIONAL = "national", _("Ministerial or national level")


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Scientific conference")
    SEMINAR = "seminar", _("Seminar")


class RuleKind(models.TextChoices):
    TOPICS = "topics", _("Count topics")
    OUTPUTS = "outputs", _("Count outputs")
    EVENTS = "events", _("Count scientific events")
    BULLETIN_ISSUES = "bulletin_issues", _("Count bulletin issues")
    LECTURERS_WITH_OUTPUTS = "lecturers_with_outputs", _("Lecturers with at least N outputs")
    LECTURERS_WITH_FIELDWORK = "lecturers_with_fieldwork", _("Lecturers who completed fieldwork")
    OUTPUTS_PER_LECTURER = "outputs_per_lecturer", _("Outputs per lecturer")


class TopicPlacement(models.TextChoices):
    """How a topic falls in an indicator's window of years."""

    STARTED = "started", _("Started in the window")
    RUNNING = "running", _("Running during the window")
    ACCEPTED = "accepted", _("Accepted in the window")
    APPLIED = "applied", _("Result applied in the window (confirmed by the ordering body)")


class Measure(models.TextChoices):
    NUMBER = "number", _("Number")
    SHARE = "share", _("Share of lecturers (%)")


class ClosingKind(models.TextChoices):
    """The records that close a topic (research.closing); a topic's settlement is one."""

    RECOGNITION = "recognition", _("Recognition of results")
    SETTLEMENT = "settlement", _("Settlement of funds")
    CLOSEOUT = "closeout", _("Contract close-out")
    REGISTRATION = "registration", _("Registration and deposit of results")


class OrderKind(models.TextChoices):
    """How the province puts a topic on the school: the state's order of a science and technology
    task (đặt hàng nhiệm vụ KH&CN, with a contract) or the Party committee's assignment (giao
    nhiệm vụ, a provincial-level topic)."""

    ORDER = "order", _("Order of a science and technology task (đặt hàng)")
    ASSIGNMENT = "assignment", _("Assignment of a task (giao nhiệm vụ)")


class OrderStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered, being carried out")
    HANDED_OVER = "handed_over", _("Results handed over")
    APPLIED = "applied", _("Application confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class SubmissionKind(models.TextChoices):
    """The document that carries the school's proposal list to the ordering body."""

    SUBMISSION = "submission", _("Submission (tờ trình)")
    LETTER = "letter", _("Official letter (công văn)")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Being assembled")
    SENT = "sent", _("Sent to the ordering body")
    ANSWERED = "answered", _("Answered")


class ProvinceAnswer(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ORDERED = "ordered", _("Ordered")
    DECLINED = "declined", _("Declined")
    DEFERRED = "deferred", _("Deferred")


class TopicOrderState(models.TextChoices):
    """What an indicator may ask of a topic's order (research.orders)."""

    ORDERED = "ordered", _("Carried out under a province order")
    HANDED_OVER = "handed_over", _("Results handed over to the ordering body")
    APPLIED = "applied", _("Result applied, confirmed by the ordering body")
