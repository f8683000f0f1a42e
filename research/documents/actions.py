"""Issuing an official document: fill the kind's template with the subject's fields, convert it to
PDF where LibreOffice is installed, and keep both in the register with their number and date."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core.actions import ActionRefused, authorise
from research.documents.fields import DocumentUnavailable, build
from research.documents.grounds import incomplete_in
from research.documents.models import DocumentKind, DocumentTemplate, IssuedDocument, IssuerSettings
from research.documents.render import TemplateBroken, fill, template_bytes, to_pdf
from research.documents.vocabulary import reference


def render_document(kind, subject, *, number="", issued_on=None):
    """(.docx bytes, template) of `kind` for `subject`; refusals are ActionRefused."""
    if kind not in DocumentKind.values:
        raise ActionRefused(_("Choose the kind of document."))
    template = DocumentTemplate.objects.filter(kind=kind).first()
    if template is None:
        raise ActionRefused(_("This kind of document has no template row; add it in the admin."))
    try:
        context = build(
            kind, subject, template, number=number, issued_on=issued_on or timezone.localdate()
        )
        return fill(template_bytes(template), context), template
    except (DocumentUnavailable, TemplateBroken) as error:
        raise ActionRefused(str(error)) from error


def register_of(template, year):
    """The documents numbered in the same register as `template`'s kind: one register per type
    symbol (QĐ, BB, HĐ …) and calendar year, as the clerk's book keeps it; numbers restart on
    1 January (Nghị định 30/2020/NĐ-CP, Điều 15)."""
    kinds = DocumentTemplate.objects.filter(type_symbol=template.type_symbol).values("kind")
    return IssuedDocument.objects.filter(kind__in=kinds, issued_on__year=year).exclude(number="")


def next_number(template, year):
    """The next free number of `template`'s register in `year`."""
    numbers = [
        int(n) for n in register_of(template, year).values_list("number", flat=True) if n.isdigit()
    ]
    return max(numbers, default=0) + 1


def file_name(kind, subject, extension):
    return f"{slugify(DocumentKind(kind).value)}-{slugify(subject.code)}.{extension}"


class IssueDocument:
    """The office issues one document for a proposal or a topic; it is kept in the register."""

    def __init__(self, subject, kind, *, user, number="", issued_on=None):
        self.subject, self.kind, self.user = subject, kind, user
        self.number = (number or "").strip()
        if self.number.isdigit():
            self.number = str(int(self.number))  # one spelling in the register: 5, not 05
        self.issued_on = issued_on or timezone.localdate()

    def check(self):
        authorise(self.user, "manage_documents")
        if self.number and not (self.number.isdigit() and len(self.number) <= 6):
            raise ActionRefused(
                _("Give only the number (digits); the symbol is added from the template.")
            )
        template = DocumentTemplate.objects.filter(kind=self.kind).first()
        if self.number and template is not None:
            taken = (
                register_of(template, self.issued_on.year)
                .filter(number__in={self.number, self.number.lstrip("0")})
                .exclude(**{self.subject._meta.model_name: self.subject, "kind": self.kind})
            )
            if taken.exists():
                raise ActionRefused(
                    _("Number %(number)s of this register is already given in %(year)s.")
                    % {"number": self.number, "year": self.issued_on.year}
                )

    def execute(self):
        self.check()
        docx, template = render_document(
            self.kind, self.subject, number=self.number, issued_on=self.issued_on
        )
        pdf = to_pdf(docx)  # outside the transaction: a conversion takes seconds
        incomplete = incomplete_in(docx)
        field = self.subject._meta.model_name
        with transaction.atomic():
            issuer = IssuerSettings.load()
            document = IssuedDocument(
                kind=self.kind,
                number=self.number,
                reference=reference(
                    template.format,
                    self.number,
                    template.type_symbol,
                    issuer.symbol,
                    issuer.office_symbol,
                )
                if self.number
                else "",
                issued_on=self.issued_on,
                format=template.format,
                custom_template=bool(template.custom_file),
                created_by=self.user,
                **{field: self.subject},
            )
            document.docx.save(
                file_name(self.kind, self.subject, "docx"), ContentFile(docx), save=False
            )
            if pdf:
                document.pdf.save(
                    file_name(self.kind, self.subject, "pdf"), ContentFile(pdf), save=False
                )
            document.save()
            log(
                instance=self.subject,
                action="research.document.issued",
                user=self.user,
                data={
                    "kind": self.kind,
                    "number": self.number,
                    "issued_on": str(self.issued_on),
                    "format": template.format,
                    "custom_template": document.custom_template,
                },
            )
        document.incomplete_grounds = incomplete  # for the office's warning, not stored
        return document
