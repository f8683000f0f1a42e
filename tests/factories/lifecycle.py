"""Subjects taken through their councils by the real actions, for the paperwork tests."""

import datetime

from research.closing.actions.acceptance import (
    AssignAcceptanceCouncil,
    RecordAcceptance,
    SubmitSelfEvaluation,
)
from research.councils.actions.councils import RecordAttendance, SaveScoreSheet
from research.councils.actions.meetings import ScheduleMeeting
from research.models import (
    IssuerSettings,
    LegalBasis,
    ProposalStatus,
    Review,
    Rubric,
    RubricKind,
    regenerate_deadlines,
)
from research.proposals.actions import RecordCouncilDecision

from . import (
    CouncilFactory,
    FundingLineFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    TopicFactory,
    proposal_in_review,
)

MEETING = {
    "held_on": datetime.date(2026, 6, 12),
    "starts_at": datetime.time(8, 30),
    "venue": "Phòng họp số 2, nhà A",
}


def set_issuer(**overrides):
    issuer = IssuerSettings.load()
    values = {
        "parent_body": "TỈNH ỦY QUẢNG TRỊ",
        "name": "TRƯỜNG CHÍNH TRỊ LÊ DUẨN",
        "name_in_text": "Trường Chính trị Lê Duẩn",
        "state_parent_body": "UBND TỈNH QUẢNG TRỊ",
        "symbol": "TCT",
        "place": "Quảng Trị",
        "head_title": "HIỆU TRƯỞNG",
        "head_name": "PGS.TS. Nguyễn Văn Hùng",
        "office_name": "Phòng Quản lý đào tạo và nghiên cứu khoa học",
        "office_symbol": "QLĐT&NCKH",
        "science_agency": "Sở Khoa học và Công nghệ tỉnh Quảng Trị",
        **overrides,
    }
    for field, value in values.items():
        setattr(issuer, field, value)
    issuer.save()
    return issuer


def score_round(subject, office, points_each):
    rubric = subject.review_rubric
    for review in Review.objects.for_round(subject):
        if review.is_conflicted:
            continue
        SaveScoreSheet(
            review,
            {c.pk: (min(points_each, c.max_points), False) for c in rubric.criteria.all()},
            user=review.member.person.user,
            recommend=True,
            comments="Đạt yêu cầu.",
            submit=True,
        ).execute()
    RecordAttendance(
        subject,
        user=office,
        present=[r.pk for r in Review.objects.for_round(subject)],
        votes={},
    ).execute()


def approved_proposal(office=None, **proposal_kwargs):
    """A proposal approved by its council at a scheduled meeting (its topic created)."""
    office = office or OfficeStaffFactory()
    proposal = proposal_in_review(office=office, **proposal_kwargs)
    ScheduleMeeting(proposal, user=office, **MEETING).execute()
    score_round(proposal, office, points_each=9)
    RecordCouncilDecision(
        proposal, ProposalStatus.APPROVED, user=office, note="Đề nghị thực hiện"
    ).execute()
    proposal.refresh_from_db()
    return proposal


def accepted_topic(office=None, legal_basis=LegalBasis.REGIME_2025, points_each=9, **topic_kwargs):
    """A topic graded by its acceptance council at a scheduled meeting."""
    office = office or OfficeStaffFactory()
    principal = PersonWithLoginFactory()
    topic = TopicFactory(
        in_progress=True,
        legal_basis=legal_basis,
        principal=principal,
        contract_number="07/2025/HĐ-NCKH",
        contract_date=datetime.date(2025, 1, 5),
        **topic_kwargs,
    )
    FundingLineFactory(topic=topic, approved_amount=25_000_000)
    regenerate_deadlines(topic)
    SubmitSelfEvaluation(topic, user=principal.user, text="Hoàn thành đủ sản phẩm").execute()
    council = CouncilFactory(rubric=Rubric.objects.get(kind=RubricKind.ACCEPTANCE))
    AssignAcceptanceCouncil(topic, council, user=office).execute()
    topic.refresh_from_db()
    ScheduleMeeting(topic, user=office, **MEETING).execute()
    score_round(topic, office, points_each)
    RecordAcceptance(topic, user=office, note="Đạt yêu cầu").execute()
    topic.refresh_from_db()
    return topic
