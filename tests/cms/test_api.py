"""The read-only JSON API at /api/ and the BibTeX/RIS downloads: published records only, filters
like the public listings, pagination, an OpenAPI description, and nothing private or internal."""

import datetime
import json

from django.test import TestCase

from tests.cms.opendata_data import SECRET, build_repository
from tests.factories import OfficeStaffFactory

# Internal values of the repository (settled amount, tranche, e-mail) that must never appear.
INTERNAL = ["123456789", "98765432", "bí-mật@example.vn", "noi-bo"]


class APITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_repository()

    def get(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        body = response.content.decode()
        self.assertNotIn(SECRET, body)
        for value in INTERNAL:
            self.assertNotIn(value, body)
        return json.loads(body)

    def test_topics_are_the_published_ones_with_their_public_facts(self):
        found = self.get("/api/topics/")
        self.assertEqual(found["count"], 1)
        [topic] = found["results"]
        self.assertEqual(topic["code"], "QT-2024-03")
        self.assertEqual(topic["keywords"], ["phòng, chống tham nhũng", "chi bộ"])
        self.assertEqual(
            topic["approved_funding"],
            [{"source": "Ngân sách sự nghiệp khoa học tỉnh", "approved": 350000000}],
        )
        self.assertEqual(topic["team"][0]["name"], "TS. Võ Thị Mai Lan")
        self.assertTrue(topic["url"].endswith("/qt-2024-03/"))
        self.assertEqual(self.get(f"/api/topics/{topic['id']}/")["code"], "QT-2024-03")
        hidden = self.client.get(f"/api/topics/{self.data['topic'].pk + 1}/")
        self.assertEqual(hidden.status_code, 404)

    def test_outputs_filter_and_page_like_the_library(self):
        found = self.get("/api/outputs/", year=2025, kind="journal_article")
        self.assertEqual(found["count"], 3)
        self.assertEqual(found["results"][0]["files"], [])
        self.assertEqual(self.get("/api/outputs/", year=2019)["count"], 0)
        first = self.get("/api/outputs/", page_size=2)
        self.assertEqual(len(first["results"]), 2)
        self.assertIn("page=2", first["next"])

    def test_people_have_no_email(self):
        [person] = self.get("/api/people/", unit=self.data["unit"].pk)["results"]
        self.assertEqual(person["display_name"], "TS. Võ Thị Mai Lan")
        self.assertNotIn("email", person)

    def test_logged_in_staff_see_nothing_more_and_cannot_write(self):
        self.client.force_login(OfficeStaffFactory())
        self.assertEqual(self.get("/api/topics/")["count"], 1)
        self.assertEqual(self.client.post("/api/topics/", {"code": "X"}).status_code, 405)

    def test_openapi_description(self):
        response = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        self.assertEqual(response.status_code, 200)
        schema = response.content.decode()
        self.assertIn("openapi", schema)
        for path in ("/api/topics/", "/api/outputs/{id}/", "/api/people/"):
            self.assertIn(path, schema)
        self.assertNotIn("email", schema)


class CitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_repository(outputs=2)

    def test_bibtex_and_ris_of_a_library_item(self):
        page = self.data["output_pages"][0]
        bib = self.client.get(page.url + "trich-dan/bib/")
        self.assertEqual(bib["Content-Type"], "application/x-bibtex; charset=utf-8")
        text = bib.content.decode()
        self.assertTrue(text.startswith("@article{Lan2025output"))
        self.assertIn("author = {Võ, Thị Mai Lan}", text)
        self.assertIn("journal = {Tạp chí Lý luận chính trị}", text)
        self.assertIn("pages = {45--52}", text)
        ris = self.client.get(page.url + "trich-dan/ris/").content.decode()
        self.assertTrue(ris.startswith("TY  - JOUR\r\n"))
        self.assertIn("AU  - Võ, Thị Mai Lan\r\n", ris)
        self.assertIn("SP  - 45\r\nEP  - 52\r\n", ris)
        self.assertTrue(ris.endswith("ER  - \r\n"))
        self.assertEqual(self.client.get(page.url + "trich-dan/pdf/").status_code, 404)

    def test_english_addresses_have_english_words_and_the_old_ones_lead_on(self):
        """Issue 23, item 4: /en/library/…/tep/61/ and /trich-dan/bib/ had Vietnamese words."""
        from cms.i18n import translate_page

        page = self.data["output_pages"][0]
        english = translate_page(page, "en", title="An output")
        self.assertTrue(english.url.startswith("/en/"))
        bib = self.client.get(english.url + "cite/bib/")
        self.assertEqual(bib.status_code, 200)
        old = self.client.get(english.url + "trich-dan/bib/")
        self.assertRedirects(old, english.url + "cite/bib/", status_code=301)
        # the Vietnamese page keeps its Vietnamese words
        self.assertEqual(self.client.get(page.url + "trich-dan/bib/").status_code, 200)
        html = self.client.get(english.url).content.decode()
        self.assertIn(english.url + "cite/bib/", html)
        self.assertNotIn("/tep/", html)
        self.assertNotIn("trich-dan", html)

    def test_a_private_item_has_no_reference_to_download(self):
        page = self.data["output_pages"][1]
        output = page.output
        output.is_public = False
        output.save()
        self.assertEqual(self.client.get(page.url + "trich-dan/bib/").status_code, 404)

    def test_a_search_result_list_as_bibtex_and_ris(self):
        from search.indexing import rebuild

        rebuild()
        bib = self.client.get(
            "/tim-kiem/", {"q": "bai bao cong khai", "format": "bib"}
        ).content.decode()
        self.assertIn("title = {Bài báo công khai số 0}", bib)
        self.assertIn("title = {Bài báo công khai số 1}", bib)
        self.assertNotIn(SECRET, bib)
        ris = self.client.get(
            "/tim-kiem/", {"q": "xay dung dang", "format": "ris"}
        ).content.decode()
        self.assertIn("TY  - RPRT", ris)
        self.assertIn("M1  - QT-2024-03", ris)


class TopicOrderInAPITests(TestCase):
    """research.orders: a topic's order shows its public fields only."""

    get = APITests.get

    @classmethod
    def setUpTestData(cls):
        from tests.factories.orders import OrderFactory

        cls.data = build_repository(outputs=1)
        OrderFactory(
            topics=[cls.data["topic"]],
            decision_number="1234/QĐ-UBND",
            decision_date=datetime.date(2024, 3, 1),
            requirements=f"Yêu cầu nội bộ {SECRET}",
            contract_number=f"HĐ {SECRET}",
            handed_over_on=datetime.date(2025, 7, 1),
            applied_on=datetime.date(2025, 9, 1),
            status="applied",
            application_note=f"Ghi chú {SECRET}",
            funding=777_777_777,
        )

    def test_the_order_is_there_with_public_fields_only(self):
        [topic] = self.get("/api/topics/")["results"]
        self.assertEqual(
            topic["order"],
            {
                "ordering_body": self.data["topic"].orders.get().ordering_body.name,
                "kind": "order",
                "decision_number": "1234/QĐ-UBND",
                "decision_date": "2024-03-01",
                "status": "applied",
                "handed_over_on": "2025-07-01",
                "applied_on": "2025-09-01",
            },
        )
        self.assertNotIn("777777777", json.dumps(topic))
