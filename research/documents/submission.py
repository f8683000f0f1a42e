"""The proposal list to the province (đề xuất đặt hàng, research.orders) issued as a document: a
submission (tờ trình, numbered in the TTr register) or a letter (công văn, numbered with the
research office's symbol), as the list's own kind says. Its specs join specs.SPECS; its fields are
`submission.…` (docs/documents.md)."""

from django.utils.translation import gettext_lazy as _

from research.core.choices import LegalBasis, SubmissionKind
from research.core.formatting import format_vnd
from research.documents.models import DocumentKind as K
from research.orders.models import OrderSubmission

from .grounds import regime_fields

# The document each kind of list is carried by.
KIND_OF_LIST = {
    SubmissionKind.SUBMISSION: K.ORDER_SUBMISSION,
    SubmissionKind.LETTER: K.ORDER_LETTER,
}
KINDS = tuple(KIND_OF_LIST.values())
SUBJECT = OrderSubmission._meta.model_name

TOPICS_TABLE = (
    "table",
    [
        "TT",
        "Tên nhiệm vụ đề xuất",
        "Tính cấp thiết",
        "Sản phẩm dự kiến",
        "Thời gian (tháng)",
        "Kinh phí dự kiến",
    ],
    "t in submission.topics",
    [
        "{{ t.index }}",
        "{{ t.title }}",
        "{{ t.rationale }}",
        "{{ t.expected_products }}",
        "{{ t.months }}",
        "{{ t.budget }}",
    ],
    # cm of the 16.5 between the margins: a whole amount (“1.250.000.000 đ”) fits on one line
    (1.1, 3.9, 3.3, 2.8, 1.9, 3.5),
)


def body(opening):
    return [
        ("to", "Kính gửi: {{ submission.ordering_body }}."),
        ("p", "Căn cứ {{ regime.law }};"),
        ("p", "Căn cứ {{ regime.decree }};"),
        (
            "p",
            "Căn cứ chức năng, nhiệm vụ và quy chế quản lý hoạt động khoa học của "
            "{{ issuer.name_in_text }};",
        ),
        ("p", opening),
        TOPICS_TABLE,
        (
            "p",
            "Tổng cộng: {{ submission.count }} nhiệm vụ, tổng kinh phí dự kiến "
            "{{ submission.total }}.",
        ),
        (
            "p",
            "{{ issuer.name_in_text }} kính đề nghị {{ submission.ordering_body }} xem xét, đặt "
            "hàng các nhiệm vụ nêu trên để {{ issuer.name_in_text }} tổ chức thực hiện, phục vụ "
            "yêu cầu thực tiễn của địa phương./.",
        ),
    ]


SPECS = {
    K.ORDER_SUBMISSION: {
        "title": "TỜ TRÌNH",
        "summary": "Về việc đề xuất đặt hàng nhiệm vụ nghiên cứu khoa học năm "
        "{{ submission.year }}",
        "signature": "issuer",
        "body": body(
            "{{ issuer.name_in_text }} kính trình {{ submission.ordering_body }} danh mục "
            "nhiệm vụ nghiên cứu khoa học đề xuất đặt hàng năm {{ submission.year }} như sau:"
        ),
    },
    K.ORDER_LETTER: {
        # no type name is printed: the summary stands under the number (format_rules.LETTER_ONLY)
        "letter": True,
        "title": "CÔNG VĂN",
        "summary": "V/v đề xuất đặt hàng nhiệm vụ nghiên cứu khoa học năm {{ submission.year }}",
        "signature": "issuer",
        "body": body(
            "{{ issuer.name_in_text }} đề xuất {{ submission.ordering_body }} đặt hàng các "
            "nhiệm vụ nghiên cứu khoa học năm {{ submission.year }} như sau:"
        ),
    },
}


def made_for(kind, submission):
    """Whether `kind` is the document that carries this list (its kind: tờ trình or công văn)."""
    return KIND_OF_LIST.get(submission.kind) == kind


def unavailable_reason(kind, submission):
    """Why `kind` cannot be issued for the list now ("" when it can)."""
    if not made_for(kind, submission):
        return _("This list is carried by a %(kind)s.") % {
            "kind": submission.get_kind_display().lower()
        }
    if not submission.lines.exists():
        return _("The list has no proposed topic yet: there is nothing to issue.")
    return ""


def submission_fields(submission):
    """The fields of the list's document (`submission.…`), as plain Vietnamese text."""
    lines = list(submission.lines.all())
    return {
        "title": submission.title,
        "year": submission.year,
        "ordering_body": submission.ordering_body.name,
        "count": len(lines),
        "topics": [
            {
                "index": index,
                "title": line.title,
                "rationale": line.rationale,
                "expected_products": line.expected_products,
                "months": line.duration_months,
                "budget": format_vnd(line.estimated_budget),
            }
            for index, line in enumerate(lines, start=1)
        ],
        "total": format_vnd(sum(line.estimated_budget or 0 for line in lines)),
    }


def context_of(submission):
    """The list's own fields and the legal grounds in force (the current regime's law and
    decree): a list proposes new tasks, so no older regime applies."""
    return {
        "regime": regime_fields(LegalBasis.REGIME_2025),
        "submission": submission_fields(submission),
    }
