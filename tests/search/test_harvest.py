"""The harvester against a small fake OAI-PMH server (the real second instance is harvested in
test_harvest_peer.py): retries on a peer that answers 503, day granularity, what a record may not
bring (a link that is not a web address), noRecordsMatch, an answer that is not OAI-PMH, and the
entries of a peer deleted by the office."""

import datetime
import http.server
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from research.core.similarity import Draft, SimilarityRequest, find_similar
from search.engines.elastic import ResearchFacetedSearch
from search.harvest.client import from_argument, harvest
from search.indexing import record_date
from search.models import (
    HARVESTED,
    OWN_SCHOOL,
    HarvestedRecord,
    HarvestStatus,
    PeerRepository,
    PendingUpdate,
    SearchEntry,
)
from search.query import SearchRequest

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
    "<responseDate>2026-12-06T00:00:00Z</responseDate><request>http://peer/oai/</request>"
)
IDENTIFY = (
    HEAD + "<Identify><repositoryName>Peer</repositoryName><baseURL>http://peer/oai/</baseURL>"
    "<protocolVersion>2.0</protocolVersion><adminEmail>a@b.vn</adminEmail>"
    "<earliestDatestamp>2020-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
    "<granularity>YYYY-MM-DD</granularity></Identify></OAI-PMH>"
)


def record(identifier, day, title, link, deleted=False):
    status = ' status="deleted"' if deleted else ""
    header = f"<header{status}><identifier>{identifier}</identifier><datestamp>{day}</datestamp></header>"
    if deleted:
        return f"<record>{header}</record>"
    return (
        f"<record>{header}<metadata><oai_dc:dc "
        'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{title}</dc:title><dc:creator>Lê Văn Tám</dc:creator>"
        "<dc:subject>chi bộ</dc:subject><dc:date>2024</dc:date>"
        f"<dc:identifier>{link}</dc:identifier><dc:language>vi</dc:language>"
        "</oai_dc:dc></metadata></record>"
    )


