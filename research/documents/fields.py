"""The fields a document template can use (docs/documents.md lists them), built from a proposal or
a topic. Every value is plain text or a list of plain rows, written the Vietnamese way (dates
dd/mm/yyyy, money “1.250.000.000 đ”), so an office template needs no filters."""

import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from research.closing.models import ClosingKind
from research.core import blind
from research.core.choices import CouncilRole, ProposalStatus, TopicGrade, TopicStatus
from research.core.formatting import format_vnd
from research.councils.models.meetings import CouncilMeeting
from research.documents.models import DocumentFormat, DocumentKind, IssuerSettings

from . import submission
from .format_rules import SIGNATURE_NOTATIONS
from .grounds import regime_of
from .vocabulary import WEEKDAYS, date_words, number_line, place_date

# What each kind is made from: a proposal, a topic, or either (a council on either).
SUBJECTS = {
    DocumentKind.COUNCIL_DECISION: ("proposal", "topic"),
    DocumentKind.INVITATION: ("proposal", "topic"),
    DocumentKind.MINUTES: ("proposal",),
    DocumentKind.SELECTION_DECISION: ("proposal",),
    DocumentKind.CONTRACT: ("topic",),
    DocumentKind.ACCEPTANCE_RECORD: ("topic",),
    DocumentKind.RECOGNITION_DECISION: ("topic",),
    DocumentKind.CLOSEOUT: ("topic",),
    DocumentKind.REGISTRATION: ("topic",),
    # the plan fills its own fields (ResearchPlan.document_fields): documents imports no plan
    DocumentKind.RESEARCH_PLAN: ("researchplan",),
    # the proposal list to the province: a tờ trình or a công văn, as the list says (submission.py)
    DocumentKind.ORDER_SUBMISSION: (submission.SUBJECT,),
    DocumentKind.ORDER_LETTER: (submission.SUBJECT,),
}
# Kinds whose readers include council members: blind review hides the team there too.
READ_BY_MEMBERS = {DocumentKind.INVITATION, DocumentKind.MINUTES, DocumentKind.ACCEPTANCE_RECORD}
ACCEPTED = (TopicStatus.ACCEPTED,)
EVALUATED_OR_TERMINATED = (TopicStatus.ACCEPTED, TopicStatus.FAILED, TopicStatus.TERMINATED)


# Every top-level field a template may use (the keys `build` gives; docs/documents.md).
FIELDS = {
    "kind",
    "format",
    "issuer",
    "number",
    "number_line",
    "date",
    "date_words",
    "year",
    "place_date",
    "signer",
    "recipients",
    "archive",
    "regime",
    "subject",
    "is_topic",
    "council",
    "meeting",
    "result",
    "topics",
    "funding",
    "closing",
    "party_a",
    "plan",
    "submission",
}


class DocumentUnavailable(Exception):
    """This document cannot be made for this subject yet; `str()` is the translated reason."""


def kind_of(subject):
    return subject._meta.model_name


def check_available(kind, subject):
    """Raise DocumentUnavailable with the reason when `kind` cannot be made for `subject`."""
    if kind_of(subject) not in SUBJECTS[kind]:
        raise DocumentUnavailable(_("This document is not made for this record."))
    if kind == DocumentKind.RESEARCH_PLAN:
        if not subject.is_approved:
            raise DocumentUnavailable(_("The plan is issued once the leadership approves it."))
        return
    if kind in submission.KINDS:
        reason = submission.unavailable_reason(kind, subject)
        if reason:
            raise DocumentUnavailable(reason)
        return
    if kind in (DocumentKind.COUNCIL_DECISION, DocumentKind.INVITATION) and not subject.council_id:
        raise DocumentUnavailable(_("No council is assigned yet."))
    if kind == DocumentKind.INVITATION and not is_set(meeting_of(subject, subject.current_round)):
        raise DocumentUnavailable(_("Set the meeting's date, time and venue first."))
    if kind == DocumentKind.MINUTES and not subject.decisions.exists():
        raise DocumentUnavailable(_("The council's decision is not recorded yet."))
    if kind in MINUTES_KINDS:
        decisions = MINUTES_KINDS[kind](subject)
        decision = decisions.order_by("-round").first()
        if decision is not None and not is_set(meeting_of(subject, decision.round)):
            raise DocumentUnavailable(_("Set the meeting's date, time and venue first."))
    if kind == DocumentKind.SELECTION_DECISION and subject.status != ProposalStatus.APPROVED:
        raise DocumentUnavailable(_("Only an approved proposal has this decision."))
    if kind == DocumentKind.CONTRACT and subject.status == TopicStatus.WITHDRAWN:
        raise DocumentUnavailable(_("A withdrawn topic has no contract."))
    if kind == DocumentKind.ACCEPTANCE_RECORD and not subject.acceptance_decisions.exists():
        raise DocumentUnavailable(_("The council's decision is not recorded yet."))
    if kind in (DocumentKind.RECOGNITION_DECISION, DocumentKind.REGISTRATION) and (
        subject.outcome not in ACCEPTED
    ):
        raise DocumentUnavailable(_("Only an accepted topic has this document."))
    if kind == DocumentKind.CLOSEOUT and subject.outcome not in EVALUATED_OR_TERMINATED:
        raise DocumentUnavailable(_("The topic is not evaluated or terminated yet."))


