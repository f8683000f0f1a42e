"""Vietnamese names as reference managers and citation processors read them (issue 22, item 10):
the family name is the first word. A real citation processor (citeproc-py) reads our BibTeX and
CSL-JSON and renders a reference; the name it prints and the parts it read are checked, and RIS
and the scholarly meta tags say “Family, Given”."""

import json
import re
from io import StringIO

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.bibtex import BibTeX
from citeproc.source.json import CiteProcJSON
from django.test import TestCase

from research.models import OutputAuthor
from tests.cms.opendata_data import build_repository
from tests.factories import PersonFactory


def rendered(source, key):
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(key)]))
    return [str(item) for item in bibliography.bibliography()]


class VietnameseNamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_repository(outputs=1)
        cls.page = cls.data["output_pages"][0]
        ha = PersonFactory(full_name="Trần Thị Thu Hà")
        OutputAuthor.objects.create(output=cls.page.output, person=ha)

    def download(self, style):
        response = self.client.get(f"{self.page.url}trich-dan/{style}/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_citation_processor_reads_the_family_name_from_bibtex(self):
        text = self.download("bib")
        key = re.match(r"@\w+\{([^,]+),", text).group(1)
        source = BibTeX(StringIO(text), encoding="utf-8")
        authors = source[key.lower()]["author"]
        self.assertEqual(
            [(a["family"], a["given"]) for a in authors],
            [("Võ", "Thị Mai Lan"), ("Trần", "Thị Thu Hà")],
        )
        [reference] = rendered(source, key.lower())
        self.assertTrue(reference.startswith("Võ, T.M.L. and Trần, T.T.H."), reference)

    def test_a_citation_processor_reads_the_csl_json_export(self):
        items = json.loads(self.download("csl"))
        self.assertEqual(
            items[0]["author"],
            [
                {"family": "Võ", "given": "Thị Mai Lan"},
                {"family": "Trần", "given": "Thị Thu Hà"},
            ],
        )
        [reference] = rendered(CiteProcJSON(items), items[0]["id"])
        self.assertTrue(reference.startswith("Võ, T.M.L. and Trần, T.T.H."), reference)
        self.assertIn(self.page.output.title, reference)

    def test_ris_and_the_meta_tags_say_family_given(self):
        ris = self.download("ris")
        self.assertEqual(
            re.findall(r"^AU  - (.*)\r$", ris, re.M), ["Võ, Thị Mai Lan", "Trần, Thị Thu Hà"]
        )
        page = self.client.get(self.page.url).content.decode()
        self.assertEqual(
            re.findall(r'<meta name="citation_author" content="([^"]*)">', page),
            ["Võ, Thị Mai Lan", "Trần, Thị Thu Hà"],
        )
