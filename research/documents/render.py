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
from jinja2 import ChainableUndefined, Environment, TemplateError

from .builtin import builtin_template
from .fields import FIELDS

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
    """A filled .docx (bytes) from template bytes and the fields; a broken template is refused."""
    try:
        document = DocxTemplate(io.BytesIO(source))
        document.render(context, jinja_env=jinja_env, autoescape=True)
    except (TemplateError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise TemplateBroken(
            _("The template cannot be filled: %(error)s") % {"error": error}
        ) from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_template(source):
    """Refuse a .docx before the office saves it when docxtpl cannot read its tags or it names a
    field the portal does not give (docs/documents.md lists them)."""
    try:
        used = DocxTemplate(io.BytesIO(source)).get_undeclared_template_variables()
    except (TemplateError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise TemplateBroken(
            _("The template cannot be filled: %(error)s") % {"error": error}
        ) from error
    unknown = sorted(used - FIELDS)
    if unknown:
        raise TemplateBroken(
            _("The template uses fields the portal does not know: %(fields)s.")
            % {"fields": ", ".join(unknown)}
        )
    # Filled with nothing (every field empty) to catch what only shows when it runs.
    fill(source, {}, jinja_env=Environment(undefined=ChainableUndefined, autoescape=True))


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