def available_kinds(subject):
    """[(kind, label, reason or "")] for every kind made from this kind of record."""
    rows = []
    for kind in DocumentKind:
        if kind_of(subject) not in SUBJECTS[kind]:
            continue
        if kind in submission.KINDS and not submission.made_for(kind, subject):
            continue  # a list carried by a tờ trình has no công văn to offer, and the reverse
        try:
            check_available(kind, subject)
            reason = ""
        except DocumentUnavailable as error:
            reason = str(error)
        rows.append((kind.value, kind.label, reason))
    return rows


# The records of a meeting: what decided it, to find the meeting they record.
MINUTES_KINDS = {
    DocumentKind.MINUTES: lambda subject: subject.decisions,
    DocumentKind.ACCEPTANCE_RECORD: lambda subject: subject.acceptance_decisions,
}


def is_set(meeting):
    """A meeting a document can name: its date, time and venue are all given."""
    return bool(meeting and meeting.held_on and meeting.starts_at and meeting.venue.strip())


def meeting_of(subject, round_number):
    return CouncilMeeting.objects.filter(
        **{kind_of(subject): subject, "round": round_number}
    ).first()


def day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def meeting_fields(meeting):
    if meeting is None:
        return {
            "date": "",
            "date_words": "",
            "weekday": "",
            "time": "",
            "venue": "",
            "reviews_due": "",
        }
    return {
        "date": day(meeting.held_on),
        "date_words": date_words(meeting.held_on),
        "weekday": WEEKDAYS[meeting.held_on.weekday()],
        "time": meeting.starts_at.strftime("%H giờ %M").replace(" 00", ""),
        "venue": meeting.venue,
        "reviews_due": day(meeting.reviews_due_on),
    }


def council_fields(council):
    if council is None:
        return {"name": "", "decision_number": "", "members": [], "chair": "", "secretary": ""}
    members = list(council.members.select_related("person__unit"))

    def named(role):
        return next((m.person.display_name for m in members if m.role == role), "")

    return {
        "name": council.name,
        "decision_number": council.decision_number,
        "members": [
            {
                "index": index,
                "name": member.person.display_name,
                "role": member.get_role_display(),
                "affiliation": str(member.person.unit or member.person.affiliation or ""),
            }
            for index, member in enumerate(members, start=1)
        ],
        "chair": named(CouncilRole.CHAIR),
        "secretary": named(CouncilRole.SECRETARY),
    }


# How a member's vote is written: a selection council recommends a proposal for funding, an
# acceptance council finds the results up to standard or not.
VOTES = {
    "selection": {
        "heading": "Biểu quyết",
        "for": "đề nghị thực hiện",
        True: "Đề nghị thực hiện",
        False: "Không đề nghị",
    },
    "acceptance": {"heading": "Đánh giá", "for": "đạt", True: "Đạt", False: "Không đạt"},
}


def result_fields(decision, rubric, council="selection"):
    """The council's frozen aggregate of the decided round, as the minutes print it."""
    if decision is None:
        return {}
    summary = decision.summary
    vote = {**VOTES[council], None: ""}
    return {
        "vote_heading": vote["heading"],
        "vote_for_label": vote["for"],
        "members": summary["members"],
        "present": summary["present"],
        "absent": summary["members"] - summary["present"],
        "quorum_met": summary["quorum_met"],
        "mean": (summary["mean"] or "").replace(".", ","),
        "max_total": rubric.max_total if rubric else "",
        "voters": summary["voters"],
        "votes_for": summary["votes_for"],
        "outcome": decision.outcome_label,
        "grade": decision.get_grade_display() if hasattr(decision, "grade") else "",
        "note": decision.note,
        "recorded": day(decision.recorded_at),
        "round": decision.round,
        "sheets": [
            {
                "index": index,
                "name": sheet["name"],
                "role": sheet["role"],
                "present": "Có" if sheet["present"] else "Vắng",
                "score": (sheet["score"] or "—").replace(".", ","),
                "vote": vote[sheet["recommend"]],
            }
            for index, sheet in enumerate(summary["sheets"], start=1)
        ],
    }


