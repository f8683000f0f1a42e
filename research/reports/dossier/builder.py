"""Numbering the dossier's documents, its table of contents (mục lục) as .xlsx and HTML, and the
ZIP itself, streamed: stored files are read chunk by chunk as the archive is sent."""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from zipstream import ZIP_DEFLATED, ZipStream

from research.core.formatting import ascii_slug
from research.reports.dossier import sources  # noqa: F401  (registers the built-in sources)
from research.reports.dossier.registry import documents

TOC_NAME = "00-muc-luc"


@dataclass
class Entry:
    number: int
    file_name: str
    document: object

    @property
    def date(self):
        value = self.document.date
        if value is None:
            return ""
        if hasattr(value, "hour"):
            value = timezone.localtime(value).date()
        return value.strftime("%d/%m/%Y")

    @property
    def file_cell(self):
        """The file's name, or why it is not in the archive."""
        if self.document.missing:
            return _("File missing from the storage: %(name)s") % {"name": self.file_name}
        return self.file_name


def entries(topic):
    """The numbered documents: “01-thuyet-minh-v1.html”, “02-…”, ASCII names in dossier order."""
    found = documents(topic)
    width = max(2, len(str(len(found))))
    return [
        Entry(
            number,
            f"{number:0{width}d}-{ascii_slug(document.name, 60) or 'tai-lieu'}.{document.extension}",
            document,
        )
        for number, document in enumerate(found, start=1)
    ]


def table_of_contents_xlsx(topic, listed):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Muc luc"
    sheet.append([f"{topic.code} — {topic.title}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("No."), _("Group"), _("Document"), _("Date"), _("File")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for entry in listed:
        sheet.append(
            [entry.number, entry.document.group, entry.document.title, entry.date, entry.file_cell]
        )
    for column, width in zip("ABCDE", (6, 34, 70, 12, 44), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_of_contents_html(topic, listed):
    return render_to_string(
        "research/dossier/table_of_contents.html",
        {"topic": topic, "entries": listed, "made_at": timezone.localtime()},
    ).encode()


def zip_name(topic):
    return f"ho-so-{ascii_slug(topic.code) or topic.pk}.zip"


def dossier_zip(topic):
    """The dossier as a ZipStream (iterate it to get the bytes): nothing is held whole."""
    with translation.override(settings.LANGUAGE_CODE):
        listed = entries(topic)
        archive = ZipStream(compress_type=ZIP_DEFLATED, sized=False)
        archive.add(table_of_contents_xlsx(topic, listed), f"{TOC_NAME}.xlsx")
        archive.add(table_of_contents_html(topic, listed), f"{TOC_NAME}.html")
    for entry in listed:
        if not entry.document.missing:
            archive.add(entry.document.chunks(), entry.file_name)
    return archive
