"""Fill a template with docxtpl and, where LibreOffice is installed, convert the result to PDF."""

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from . import sandbox
from .builtin import builtin_template

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateBroken(Exception):
    """The office's template cannot be filled; `str()` is the translated reason."""


def template_bytes(template):
    """The office's own .docx when it uploaded one, the built-in one of its format otherwise."""
    if template.custom_file:
        with template.custom_file.open("rb") as handle:
            return handle.read()
    return builtin_template(template.kind, template.format)


def fill(source, context, jinja_env=None):
    """A filled .docx (bytes) from template bytes and the fields; a broken template is refused.

    Always in the sandbox (`sandbox.py`): a template sees the documented fields and nothing else.
    """
    try:
        document = DocxTemplate(io.BytesIO(source))
        document.render(context, jinja_env=jinja_env or sandbox.environment(), autoescape=True)
    except sandbox.TemplateRefused as error:
        raise TemplateBroken(str(error)) from error
    except (TemplateError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise TemplateBroken(
            _("The template cannot be filled: %(error)s") % {"error": error}
        ) from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_template(source):
    """Refuse a .docx before the office saves it when docxtpl cannot read its tags or it reaches
    for anything but the fields the portal gives (docs/documents.md lists them).

    Filled once with every field empty, in the sandbox, which checks each part docxtpl fills (body,
    headers, footers, footnotes, document properties) as it compiles it.
    """
    fill(source, {}, jinja_env=sandbox.environment(checking=True))


def converter():
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which(settings.DOCUMENT_PDF_CONVERTER)


def to_pdf(docx):
    """PDF bytes of a .docx through LibreOffice headless, or None without LibreOffice.

    Each conversion has its own LibreOffice profile, so conversions may run side by side.
    """
    program = converter()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="portal-pdf-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(docx)
        subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=settings.DOCUMENT_PDF_TIMEOUT,
        )
        return (Path(work) / "document.pdf").read_bytes()
