"""The documents the portal holds about a topic today, each kind registered once. Records are
rendered as small HTML documents (printable, openable anywhere); stored files are added as
they are."""

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from wagtail.log_actions import registry as log_registry

from research.core.formatting import format_vnd, name_of
from research.councils.models.reviews import AcceptanceDecision, CouncilDecision
from research.documents.models import IssuedDocument
from research.orders.models import public_order
from research.outputs.models.declarations import Verification
from research.outputs.models.outputs import OutputFile
from research.reports.dossier.registry import Document, source


def html(title, name, date=None, **context):
    body = render_to_string("research/dossier/document.html", {"title": title, **context})
    return Document(title=str(title), name=name, extension="html", date=date, content=body.encode())


def stored(title, name, file, date=None):
    """A stored file; one the record names but the storage no longer has is listed as missing in
    the table of contents (and not put in the ZIP), never dropped silently."""
    if not file:
        return []
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else "bin"
    document = Document(title=str(title), name=name, extension=extension, date=date, stored=file)
    if not file.storage.exists(file.name):
        document.missing = True
    return [document]


def proposal_of(topic):
    return getattr(topic, "proposal", None)


@source(10, _("Proposal"))
def proposal_versions(topic):
    proposal = proposal_of(topic)
    if proposal is None:
        return []
    found = []
    for version in proposal.versions.order_by("number"):
        old = version.as_proposal()
        label = _("Proposal, version %(number)s") % {"number": version.number}
        found.append(
            html(
                label,
                f"thuyet-minh-v{version.number}",
                version.submitted_at,
                rows=[
                    (_("Title"), old.title),
                    (_("Keywords"), "; ".join(old.keyword_list)),
                    (_("Duration (months)"), old.duration_months),
                    (
                        _("Submitted"),
                        timezone.localtime(version.submitted_at).strftime("%d/%m/%Y %H:%M"),
                    ),
                ],
                sections=[
                    (_("Urgency"), old.urgency),
                    (_("Objectives"), old.objectives),
                    (_("Content and methods"), old.content_methods),
                    (_("Schedule"), old.schedule),
                ],
                lists=[
                    (_("Team"), [str(m) for m in old.members.all()]),
                    (_("Expected outputs"), [str(o) for o in old.expected_outputs.all()]),
                    (_("Requested budget"), [str(b) for b in old.budget_items.all()]),
                ],
            )
        )
        for number, attachment in enumerate(old.attachments.all(), start=1):
            found += stored(
                f"{label}: {attachment.title}",
                f"thuyet-minh-v{version.number}-dinh-kem-{number}",
                attachment.file,
                version.submitted_at,
            )
    return found


@source(20, _("Eligibility check"))
def eligibility(topic):
    proposal = proposal_of(topic)
    if proposal is None or not proposal.eligibility:
        return []
    checks = [
        f"{'✔' if check['passed'] else '✘'} {check['label']}"
        + (f" ({check['detail']})" if check.get("detail") else "")
        for check in proposal.eligibility_display
    ]
    sections = [(_("Reason for overriding eligibility"), proposal.eligibility_override)]
    return [
        html(
            _("Eligibility check"),
            "ra-soat-hop-le",
            lists=[(_("Checks"), checks)],
            sections=sections,
        )
    ]


def decision_documents(decisions, subject, name, title):
    found = []
    for decision in decisions.order_by("round").select_related("recorded_by"):
        found.append(
            html(
                title % {"round": decision.round},
                f"{name}-lan-{decision.round}",
                decision.recorded_at,
                rows=[
                    (_("Council"), subject.council or "—"),
                    (_("Decision"), decision.outcome_label),
                    (
                        _("Decision recorded"),
                        timezone.localtime(decision.recorded_at).strftime("%d/%m/%Y %H:%M"),
                    ),
                ],
                sections=[(_("Note"), decision.note)],
                summary=decision.summary,
            )
        )
    return found