def subject_fields(subject, show_team=True):
    topic = kind_of(subject) == "topic"
    principal = subject.principal
    # What council members read of a blind proposal or topic: no team, no unit (the team's),
    # names struck out of the title and the outputs' notes too.
    redact = (
        blind.no_redaction
        if show_team
        else blind.team_redactor(subject.team_people(), keep=subject.code)
    )
    fields = {
        "code": subject.code,
        "title": redact(subject.title),
        "level": subject.get_level_display(),
        "level_lower": subject.get_level_display().lower(),
        "unit": str(subject.unit) if show_team else "",
        "principal": principal.display_name if principal and show_team else "",
        "principal_unit": str(principal.unit or principal.affiliation or "")
        if principal and show_team
        else "",
        "ordering_body": str(subject.ordering_body or ""),
    }
    if topic:
        months = (subject.planned_end.year - subject.planned_start.year) * 12 + (
            subject.planned_end.month - subject.planned_start.month + 1
        )
        fields.update(
            start=day(subject.planned_start),
            end=day(subject.planned_end),
            months=months,
            budget=format_vnd(subject.approved_total),
            contract_number=contract_reference(subject)[0],
            contract_date=day(contract_reference(subject)[1]),
            grade=TopicGrade(subject.grade).label if subject.grade else "",
            accepted_on=day(subject.accepted_on),
            outcome=TopicStatus(subject.outcome).label,
            team=[
                {"index": i, "name": m.person.display_name, "role": m.get_role_display()}
                for i, m in enumerate(subject.members.select_related("person"), start=1)
            ]
            if show_team
            else [],
            outputs=[
                {**output, "note": redact(output["note"])} for output in approved_outputs(subject)
            ],
            plan_year=subject.planned_start.year,
        )
    else:
        fields.update(
            months=subject.duration_months,
            budget=format_vnd(subject.requested_total),
            round=subject.current_round,
            call=str(subject.call or ""),
            # The plan the selection belongs to: the call's year, not the day of signing.
            plan_year=subject.call.year if subject.call_id else "",
        )
    return fields


def approved_outputs(topic):
    """The outputs the contract promises: the topic's own, or those of the proposal approved."""
    outputs = list(topic.expected_outputs.all())
    if not outputs and hasattr(topic, "proposal"):
        outputs = list(topic.proposal.expected_outputs.all())
    return [
        {"index": i, "kind": o.get_kind_display(), "count": o.count, "note": o.description}
        for i, o in enumerate(outputs, start=1)
    ]


def contract_reference(topic):
    """(number and symbol, date) of the topic's contract: the one the register holds when the
    portal issued it, so every later document cites the same number; the topic's record otherwise."""
    issued = (
        topic.documents.filter(kind=DocumentKind.CONTRACT)
        .exclude(reference="")
        .exclude(number="")
        .order_by("-issued_on", "-pk")
        .first()
    )
    if issued is not None:
        return issued.reference, issued.issued_on
    return topic.contract_number, topic.contract_date


def funding_fields(topic):
    lines = list(topic.funding_lines.select_related("source"))
    tranches = list(topic.tranches.all())
    rows, totals = [], {"approved": 0, "disbursed": 0, "settled": 0}
    for source in dict.fromkeys(line.source for line in lines):
        approved = sum(line.approved_amount for line in lines if line.source == source)
        settled = sum(line.settled_amount or 0 for line in lines if line.source == source)
        disbursed = sum(t.paid_amount or 0 for t in tranches if t.source_id == source.pk)
        rows.append(
            {
                "index": len(rows) + 1,
                "source": source.name,
                "approved": format_vnd(approved),
                "disbursed": format_vnd(disbursed),
                "settled": format_vnd(settled),
            }
        )
        totals["approved"] += approved
        totals["disbursed"] += disbursed
        totals["settled"] += settled
    records = {record.kind: record for record in topic.closing_records.all()}
    settlement = records.get(ClosingKind.SETTLEMENT)
    settled_total = settlement.amount if settlement else totals["settled"]
    return {
        "rows": rows,
        "approved": format_vnd(totals["approved"]),
        "disbursed": format_vnd(totals["disbursed"]),
        "settled": format_vnd(settled_total),
        "unspent": format_vnd(max(totals["disbursed"] - settled_total, 0)),
    }


def closing_fields(topic):
    records = {record.kind: record for record in topic.closing_records.all()}
    return {
        kind: {
            "number": records[kind].number if kind in records else "",
            "date": day(records[kind].signed_on) if kind in records else "",
        }
        for kind in ClosingKind.values
    }


