"""Issue 26, section 3: the portal harvests another school's portal — a second instance running
in its own process, on its own port and its own SQLite database — over OAI-PMH: the first
harvest through resumption tokens, an edit and a deletion there, an incremental re-harvest; and
a peer that is down, which is recorded as failed without stopping the others."""

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from search.harvest import client as harvest_client
from search.harvest.client import SECONDS, from_argument, harvest
from search.models import HARVESTED, HarvestedRecord, HarvestStatus, PeerRepository, SearchEntry
from tests.testdb import copy_sqlite, sqlite_template

ROOT = Path(__file__).resolve().parents[2]
NEW_TITLE = "Nghiên cứu đổi mới sinh hoạt chi bộ ở vùng biên giới"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Peer:
    """The other school's portal: migrated, given a few published records, served by runserver;
    `shell(code)` runs code in its environment (its database, its settings)."""

    def __init__(self, folder):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = folder / "peer.sqlite3"
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "ELASTICSEARCH_", "PORTAL_"))
        }
        self.env = environment | {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "CACHE_URL": "locmem://",
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "SITE_BASE_URL": self.url,
            "OAI_REPOSITORY_ID": "nckh.truongkhac.example.vn",
            "OAI_PAGE_SIZE": "2",  # four records: two pages, one resumption token
        }
        self.server = None

    def manage(self, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def shell(self, code):
        lines = self.manage("shell", "--no-imports", "-c", code).strip().splitlines()
        printed = [line for line in lines if line.startswith("{")]
        return json.loads(printed[-1]) if printed else None

    def start(self):
        # its own database, a copy of the suite's migrated template (tests/testdb.py); the
        # migrate that follows checks that nothing is left to apply
        copy_sqlite(sqlite_template(), self.database)
        self.manage("migrate", "--no-input")
        self.records = self.shell("from tests.search.peer_school import build; build()")
        self.server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/oai/?verb=Identify", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise AssertionError("the second instance did not start")

    def stop(self):
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    instance = Peer(tmp_path_factory.mktemp("peer"))
    try:
        instance.start()
        yield instance
    finally:
        instance.stop()


class Spy:
    """The arguments of every request the harvester sends."""

    def __init__(self):
        self.requests = []
        self.original = harvest_client.PeerClient._request

    def __enter__(self):
        spy = self

        def recording(client, kwargs):
            spy.requests.append(dict(kwargs))
            return spy.original(client, kwargs)

        self.patch = mock.patch.object(harvest_client.PeerClient, "_request", recording)
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()

    def lists(self):
        return [r for r in self.requests if r.get("verb") == "ListRecords"]


def school_search(**params):
    response = Client().get("/tim-kiem/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_second_instance_is_harvested_incrementally_with_its_edits_and_deletions(peer):
    other = PeerRepository.objects.create(
        name="Trường Chính trị tỉnh Bên Cạnh", base_url=f"{peer.url}/oai/"
    )

    # 1. the first harvest: everything, through the resumption token
    with Spy() as spy:
        outcome = harvest(other)
    assert (outcome.error, outcome.received, outcome.deleted) == ("", 4, 0)
    assert "from" not in spy.lists()[0]
    assert any("resumptionToken" in r for r in spy.lists())
    other.refresh_from_db()
    assert (other.status, other.records_count, other.deleted_count) == (HarvestStatus.OK, 4, 0)
    assert other.granularity == SECONDS and other.last_datestamp is not None
    first_datestamp = other.last_datestamp
    topic = HarvestedRecord.objects.get(identifier=peer.records["topic"])
    assert topic.title == "Nghiên cứu xây dựng Đảng ở cơ sở"
    assert topic.creators == ["Võ Thị Mai Lan"]
    assert topic.source_url.startswith(f"{peer.url}/")
    entries = SearchEntry.objects.filter(kind=HARVESTED)
    assert entries.count() == 4 and {e.school for e in entries} == {other.pk}
    assert entries.get(page_id=-topic.pk).url == topic.source_url

    # … shown on the public search behind the facet of the other schools, linked to its source
    default = school_search(q="xay dung dang")
    assert topic.source_url not in default
    assert 'data-facet="school"' in default and other.name in default
    chosen = school_search(q="xay dung dang", school=other.pk)
    assert f'href="{topic.source_url}"' in chosen
    assert 'data-kind="harvested"' in chosen

    # 2. an edit and a deletion at the other school, a second later than what was harvested
    time.sleep(1.1)
    peer.shell(f"from tests.search.peer_school import edit_topic; edit_topic({NEW_TITLE!r})")
    deleted = peer.shell(
        "from tests.search.peer_school import unpublish_output; unpublish_output(0)"
    )["deleted"]

    # 3. the re-harvest asks from the last datestamp and gets both
    with Spy() as spy:
        outcome = harvest(other)
    assert outcome.error == ""
    assert spy.lists()[0]["from"] == from_argument(first_datestamp, SECONDS)
    assert outcome.deleted == 1 and outcome.received < 4 + 1
    topic.refresh_from_db()
    assert topic.title == NEW_TITLE
    gone = HarvestedRecord.objects.get(identifier=deleted)
    assert gone.deleted and gone.title == ""
    assert not SearchEntry.objects.filter(page_id=-gone.pk).exists()
    assert SearchEntry.objects.get(page_id=-topic.pk).title == NEW_TITLE
    other.refresh_from_db()
    assert (other.records_count, other.deleted_count) == (3, 1)
    assert other.last_datestamp > first_datestamp
    found = school_search(q="sinh hoat chi bo vung bien gioi", school=other.pk)
    assert f'href="{topic.source_url}"' in found  # by the words of its new title

    # 4. nothing changed since: only the records of the last datestamp's second come again
    outcome = harvest(other)
    assert outcome.error == "" and 1 <= outcome.received <= 2

    # 5. a peer that is down: recorded as failed, with the reason; the others are harvested
    down = PeerRepository.objects.create(
        name="Trường tắt máy", base_url=f"http://127.0.0.1:{free_port()}/oai/"
    )
    with override_settings(HARVEST_RETRIES=1), pytest.raises(CommandError) as failed:
        call_command("harvest", stdout=io.StringIO(), stderr=io.StringIO())
    assert down.name in str(failed.value)
    down.refresh_from_db()
    other.refresh_from_db()
    assert down.status == HarvestStatus.FAILED and down.base_url in down.last_error
    assert down.last_attempt_at is not None and down.last_success_at is None
    assert other.status == HarvestStatus.OK and other.last_error == ""
    assert other.records_count == 3
