"""One issued document through LibreOffice: an A4 PDF of the expected length whose fonts are all
embedded and metric-compatible with Times New Roman (issue 21 §3). Skipped where LibreOffice or
poppler-utils is not installed; CI installs both (.ci/run)."""

import datetime
import shutil
import subprocess
import tempfile

import pytest
from django.test import TestCase

from research.documents.actions import IssueDocument
from research.documents.render import converter
from tests.factories import OfficeStaffFactory
from tests.factories.lifecycle import accepted_topic, set_issuer

pytestmark = pytest.mark.skipif(
    converter() is None or not shutil.which("pdffonts") or not shutil.which("pdfinfo"),
    reason="LibreOffice or poppler-utils is not installed",
)
# Times New Roman, or a font with its metrics (Liberation Serif; Tinos is the same design).
TIMES_METRIC = ("TimesNewRoman", "LiberationSerif", "Tinos")


def pdf_facts(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
        fonts = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True).stdout
    facts = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    return facts, rows


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True
        ).stdout


class DocumentPdfTests(TestCase):
    def test_an_issued_decision_is_an_a4_pdf_with_its_fonts_embedded(self):
        set_issuer()
        office = OfficeStaffFactory()
        topic = accepted_topic(office=office)
        document = IssueDocument(
            topic,
            "recognition_decision",
            user=office,
            number="12",
            issued_on=datetime.date(2026, 2, 5),
        ).execute()
        self.assertTrue(document.pdf)
        with document.pdf.open("rb") as handle:
            pdf = handle.read()
        facts, fonts = pdf_facts(pdf)
        width, height = (float(v) for v in facts["Page size"].split("pts")[0].split(" x "))
        # A4 is 595.28 × 841.89 points.
        self.assertAlmostEqual(width, 595.3, delta=1)
        self.assertAlmostEqual(height, 841.9, delta=1)
        # The 2025 grounds cited in full take the decision onto a second page, and the text's
        # last article goes with the signature: it never stands alone on the last page.
        self.assertEqual(int(facts["Pages"]), 2)
        last_page = pdf_text(pdf).split("\f")[1]
        self.assertIn("Điều 3.", last_page)
        self.assertIn("Nơi nhận:", last_page)
        self.assertTrue(fonts)
        for row in fonts:
            name, embedded = row[0], row[-5]
            with self.subTest(font=name):
                self.assertEqual(embedded, "yes")
                self.assertTrue(any(metric in name for metric in TIMES_METRIC), name)