def approved_list(proposal):
    """The topics the selection decision approves: those of the proposal's call, or this one."""
    proposals = (
        proposal.call.proposals.filter(status=ProposalStatus.APPROVED)
        if proposal.call_id
        else [proposal]
    )
    return [
        {
            "index": index,
            "code": (p.topic.code if p.topic_id else p.code),
            "title": p.title,
            "principal": p.principal.display_name,
            "unit": str(p.unit),
            "months": p.duration_months,
            "budget": format_vnd(p.requested_total),
        }
        for index, p in enumerate(proposals, start=1)
    ]


def build(kind, subject, template, *, number="", issued_on):
    """Every field of `kind` for `subject`, as the document on `issued_on` numbered `number`."""
    check_available(kind, subject)
    issuer = IssuerSettings.load()
    with translation.override("vi"):
        context = {
            "kind": kind,
            "format": template.format,
            "issuer": {
                # A state-format document never carries the Party parent body.
                "parent_body": issuer.parent_body
                if template.format == DocumentFormat.PARTY
                else issuer.state_parent_body,
                "name": issuer.name,
                "name_in_text": issuer.name_in_text or issuer.name,
                "symbol": issuer.symbol,
                "place": issuer.place,
                "head_title": issuer.head_title,
                "head_name": issuer.head_name,
                "office_name": issuer.office_name,
                "office_symbol": issuer.office_symbol,
                "science_agency": issuer.science_agency,
            },
            "number": number,
            "number_line": number_line(
                template.format, number, template.type_symbol, issuer.symbol, issuer.office_symbol
            ),
            "date": day(issued_on),
            "date_words": date_words(issued_on),
            "year": issued_on.year,
            "place_date": place_date(issuer.place, issued_on),
            "signer": {
                "authority": signature_notation(template.signer_authority, template.format),
                "title": template.signer_title or issuer.head_title,
                "name": template.signer_name or issuer.head_name,
            },
            "recipients": [
                line.strip() for line in template.recipients.splitlines() if line.strip()
            ],
            "archive": ", ".join(filter(None, ["VT", issuer.office_symbol])),
        }
        if kind == DocumentKind.RESEARCH_PLAN:
            context["plan"] = subject.document_fields()
            return force_text(context)
        if kind in submission.KINDS:
            return force_text(context | submission.context_of(subject))
        show_team = not (kind in READ_BY_MEMBERS and subject.is_blind)
        context |= {
            "regime": regime_of(subject),
            "subject": subject_fields(subject, show_team),
            "is_topic": kind_of(subject) == "topic",
            "council": council_fields(subject.council),
            "meeting": meeting_fields(meeting_of(subject, subject.current_round)),
        }
        if kind == DocumentKind.MINUTES:
            decision = subject.decisions.order_by("-round").first()
            context["result"] = result_fields(decision, subject.review_rubric)
            context["meeting"] = meeting_fields(meeting_of(subject, decision.round))
        if kind == DocumentKind.ACCEPTANCE_RECORD:
            decision = subject.acceptance_decisions.order_by("-round").first()
            context["result"] = result_fields(decision, subject.review_rubric, "acceptance")
            context["meeting"] = meeting_fields(meeting_of(subject, decision.round))
        if kind == DocumentKind.SELECTION_DECISION:
            context["topics"] = approved_list(subject)
        if context["is_topic"]:
            context["funding"] = funding_fields(subject)
            context["closing"] = closing_fields(subject)
            context["party_a"] = (
                subject.ordering_body.name
                if subject.ordering_body_id
                else issuer.name_in_text or issuer.name
            )
        # Everything is text by now; lazily translated labels are forced in Vietnamese.
        return force_text(context)


NOTATION = re.compile(r"^\s*(K\s*/\s*T|KT|T\s*/\s*M|TM|T\s*/\s*L|TL|T\s*/\s*UQ|TUQ)\b\.?\s*")


def signature_notation(authority, document_format):
    """“KT. HIỆU TRƯỞNG” in the state format, “K/T HIỆU TRƯỞNG” in the Party format, whichever
    way the office typed it (format_rules.SIGNATURE_NOTATIONS)."""
    match = NOTATION.match(authority or "")
    if not match:
        return (authority or "").strip()
    key = re.sub(r"[\s/.]", "", match.group(1)).upper()
    return f"{SIGNATURE_NOTATIONS[document_format][key]} {authority[match.end() :].strip()}".strip()


def force_text(value):
    if isinstance(value, dict):
        return {key: force_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [force_text(item) for item in value]
    if isinstance(value, bool | int) or value is None:
        return value
    return str(value)
