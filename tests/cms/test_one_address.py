"""One public address (issue 22, item 9): every absolute link the portal gives out — sitemap,
robots.txt, the iCal feed, e-mails, OAI-PMH, the JSON API, BibTeX/RIS, the search's CSV and JSON
— starts with settings.SITE_BASE_URL, whatever host the request came in on; Wagtail's Site
record follows the setting."""

import json
import re

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.i18n import follow_site_base_url
from research.core.permissions import Roles
from research.inbox.notifications import notify
from research.models import CalendarToken, Deadline, DeadlineKind
from search.indexing import rebuild
from tests.cms.opendata_data import build_repository
from tests.factories import PersonWithLoginFactory, TopicFactory

BASE = "https://nckh.truong.example.vn"
URL = re.compile(r"https?://[^\s\"'<>}\]\\]+")
# Addresses that name standards, not this site.
FOREIGN = ("openarchives.org", "purl.org", "w3.org", "sitemaps.org", "schema.org", "ietf.org")


@override_settings(SITE_BASE_URL=BASE, ALLOWED_HOSTS=["127.0.0.1", "testserver"])
class OneAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_repository(outputs=1)
        rebuild()  # the search's CSV and JSON list indexed pages
        cls.pi = PersonWithLoginFactory(user__role=Roles.LECTURER)
        topic = TopicFactory(in_progress=True, principal=cls.pi)
        Deadline.objects.create(
            topic=topic,
            kind=DeadlineKind.PROGRESS_REPORT,
            due_on=timezone.localdate(),
            responsible=cls.pi,
        )

    def own_links(self, text):
        return [url for url in URL.findall(text) if not any(f in url for f in FOREIGN)]

    def assert_on_base(self, text, where, at_least=1):
        links = self.own_links(text)
        self.assertGreaterEqual(len(links), at_least, where)
        wrong = [url for url in links if not url.startswith(BASE + "/")]
        self.assertEqual(wrong, [], where)

    def fetch(self, url, **params):
        response = self.client.get(url, params, HTTP_HOST="127.0.0.1")
        self.assertEqual(response.status_code, 200, url)
        if response.streaming:
            return b"".join(response.streaming_content).decode()
        return response.content.decode()

    def test_every_output_links_to_the_one_configured_base(self):
        output_page = self.data["output_pages"][0]
        self.client.force_login(self.pi.user)
        self.client.post(reverse("research:calendar-renew"))
        self.client.logout()
        token = CalendarToken.objects.get(user=self.pi.user).token
        outputs = {
            "sitemap": self.fetch("/sitemap.xml"),
            "robots": self.fetch("/robots.txt"),
            "ical": self.fetch(reverse("research:calendar-feed", args=[token])),
            "oai": self.fetch("/oai/", verb="ListRecords", metadataPrefix="oai_dc"),
            "oai identify": self.fetch("/oai/", verb="Identify"),
            "api topics": self.fetch("/api/topics/"),
            "api outputs": self.fetch("/api/outputs/", page_size=1),
            "api people": self.fetch("/api/people/"),
            "bibtex": self.fetch(f"{output_page.url}trich-dan/bib/"),
            "ris": self.fetch(f"{output_page.url}trich-dan/ris/"),
            "csv": self.fetch("/tim-kiem/", q="xây dựng", format="csv"),
            "json": self.fetch("/tim-kiem/", q="xây dựng", format="json"),
        }
        for where, text in outputs.items():
            self.assert_on_base(text, where)
        self.assertTrue(json.loads(outputs["api topics"])["results"][0]["url"].startswith(BASE))
        notify("acceptance_assigned", [self.pi.user.email], {"topic": self.data["topic"]})
        message = mail.outbox[-1] if mail.outbox else None
        if message is None:  # queued: the outbox row holds what is sent
            from research.models import OutgoingEmail

            email = OutgoingEmail.objects.latest("pk")
            self.assert_on_base(email.text + email.html, "e-mail")
        else:
            self.assert_on_base(message.body, "e-mail")

    def test_the_site_record_follows_the_setting(self):
        follow_site_base_url()
        self.assertEqual(Site.objects.get(is_default_site=True).root_url, BASE)
