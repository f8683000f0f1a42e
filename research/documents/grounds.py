"""The legal grounds each regime cites (“Căn cứ Nghị định số … ngày … của Chính phủ quy định …”):
data the research office keeps in the admin (Tài liệu → Căn cứ pháp lý), seeded by migration
0074 and completed by 0075 with what this repository could find. A ground without its date or title still prints —
without the missing part, never a guessed one — and the office is told which ground to complete
each time it issues a document citing it."""

import io

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from docx import Document

from research.core.choices import LegalBasis

from .vocabulary import WORDS, date_words


class GroundRole(models.TextChoices):
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    CIRCULAR = "circular", _("Circular")


class LegalGround(models.Model):
    regime = models.CharField(_("legal regime"), max_length=4, choices=LegalBasis.choices)
    role = models.CharField(_("ground"), max_length=10, choices=GroundRole.choices)
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As cited: “Luật Khoa học và Công nghệ”, “Nghị định”, “Thông tư”."),
    )
    number = models.CharField(_("number and symbol"), max_length=50)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(
        _("issuer"), max_length=200, blank=True, help_text=_("“Chính phủ”; empty for a law.")
    )
    title = models.CharField(
        _("subject line"),
        max_length=500,
        blank=True,
        help_text=_("What it rules, as its title says after the issuer; empty for a law."),
    )

    class Meta:
        verbose_name = _("legal ground")
        verbose_name_plural = _("legal grounds")
        ordering = ["regime", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "role"], name="research_legalground_one_per_role"
            )
        ]

    def __str__(self):
        return f"{self.name} {self.number}"

    def cite(self):
        """“Nghị định số 08/2014/NĐ-CP ngày 27 tháng 01 năm 2014 của Chính phủ quy định …”."""
        parts = [f"{self.name} số {self.number}"]
        if self.issued_on:
            parts.append(date_words(self.issued_on))
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.title:
            parts.append(self.title)
        return " ".join(parts)

    def missing(self):
        """The fields the citation still lacks: its date; a decree's or circular's issuer and
        subject line (a law's name says what it is)."""
        fields = [] if self.issued_on else ["issued_on"]
        if self.role != GroundRole.LAW:
            fields += [field for field in ("issuer", "title") if not getattr(self, field)]
        return fields

    def missing_labels(self):
        labels = {
            "issued_on": _("date of issue"),
            "issuer": _("issuer"),
            "title": _("subject line"),
        }
        return ", ".join(str(labels[field]) for field in self.missing())


def regime_fields(regime):
    """The regime's words and its grounds as `{{ regime.decree }}` prints them."""
    grounds = LegalGround.objects.filter(regime=regime)
    return {**WORDS[regime], **{ground.role: ground.cite() for ground in grounds}}


def regime_of(subject):
    """A proposal not yet submitted has no legal basis of its own: the current regime applies."""
    regime = subject.legal_basis if subject.legal_basis in WORDS else LegalBasis.REGIME_2025
    return regime_fields(regime)


def incomplete_in(docx):
    """The incomplete grounds a rendered document (its .docx bytes) cites, found by their number
    in its text: the office's own template may cite them or not."""
    grounds = [ground for ground in LegalGround.objects.all() if ground.missing()]
    if not grounds:
        return []
    document = Document(io.BytesIO(docx))
    cells = (cell for table in document.tables for row in table.rows for cell in row.cells)
    paragraphs = [*document.paragraphs, *(p for cell in cells for p in cell.paragraphs)]
    text = "\n".join(paragraph.text for paragraph in paragraphs)
    return [ground for ground in grounds if ground.number in text]


def incomplete_warning(ground):
    return gettext(
        "The document cites %(ground)s, whose %(missing)s is still missing: complete it under "
        "Documents and mail → Legal grounds, then issue the document again."
    ) % {"ground": ground, "missing": ground.missing_labels()}