@source(30, _("Selection council: decision and minutes"))
def selection_council(topic):
    proposal = proposal_of(topic)
    if proposal is None:
        return []
    return decision_documents(
        CouncilDecision.objects.filter(proposal=proposal),
        proposal,
        "bien-ban-xet-duyet",
        _("Minutes and decision of the selection council, round %(round)s"),
    )


def day_text(value):
    return value.strftime("%d/%m/%Y") if value else "—"


@source(35, _("Province order"))
def province_order(topic):
    order = public_order(topic)
    if order is None:
        return []
    submission = order.proposed_topic.submission if order.proposed_topic_id else None
    rows = [
        (_("Ordering body"), order.ordering_body.name),
        (_("Kind of order"), order.get_kind_display()),
        (_("Decision"), f"{order.decision_number}, {day_text(order.decision_date)}"),
        (_("Who applies the result"), order.applied_by or "—"),
        (_("Contract"), f"{order.contract_number or '—'} ({day_text(order.contract_date)})"),
        (_("Results due to be handed over by"), day_text(order.handover_due_on)),
    ]
    if submission is not None:
        rows.append(
            (
                _("Proposal list to the province"),
                f"{submission.title}, {submission.number} ({day_text(submission.sent_on)})",
            )
        )
    rows += [
        (f"{line.source} {line.year}", format_vnd(line.amount))
        for line in order.funding.select_related("source")
    ]
    return [
        html(
            _("Decision of the ordering body"),
            "quyet-dinh-dat-hang",
            order.decision_date,
            rows=rows,
            sections=[
                (_("Requirements"), order.requirements),
                (_("Expected products"), order.expected_products),
            ],
        )
    ]


@source(93, _("Hand-over and application of the results"))
def handover(topic):
    order = public_order(topic)
    if order is None or not order.handed_over_on:
        return []
    found = [
        html(
            _("Hand-over and application of the results"),
            "ban-giao-ung-dung",
            order.handed_over_on,
            rows=[
                (_("Handed over"), f"{day_text(order.handed_over_on)}, {order.handover_number}"),
                (_("Application confirmed"), day_text(order.applied_on)),
                (_("Confirmation document number"), order.application_number or "—"),
            ],
            sections=[(_("How the result was applied"), order.application_note)],
        )
    ]
    found += stored(
        _("Hand-over record (biên bản bàn giao)"),
        "bien-ban-ban-giao",
        order.handover_file,
        order.handed_over_on,
    )
    found += stored(
        _("Confirmation document"), "xac-nhan-ung-dung", order.application_file, order.applied_on
    )
    for number, report in enumerate(order.shared_reports.order_by("shared_on", "pk"), start=1):
        found += stored(
            report.title, f"bao-cao-gui-co-quan-dat-hang-{number}", report.file, report.shared_on
        )
    return found


@source(40, _("Contract"))
def contract(topic):
    if not topic.contract_number:
        return []
    return [
        html(
            _("Task contract"),
            "hop-dong",
            topic.contract_date,
            rows=[
                (_("Contract number"), topic.contract_number),
                (
                    _("Contract date"),
                    topic.contract_date.strftime("%d/%m/%Y") if topic.contract_date else "—",
                ),
                (_("Approved funding"), format_vnd(topic.approved_total)),
            ],
        )
    ]


@source(50, _("Progress reports and decisions"))
def progress_reports(topic):
    found = []
    for number, report in enumerate(topic.progress_reports.order_by("submitted_at"), start=1):
        found.append(
            html(
                _("Progress report %(number)s") % {"number": number},
                f"bao-cao-tien-do-{number}",
                report.submitted_at,
                rows=[
                    (_("Submitted"), timezone.localtime(report.submitted_at).strftime("%d/%m/%Y")),
                    (_("Status"), report.get_status_display()),
                    (
                        _("Decided"),
                        timezone.localtime(report.decided_at).strftime("%d/%m/%Y")
                        if report.decided_at
                        else "—",
                    ),
                ],
                sections=[
                    (_("Progress so far"), report.text),
                    (_("Comment of the research office"), report.office_comment),
                ],
            )
        )
        found += stored(
            _("Progress report %(number)s: file") % {"number": number},
            f"bao-cao-tien-do-{number}-tep",
            report.file,
            report.submitted_at,
        )
    return found


