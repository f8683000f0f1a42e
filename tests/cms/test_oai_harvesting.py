"""What incremental harvesters depend on (issue 22, items 1–6; issue 19, items 6 and 8): datestamps
that follow the metadata, deleted records tracked whatever unpublishes a page, inclusive bounds
at the repository's granularity, resumption tokens that skip nothing while the list changes,
arguments that are never echoed when they are malformed, oai_dc payloads valid against their own
schema, and a second, independent harvester (Sickle) harvesting the repository incrementally."""

import datetime
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from cms.models import DeletedRecord, OutputPage, TopicPage
from cms.opendata import records
from cms.opendata.records import identifier
from tests.cms.opendata_data import build_repository
from tests.cms.test_oai import NS, SCHEMA_DIR, oai_schema

ROOT = Path(__file__).resolve().parents[2]


def oai_dc_schema():
    """The oai_dc schema (with the simple Dublin Core schema it imports), as `make test` fetches
    them from PyPI into .cache/oai (docs/opendata.md); None when they are missing."""
    main, dc = SCHEMA_DIR / "oai_dc.xsd", SCHEMA_DIR / "simpledc20021212.xsd"
    if not (main.exists() and dc.exists()):
        return None
    import xmlschema

    return xmlschema.XMLSchema(str(main), locations=[("http://purl.org/dc/elements/1.1/", str(dc))])


def require(schema, name):
    if schema is None:
        message = f"No {name} schema in {SCHEMA_DIR}: `make test` fetches it (docs/opendata.md)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return schema


class HarvestingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_repository()

    def get(self, **params):
        response = self.client.get("/oai/", params)
        self.assertEqual(response.status_code, 200)
        return ET.fromstring(response.content)

    def identifiers(self, **params):
        root = self.get(verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
        return [e.text for e in root.iterfind(".//o:header/o:identifier", NS)]

    def error_code(self, **params):
        root = self.get(**params)
        error = root.find("o:error", NS)
        return (error.get("code") if error is not None else None), root.find("o:request", NS)

    def test_a_corrected_title_or_author_reaches_harvesters(self):
        topic, name = self.data["topic"], identifier("topic", self.data["topic"].pk)
        later = timezone.now() + datetime.timedelta(days=3)
        day = later.astimezone(datetime.UTC).strftime("%Y-%m-%d")
        with time_machine.travel(later, tick=False):
            self.assertEqual(
                self.error_code(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": day})[
                    0
                ],
                "noRecordsMatch",
            )
            with self.captureOnCommitCallbacks(execute=True):
                topic.title = "Nghiên cứu xây dựng Đảng ở cơ sở (bản sửa)"
                topic.save()
            self.assertEqual(self.identifiers(**{"from": day}), [name])
        # an author's corrected name restamps the outputs that show it, not the rest
        much_later = later + datetime.timedelta(days=3)
        day = much_later.astimezone(datetime.UTC).strftime("%Y-%m-%d")
        with time_machine.travel(much_later, tick=False):
            with self.captureOnCommitCallbacks(execute=True):
                lan = self.data["lan"]
                lan.full_name = "Võ Thị Mai Lanh"
                lan.save()
            found = self.identifiers(**{"from": day})
            self.assertEqual(
                sorted(found),
                sorted(
                    [name] + [identifier("output", p.output_id) for p in self.data["output_pages"]]
                ),
            )
        # a save that changes nothing harvesters see restamps nothing
        with time_machine.travel(much_later + datetime.timedelta(days=3), tick=False):
            with self.captureOnCommitCallbacks(execute=True):
                topic.save()
            self.assertEqual(records.restamp(), 0)

    def test_from_and_until_are_inclusive_at_the_second(self):
        for header in records.headers():
            moment = header.datestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
            self.assertIn(header.identifier, self.identifiers(**{"from": moment, "until": moment}))
            day = moment[:10]
            self.assertIn(header.identifier, self.identifiers(**{"from": day, "until": day}))

    @override_settings(OAI_PAGE_SIZE=2)
    def test_resumption_tokens_skip_nothing_when_a_record_changes_during_a_harvest(self):
        everything = {header.identifier for header in records.headers()}
        self.assertEqual(len(everything), 4)
        first = self.get(verb="ListIdentifiers", metadataPrefix="oai_dc")
        seen = [e.text for e in first.iterfind(".//o:header/o:identifier", NS)]
        token = first.findtext(".//o:resumptionToken", namespaces=NS)
        # a record of the first page is republished between two pages of the harvest
        kind, pk = records.parse_identifier(seen[0])
        model = TopicPage if kind == "topic" else OutputPage
        page = model.objects.get(**{f"{kind}_id": pk}, language=settings.LANGUAGE_CODE)
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False):
            page.save_revision().publish()
            while token:
                root = self.get(verb="ListIdentifiers", resumptionToken=token)
                seen += [e.text for e in root.iterfind(".//o:header/o:identifier", NS)]
                token = root.findtext(".//o:resumptionToken", namespaces=NS)
        self.assertEqual(set(seen), everything)

    def test_malformed_arguments_are_bad_and_never_echoed(self):
        name = identifier("output", self.data["output_pages"][0].output_id)
        for params in (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "a b"},
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "unit:"},
            {"verb": "ListRecords", "metadataPrefix": "oai dc"},
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": name + "\x0b"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type\x01"},
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2025\x0b"},
        ):
            response = self.client.get("/oai/", params)
            self.assertEqual(response.status_code, 200, params)
            root = ET.fromstring(response.content)  # well-formed XML
            self.assertEqual(root.find("o:error", NS).get("code"), "badArgument", params)
            self.assertEqual(root.find("o:request", NS).attrib, {}, params)

    def test_an_identifier_with_a_superscript_digit_does_not_exist(self):
        prefix = identifier("output", 0)[: -len("0")]
        for value in ("²", "٣", "1" * 40):
            response = self.client.get(
                "/oai/",
                {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": prefix + value},
            )
            self.assertEqual(response.status_code, 200)
            root = ET.fromstring(response.content)
            self.assertEqual(root.find("o:error", NS).get("code"), "idDoesNotExist")

    def test_list_sets_names_the_parent_sets(self):
        specs = [e.text for e in self.get(verb="ListSets").iterfind(".//o:setSpec", NS)]
        self.assertEqual(specs[:2], ["type", "unit"])
        self.assertEqual(len(self.identifiers(set="type")), 4)
        self.assertEqual(len(self.identifiers(set="unit")), 4)

    def test_a_title_with_control_characters_stays_well_formed_and_valid(self):
        topic = self.data["topic"]
        topic.title = "Nghiên cứu\x0b xây dựng Đảng\x1f ở cơ sở"
        topic.save()
        name = identifier("topic", topic.pk)
        for params in (
            {"verb": "GetRecord", "identifier": name, "metadataPrefix": "oai_dc"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        ):
            root = self.get(**params)  # raises when not well-formed
            titles = [e.text for e in root.iterfind(".//dc:title", NS)]
            self.assertIn("Nghiên cứu xây dựng Đảng ở cơ sở", titles)

    def test_every_oai_dc_payload_and_every_response_is_valid(self):
        envelope = require(oai_schema(), "OAI-PMH")
        payload = require(oai_dc_schema(), "oai_dc")
        self.data["output_pages"][0].unpublish()
        name = identifier("topic", self.data["topic"].pk)
        for params in (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
            {"verb": "GetRecord", "identifier": name, "metadataPrefix": "oai_dc"},
            {"verb": "ListSets"},
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "a b"},
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "unit"},
            {"verb": "GetRecord", "identifier": name + "\x0b", "metadataPrefix": "oai_dc"},
        ):
            body = self.client.get("/oai/", params).content.decode()
            envelope.validate(body)
            for dc in ET.fromstring(body).iterfind(".//oai_dc:dc", NS):
                payload.validate(ET.tostring(dc, encoding="unicode"))
        dcs = ET.fromstring(
            self.client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content
        ).findall(".//oai_dc:dc", NS)
        self.assertEqual(len(dcs), 3)


class DeletionTrackingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_repository(outputs=1)

    def test_an_output_made_private_from_a_command_is_a_deleted_record(self):
        output = self.data["output_pages"][0].output
        name = identifier("output", output.pk)
        with self.captureOnCommitCallbacks(execute=True):
            call_command(
                "shell",
                command=(
                    "from research.models import Output; "
                    f"o = Output.objects.get(pk={output.pk}); o.is_public = False; o.save()"
                ),
            )
        self.assertTrue(DeletedRecord.objects.filter(identifier=name).exists())
        root = ET.fromstring(
            self.client.get(
                "/oai/", {"verb": "GetRecord", "identifier": name, "metadataPrefix": "oai_dc"}
            ).content
        )
        self.assertEqual(root.find(".//o:header", NS).get("status"), "deleted")


def test_the_receivers_are_connected_without_the_urlconf():
    """A fresh process that only sets Django up, as a management command, cron job or shell does
    (no URLconf imported): the deleted-record and datestamp receivers are connected."""
    script = (
        "import django; django.setup()\n"
        "from django.db.models.signals import post_save\n"
        "from wagtail.signals import page_unpublished, page_published\n"
        "from research.models import Topic\n"
        "names = [getattr(r(), '__name__', '') for _k, r, *_ in page_unpublished.receivers]\n"
        "names += [getattr(r(), '__name__', '') for _k, r, *_ in page_published.receivers]\n"
        "names += [getattr(r, '__name__', '') for r in post_save._live_receivers(Topic)[0]]\n"
        "print(' '.join(names))\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    names = done.stdout.split()
    assert "page_withdrawn" in names and "page_back" in names and "record_changed" in names


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sickle_harvests_the_whole_repository_incrementally(live_server, settings):
    """A second harvester, written by nobody here (Sickle), harvests everything through the
    resumption tokens, then harvests again from the last datestamp it saw and gets exactly the
    records changed since, the deleted one included."""
    from sickle import Sickle

    settings.OAI_PAGE_SIZE = 2
    data = build_repository(outputs=4)
    client = Sickle(f"{live_server.url}/oai/", max_retries=0)
    first = list(client.ListRecords(metadataPrefix="oai_dc"))
    assert len(first) == 5
    assert {r.header.identifier for r in first} == {h.identifier for h in records.headers()}
    last = max(r.header.datestamp for r in first)
    later = timezone.now() + datetime.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        topic = data["topic"]
        topic.title = "Nghiên cứu xây dựng Đảng ở cơ sở — bản hiệu đính"
        topic.save()  # committed: the live server's autocommit runs the receivers at once
        data["output_pages"][0].unpublish()
        since = (
            datetime.datetime.fromisoformat(last.replace("Z", "+00:00"))
            + datetime.timedelta(seconds=1)
        ).strftime("%Y-%m-%dT%H:%M:%SZ")
        second = list(client.ListRecords(metadataPrefix="oai_dc", **{"from": since}))
    changed = {r.header.identifier: r for r in second}
    assert set(changed) == {
        identifier("topic", topic.pk),
        identifier("output", data["output_pages"][0].output_id),
    }
    assert changed[identifier("output", data["output_pages"][0].output_id)].header.deleted
    assert changed[identifier("topic", topic.pk)].metadata["title"] == [topic.title]
