"""The paperwork the office issues: who issues it (settings), which format and template each kind
of document uses (data the office edits), and the register of documents issued."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from research.core.storage import private_file_field
from research.core.validators import validate_docx_file, validate_pdf_file


class DocumentFormat(models.TextChoices):
    PARTY = "party", _("Party format (Hướng dẫn 36-HD/VPTW)")
    STATE = "state", _("State format (Nghị định 30/2020/NĐ-CP)")


class DocumentKind(models.TextChoices):
    COUNCIL_DECISION = "council_decision", _("Decision establishing a council")
    INVITATION = "invitation", _("Meeting invitation")
    MINUTES = "minutes", _("Minutes of the selection council")
    SELECTION_DECISION = "selection_decision", _("Decision approving the selection results")
    CONTRACT = "contract", _("Task contract")
    ACCEPTANCE_RECORD = "acceptance_record", _("Record of the final evaluation")
    RECOGNITION_DECISION = "recognition_decision", _("Decision recognising the results")
    CLOSEOUT = "closeout", _("Contract close-out and settlement record")
    REGISTRATION = "registration", _("Request to register the results")
    RESEARCH_PLAN = "research_plan", _("Research plan")
    ORDER_SUBMISSION = (
        "order_submission",
        _("Submission proposing topics for the province to order"),
    )
    ORDER_LETTER = "order_letter", _("Letter proposing topics for the province to order")


@register_setting(icon="doc-full")
class IssuerSettings(BaseGenericSetting):
    """Who issues the office's documents; printed in every document's heading and signature."""

    parent_body = models.CharField(
        _("parent body"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the issuer, e.g. TỈNH ỦY QUẢNG TRỊ."),
    )
    state_parent_body = models.CharField(
        _("parent body (state format)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed above the issuer in documents of the state format, e.g. UBND TỈNH QUẢNG TRỊ; "
            "empty: none (a Party body is never printed there)."
        ),
    )
    name = models.CharField(
        _("issuer"), max_length=200, blank=True, help_text=_("e.g. TRƯỜNG CHÍNH TRỊ LÊ DUẨN.")
    )
    name_in_text = models.CharField(
        _("issuer's name in running text"),
        max_length=200,
        blank=True,
        help_text=_("In normal case, e.g. Trường Chính trị Lê Duẩn; empty: the issuer as above."),
    )
    symbol = models.CharField(
        _("issuer's symbol"),
        max_length=30,
        blank=True,
        help_text=_("After the document's kind in its number: 45-QĐ/TCT, 45/QĐ-TCT."),
    )
    place = models.CharField(
        _("place"), max_length=100, blank=True, help_text=_("Before the date: Quảng Trị, ngày …")
    )
    head_title = models.CharField(
        _("head's position"), max_length=100, blank=True, help_text=_("e.g. HIỆU TRƯỞNG.")
    )
    head_name = models.CharField(_("head's name"), max_length=200, blank=True)
    office_name = models.CharField(
        _("research office"),
        max_length=200,
        blank=True,
        help_text=_("The unit that prepares the documents, named in their bodies."),
    )
    science_agency = models.CharField(
        _("science and technology agency"),
        max_length=200,
        blank=True,
        help_text=_("Where results are registered, e.g. Sở Khoa học và Công nghệ tỉnh Quảng Trị."),
    )
    office_symbol = models.CharField(
        _("research office's symbol"),
        max_length=30,
        blank=True,
        help_text=_("In “Lưu: VT, …” at the foot of a document."),
    )

    annual_report_format = models.CharField(
        _("format of the annual report"),
        max_length=10,
        choices=DocumentFormat.choices,
        default=DocumentFormat.PARTY,
    )

    class Meta:
        verbose_name = _("document issuer")

    @property
    def is_complete(self):
        return all((self.name, self.symbol, self.place, self.head_title))


def template_file_path(instance, filename):
    return f"document-templates/{instance.kind}.docx"


class DocumentTemplate(models.Model):
    """How one kind of document is made: its format, an optional .docx of the office's own
    (docxtpl fields, docs/documents.md) instead of the built-in one, its signer and recipients."""

    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices, unique=True)
    format = models.CharField(_("format"), max_length=10, choices=DocumentFormat.choices)
    type_symbol = models.CharField(
        _("type in the number"),
        max_length=10,
        blank=True,
        help_text=_(
            "The document type's abbreviation in its number: QĐ, BB, HĐ, GM … (Nghị định "
            "30/2020/NĐ-CP, Phụ lục III); empty for a letter (công văn), numbered with the "
            "research office's symbol."
        ),
    )
    custom_file = private_file_field(
        _("the office's own template (.docx)"),
        template_file_path,
        extensions=validate_docx_file,
        blank=True,
        help_text=_("Empty: the built-in template of the chosen format is used."),
    )
    signer_authority = models.CharField(
        _("signs on behalf"),
        max_length=100,
        blank=True,
        help_text=_("e.g. KT. HIỆU TRƯỞNG or T/M BAN GIÁM HIỆU; empty when the head signs."),
    )
    signer_title = models.CharField(
        _("signer's position"), max_length=100, blank=True, help_text=_("Empty: the head's.")
    )
    signer_name = models.CharField(
        _("signer's name"), max_length=200, blank=True, help_text=_("Empty: the head's.")
    )
    recipients = models.TextField(
        _("recipients"),
        blank=True,
        help_text=_("One per line, printed under “Nơi nhận”; “Lưu” is added."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self):
        return self.get_kind_display()

    @property
    def builtin_links(self):
        """(label, URL) of the built-in template in each format, to start the office's own."""
        return [
            (label, reverse("research_document_template:builtin", args=[self.kind, value]))
            for value, label in (
                (DocumentFormat.PARTY, pgettext_lazy("document format", "Party")),
                (DocumentFormat.STATE, pgettext_lazy("document format", "State")),
            )
        ]