class FakePeer(http.server.ThreadingHTTPServer):
    """Answers Identify and ListRecords from `self.records`; `self.failures` 503s first."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.records, self.failures, self.requests, self.body = [], 0, [], None
        self.url = f"http://127.0.0.1:{self.server_address[1]}/oai/"
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        server.requests.append(query)
        if server.failures:
            server.failures -= 1
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.end_headers()
            return
        if server.body is not None:
            body = server.body
        elif query.get("verb") == "Identify":
            body = IDENTIFY
        elif server.records:
            body = HEAD + "<ListRecords>" + "".join(server.records) + "</ListRecords></OAI-PMH>"
        else:
            body = HEAD + '<error code="noRecordsMatch">none</error></OAI-PMH>'
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())


@pytest.fixture
def fake():
    server = FakePeer()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def peer(fake, db):
    return PeerRepository.objects.create(name="Trường Chính trị tỉnh Giả", base_url=fake.url)


def test_a_peer_answering_503_is_retried_then_harvested(fake, peer, settings):
    settings.HARVEST_RETRIES = 2
    fake.failures = 2
    fake.records = [record("oai:x:1", "2026-11-30", "Đảng bộ cơ sở", "https://x.vn/1")]
    waits = []
    outcome = harvest(peer, sleep=waits.append)
    assert (outcome.error, outcome.received, waits) == ("", 1, [1, 1])
    peer.refresh_from_db()
    assert peer.status == HarvestStatus.OK
    assert peer.last_datestamp == datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)


def test_a_peer_that_keeps_failing_is_recorded_with_the_reason(fake, peer, settings):
    settings.HARVEST_RETRIES = 1
    fake.failures = 10
    outcome = harvest(peer, sleep=lambda seconds: None)
    assert len(fake.requests) == 2
    peer.refresh_from_db()
    assert peer.status == HarvestStatus.FAILED
    assert "503" in peer.last_error and peer.last_error == outcome.error
    assert peer.last_success_at is None and peer.last_datestamp is None


def test_an_answer_that_is_not_oai_pmh_fails_clearly(fake, peer):
    fake.body = "<html>not here</html>"
    outcome = harvest(peer, sleep=lambda seconds: None)
    assert outcome.error and PeerRepository.objects.get().status == HarvestStatus.FAILED


def test_day_granularity_deletions_and_links_that_are_not_web_addresses(fake, peer):
    fake.records = [
        record("oai:x:1", "2026-11-30", "Đảng bộ cơ sở", "javascript:alert(1)"),
        record("oai:x:2", "2026-12-01", "Chi bộ kiểu mẫu", "https://x.vn/2"),
    ]
    harvest(peer)
    first = HarvestedRecord.objects.get(identifier="oai:x:1")
    assert first.source_url == "" and first.creators == ["Lê Văn Tám"]
    assert SearchEntry.objects.get(page_id=-first.pk).url == ""
    # incremental at the peer's granularity: the day alone
    fake.requests.clear()
    fake.records = [record("oai:x:2", "2026-12-02", "", "", deleted=True)]
    harvest(peer)
    assert fake.requests[-1]["from"] == "2026-12-01"
    assert HarvestedRecord.objects.get(identifier="oai:x:2").deleted
    assert SearchEntry.objects.filter(kind=HARVESTED).count() == 1
    # nothing new: noRecordsMatch is no failure
    fake.records = []
    assert harvest(peer).error == ""
    # a peer the office deletes takes its entries with it
    PeerRepository.objects.all().delete()
    assert PendingUpdate.objects.filter(page_id=-first.pk).exists()
    call_command("search_index", "--drain")
    assert not SearchEntry.objects.filter(kind=HARVESTED).exists()


def test_the_search_page_offers_the_other_schools_and_links_to_the_source(fake, peer):
    fake.records = [record("oai:x:1", "2026-11-30", "Đảng bộ vùng cao", "https://x.vn/1")]
    harvest(peer)
    client = Client()
    default = client.get("/tim-kiem/", {"q": "dang bo vung cao"}).content.decode()
    assert "https://x.vn/1" not in default
    assert "Các trường khác" in default and peer.name in default
    chosen = client.get("/tim-kiem/", {"q": "dang bo vung cao", "school": peer.pk})
    html = chosen.content.decode()
    assert 'href="https://x.vn/1"' in html and "Xem tại nguồn" in html
    assert client.get("/tim-kiem/", {"school": "-3"}).status_code == 200  # dropped, not a 500


def test_dates_and_from_arguments():
    assert record_date("2024") == datetime.date(2024, 1, 1)
    assert record_date("2024-05-17T00:00:00Z") == datetime.date(2024, 5, 17)
    assert record_date("khoảng năm 2019") == datetime.date(2019, 1, 1)
    assert record_date("không rõ") is None
    moment = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)
    assert from_argument(moment, "YYYY-MM-DDThh:mm:ssZ") == "2026-12-01T23:30:00Z"
    assert from_argument(moment, "YYYY-MM-DD") == "2026-12-01"


def test_on_elasticsearch_the_own_school_is_every_entry_but_the_harvested_ones(settings):
    """So that an index written before entries had a school still answers the default search."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # never contacted: the query is only built
    own = ResearchFacetedSearch(SearchRequest(groups=[], filters={"school": OWN_SCHOOL}))
    body = own.build_search().to_dict()
    assert body["post_filter"] == {"bool": {"must_not": [{"term": {"kind": HARVESTED}}]}}
    theirs = ResearchFacetedSearch(SearchRequest(groups=[], filters={"school": 7}))
    assert theirs.build_search().to_dict()["post_filter"] == {"terms": {"school": [7]}}


def test_a_harvested_record_is_found_as_similar_work_with_its_source(fake, peer):
    """Issue 26: the other schools' research is part of “has this been done?”, as what it is."""
    fake.records = [
        record(
            "oai:x:1",
            "2026-11-30",
            "Nâng cao chất lượng sinh hoạt chi bộ ở các xã biên giới tỉnh Hà Giang",
            "https://x.vn/1",
        ),
        record("oai:x:2", "2026-11-30", "Công tác dân vận ở đô thị", "https://x.vn/2"),
    ]
    harvest(peer)
    hits = find_similar(SimilarityRequest(draft=Draft.of("Sinh hoạt chi bộ ở các xã biên giới")))
    assert [hit.url for hit in hits] == ["https://x.vn/1"]
    assert hits[0].kind == HARVESTED and str(hits[0].kind_label) == "Nghiên cứu của các trường khác"
    assert hits[0].public and any("chi bộ" in phrase for phrase in hits[0].shared)