@source(60, _("Change requests and decisions"))
def change_requests(topic):
    return [
        html(
            _("Change request %(number)s: %(kind)s")
            % {"number": number, "kind": request.get_kind_display()},
            f"de-nghi-dieu-chinh-{number}",
            request.decided_at,
            rows=[(_("Status"), request.get_status_display())],
            sections=[
                (_("Reason"), request.reason),
                (_("What changes"), request.details),
                (_("Decision note"), request.decision_note),
            ],
        )
        for number, request in enumerate(topic.change_requests.order_by("pk"), start=1)
    ]


@source(70, _("Self-evaluation"))
def self_evaluation(topic):
    evaluation = getattr(topic, "self_evaluation", None)
    if evaluation is None:
        return []
    return [
        html(
            _("Self-evaluation"),
            "tu-danh-gia",
            evaluation.submitted_at,
            sections=[(_("Self-evaluation"), evaluation.text)],
        ),
        *stored(
            _("Self-evaluation: report file"),
            "tu-danh-gia-tep",
            evaluation.file,
            evaluation.submitted_at,
        ),
    ]


@source(80, _("Acceptance council: minutes and score summary"))
def acceptance_council(topic):
    return decision_documents(
        AcceptanceDecision.objects.filter(topic=topic),
        topic,
        "bien-ban-nghiem-thu",
        _("Minutes and score summary of the acceptance council, round %(round)s"),
    )


@source(90, _("Outputs"))
def output_files(topic):
    found = []
    # An output the office has not verified is not evidence yet: its files stay out.
    files = OutputFile.objects.filter(
        output__topic=topic, output__verification=Verification.VERIFIED
    ).select_related("output")
    for number, attachment in enumerate(files.order_by("output__published_on", "pk"), start=1):
        found += stored(
            f"{attachment.output.title}: {attachment.title}",
            f"san-pham-{number}",
            attachment.file,
            attachment.output.published_on,
        )
    return found


@source(92, _("Issued documents"))
def issued_documents(topic):
    """Every document the portal issued for the topic or its proposal, Word and PDF."""
    proposal = proposal_of(topic)
    issued = IssuedDocument.objects.filter(topic=topic)
    if proposal is not None:
        issued = issued | IssuedDocument.objects.filter(proposal=proposal)
    found = []
    for number, document in enumerate(issued.order_by("issued_on", "pk"), start=1):
        title = document.get_kind_display()
        if document.reference:
            title = f"{title} số {document.reference}"
        base = f"van-ban-{number}-{document.kind.replace('_', '-')}"
        found += stored(title, base, document.docx, document.issued_on)
        found += stored(f"{title} (PDF)", base, document.pdf, document.issued_on)
    return found


@source(95, _("Closing records: signed scans"))
def closing_scans(topic):
    found = []
    for record in topic.closing_records.order_by("signed_on", "pk"):
        title = record.get_kind_display()
        if record.number:
            title = f"{title} số {record.number}"
        found += stored(title, f"ket-thuc-{record.kind}", record.file, record.signed_on)
    return found


@source(100, _("History"))
def audit_log(topic):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhat ky"
    sheet.append([str(_("When")), str(_("Who")), str(_("Action")), str(_("Details"))])
    entries = list(log_registry.get_logs_for_instance(topic).select_related("user__person"))
    proposal = proposal_of(topic)
    if proposal is not None:
        entries += list(log_registry.get_logs_for_instance(proposal).select_related("user__person"))
    for entry in sorted(entries, key=lambda e: e.timestamp):
        sheet.append(
            [
                timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M"),
                name_of(entry.user) or "—",
                str(log_registry.get_action_label(entry.action)),
                str(entry.message),
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return [Document(str(_("History of the topic")), "nhat-ky", "xlsx", content=buffer.getvalue())]
