"""OAI-PMH 2.0 at /oai/: the six verbs, oai_dc, sets, dates, resumption tokens, deleted records and
the protocol's errors; every response checked against the OAI-PMH XML schema, and the whole
repository harvested by a real harvester (oaipmh-scythe)."""

import datetime
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.test import TestCase, override_settings
from django.utils import timezone

from cms.models import DeletedRecord, TopicPage
from cms.opendata.records import identifier
from tests.cms.opendata_data import SECRET, build_repository

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# The protocol's schema, OAI-PMH.xsd, as pyoai 2.5.0 ships it (`make test` fetches it from PyPI into
# .cache/oai; OAI_SCHEMA_DIR points elsewhere). It checks the envelope of every response; the
# oai_dc records inside are checked element by element by the tests above.
SCHEMA_DIR = Path(
    os.environ.get("OAI_SCHEMA_DIR", Path(__file__).resolve().parents[2] / ".cache" / "oai")
)


def oai_schema():
    main = SCHEMA_DIR / "OAI-PMH.xsd"
    if not main.exists():
        return None
    import xmlschema

    return xmlschema.XMLSchema(str(main))


class OAITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_repository()

    def oai(self, **params):
        response = self.client.get("/oai/", params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/xml; charset=utf-8")
        self.assertNotIn(SECRET, response.content.decode())
        return ET.fromstring(response.content)

    def error(self, **params):
        root = self.oai(**params)
        found = root.find("o:error", NS)
        self.assertIsNotNone(found, ET.tostring(root))
        return found.get("code"), root.find("o:request", NS)

    def test_identify(self):
        root = self.oai(verb="Identify")
        identify = root.find("o:Identify", NS)
        self.assertEqual(identify.findtext("o:protocolVersion", namespaces=NS), "2.0")
        self.assertEqual(identify.findtext("o:deletedRecord", namespaces=NS), "persistent")
        self.assertTrue(identify.findtext("o:baseURL", namespaces=NS).endswith("/oai/"))

    def test_list_metadata_formats_and_sets(self):
        formats = self.oai(verb="ListMetadataFormats")
        self.assertEqual([e.text for e in formats.iterfind(".//o:metadataPrefix", NS)], ["oai_dc"])
        specs = [e.text for e in self.oai(verb="ListSets").iterfind(".//o:setSpec", NS)]
        self.assertIn("type:topic", specs)
        self.assertIn("type:output:journal_article", specs)
        self.assertIn(f"unit:{self.data['unit'].pk}", specs)

    def test_list_records_gives_public_records_in_dublin_core(self):
        root = self.oai(verb="ListRecords", metadataPrefix="oai_dc")
        records = root.findall(".//o:record", NS)
        self.assertEqual(len(records), 4)
        titles = [r.findtext(".//dc:title", namespaces=NS) for r in records]
        self.assertIn("Nghiên cứu xây dựng Đảng ở cơ sở", titles)
        topic = next(
            r for r in records if r.findtext(".//dc:title", namespaces=NS).startswith("Nghiên")
        )
        subjects = [e.text for e in topic.iterfind(".//dc:subject", NS)]
        self.assertIn("phòng, chống tham nhũng", subjects)
        self.assertEqual(topic.findtext(".//dc:creator", namespaces=NS), "Võ Thị Mai Lan")

    def test_get_record_and_its_errors(self):
        name = identifier("topic", self.data["topic"].pk)
        root = self.oai(verb="GetRecord", identifier=name, metadataPrefix="oai_dc")
        self.assertEqual(root.findtext(".//o:header/o:identifier", namespaces=NS), name)
        code, request = self.error(verb="GetRecord", identifier=name, metadataPrefix="marc21")
        self.assertEqual(code, "cannotDisseminateFormat")
        self.assertEqual(request.get("verb"), "GetRecord")
        self.assertEqual(
            self.error(verb="GetRecord", identifier="oai:x:topic/1", metadataPrefix="oai_dc")[0],
            "idDoesNotExist",
        )

    def test_bad_verbs_and_arguments(self):
        for params in ({}, {"verb": "Delete"}):
            code, request = self.error(**params)
            self.assertEqual(code, "badVerb")
            self.assertEqual(request.attrib, {})
        for params in (
            {"verb": "ListRecords"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "colour": "red"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "05/12/2025"},
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-01-01",
                "until": "2025-01-01T00:00:00Z",
            },
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2026-01-02",
                "until": "2025-01-01",
            },
            {"verb": "Identify", "identifier": "x"},
        ):
            code, request = self.error(**params)
            self.assertEqual(code, "badArgument", params)
            self.assertEqual(request.attrib, {})
        response = self.client.get(
            "/oai/?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc"
        )
        self.assertIn(b'code="badArgument"', response.content)
        self.assertEqual(
            self.error(verb="ListRecords", resumptionToken="forged")[0], "badResumptionToken"
        )

    def test_from_until_and_sets_select_records(self):
        future = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d")
        self.assertEqual(
            self.error(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": future})[0],
            "noRecordsMatch",
        )
        today = timezone.now().strftime("%Y-%m-%d")
        root = self.oai(verb="ListIdentifiers", metadataPrefix="oai_dc", until=today)
        self.assertEqual(len(root.findall(".//o:header", NS)), 4)
        topics = self.oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:topic")
        self.assertEqual(
            [e.text for e in topics.iterfind(".//o:identifier", NS)],
            [identifier("topic", self.data["topic"].pk)],
        )
        outputs = self.oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:output")
        self.assertEqual(len(outputs.findall(".//o:header", NS)), 3)
        unit = self.oai(
            verb="ListIdentifiers", metadataPrefix="oai_dc", set=f"unit:{self.data['unit'].pk}"
        )
        self.assertEqual(len(unit.findall(".//o:header", NS)), 4)

    @override_settings(OAI_PAGE_SIZE=3)
    def test_resumption_tokens_page_through_the_list(self):
        first = self.oai(verb="ListRecords", metadataPrefix="oai_dc")
        token = first.find(".//o:resumptionToken", NS)
        self.assertEqual((token.get("completeListSize"), token.get("cursor")), ("4", "0"))
        self.assertEqual(len(first.findall(".//o:record", NS)), 3)
        last = self.oai(verb="ListRecords", resumptionToken=token.text)
        self.assertEqual(len(last.findall(".//o:record", NS)), 1)
        end = last.find(".//o:resumptionToken", NS)
        self.assertEqual((end.text, end.get("cursor")), (None, "3"))
        self.assertEqual(
            self.error(verb="ListRecords", resumptionToken=token.text, set="type:topic")[0],
            "badArgument",
        )

    def test_a_withdrawn_page_is_a_deleted_record_until_it_is_back(self):
        page = self.data["output_pages"][0]
        page.unpublish()
        name = identifier("output", page.output_id)
        root = self.oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
        deleted = [h for h in root.iterfind(".//o:header", NS) if h.get("status") == "deleted"]
        self.assertEqual([h.findtext("o:identifier", namespaces=NS) for h in deleted], [name])
        record = self.oai(verb="GetRecord", identifier=name, metadataPrefix="oai_dc")
        self.assertIsNone(record.find(".//o:metadata", NS))
        page.get_latest_revision().publish()
        self.assertFalse(DeletedRecord.objects.exists())

    def test_a_page_made_live_without_publishing_times_still_has_a_datestamp(self):
        TopicPage.objects.update(last_published_at=None, first_published_at=None)
        root = self.oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:topic")
        stamp = root.findtext(".//o:datestamp", namespaces=NS)
        self.assertEqual(stamp, self.data["topic"].updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"))

    def test_every_response_is_valid_oai_pmh(self):
        schema = oai_schema()
        if schema is None:
            message = (
                f"No OAI-PMH schema in {SCHEMA_DIR}: `make test` fetches it (docs/opendata.md)."
            )
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        self.data["output_pages"][0].unpublish()
        name = identifier("topic", self.data["topic"].pk)
        for params in (
            {"verb": "Identify"},
            {"verb": "ListMetadataFormats"},
            {"verb": "ListSets"},
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
            {"verb": "GetRecord", "identifier": name, "metadataPrefix": "oai_dc"},
            {"verb": "Nope"},
            {"verb": "ListRecords", "metadataPrefix": "x"},
        ):
            schema.validate(self.client.get("/oai/", params).content.decode())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_harvester_harvests_the_whole_repository(live_server, settings):
    from oaipmh_scythe import Scythe

    settings.OAI_PAGE_SIZE = 2  # several pages, so the harvester follows resumption tokens
    data = build_repository(outputs=4)
    data["output_pages"][0].unpublish()
    with Scythe(f"{live_server.url}/oai/") as scythe:
        assert scythe.identify().protocolVersion == "2.0"
        records = list(scythe.list_records(metadata_prefix="oai_dc"))
        sets = [s.setSpec for s in scythe.list_sets()]
    assert len(records) == 5
    assert sum(record.deleted for record in records) == 1
    titles = sorted(r.metadata["title"][0] for r in records if not r.deleted)
    assert titles[-1] == "Nghiên cứu xây dựng Đảng ở cơ sở"
    assert "type:topic" in sets
    assert all(SECRET not in str(r.metadata) for r in records if not r.deleted)


class OAIOrderTests(TestCase):
    """research.orders: the ordering body is a contributor, the order a description."""

    oai = OAITests.oai

    @classmethod
    def setUpTestData(cls):
        from tests.factories.orders import OrderFactory

        cls.data = build_repository(outputs=1)
        cls.order = OrderFactory(
            topics=[cls.data["topic"]],
            decision_number="1234/QĐ-UBND",
            decision_date=datetime.date(2024, 3, 1),
            requirements=f"Yêu cầu nội bộ {SECRET}",
            handed_over_on=datetime.date(2025, 7, 1),
            applied_on=datetime.date(2025, 9, 1),
            status="applied",
            application_note=f"Ghi chú {SECRET}",
        )

    def test_get_record_names_the_order(self):
        name = identifier("topic", self.data["topic"].pk)
        root = self.oai(verb="GetRecord", identifier=name, metadataPrefix="oai_dc")
        contributors = [e.text for e in root.iterfind(".//dc:contributor", NS)]
        self.assertIn(self.order.ordering_body.name, contributors)
        descriptions = " ".join(e.text for e in root.iterfind(".//dc:description", NS))
        self.assertIn("1234/QĐ-UBND", descriptions)
        self.assertIn("01/03/2024", descriptions)
        self.assertIn("01/09/2025", descriptions)