def issued_file_path(instance, filename):
    return f"documents/{instance.issued_on:%Y}/{filename}"


# The records a document is issued for: exactly one of them is set.
SUBJECT_FIELDS = ("proposal", "topic", "researchplan", "ordersubmission")


def one_subject(field):
    return Q(**{f"{name}__isnull": name != field for name in SUBJECT_FIELDS})


class IssuedDocument(models.Model):
    """The register (sổ văn bản) of what the portal produced: number, date and the file itself."""

    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    proposal = models.ForeignKey(
        "research.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    topic = models.ForeignKey(
        "research.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    researchplan = models.ForeignKey(
        "research.ResearchPlan",
        verbose_name=_("research plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    ordersubmission = models.ForeignKey(
        "research.OrderSubmission",
        verbose_name=_("proposal list to the province"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    number = models.CharField(
        _("document number"),
        max_length=30,
        blank=True,
        help_text=_("Empty: left blank for the clerk."),
    )
    reference = models.CharField(
        _("number and symbol"),
        max_length=80,
        blank=True,
        help_text=_("As printed: 45-QĐ/TCT (Party format), 45/QĐ-TCT (state format)."),
    )
    issued_on = models.DateField(_("date"))
    format = models.CharField(_("format"), max_length=10, choices=DocumentFormat.choices)
    custom_template = models.BooleanField(_("the office's own template"), default=False)
    docx = private_file_field(_("Word file"), issued_file_path, extensions=validate_docx_file)
    pdf = private_file_field(
        _("PDF file"), issued_file_path, extensions=validate_pdf_file, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.CheckConstraint(
                condition=one_subject("topic")
                | one_subject("proposal")
                | one_subject("researchplan")
                | one_subject("ordersubmission"),
                name="research_issueddocument_one_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.subject.code} ({self.issued_on:%d/%m/%Y})"

    @property
    def subject(self):
        if self.researchplan_id:
            return self.researchplan
        if self.ordersubmission_id:
            return self.ordersubmission
        return self.proposal if self.proposal_id else self.topic

    @property
    def file_links(self):
        return [
            (label, reverse("research_documents:file", args=[self.pk, which]))
            for which, label, stored in (("docx", "Word", self.docx), ("pdf", "PDF", self.pdf))
            if stored
        ]
