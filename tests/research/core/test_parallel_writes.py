"""Parallel users lose nothing: real requests, at the same moment, through the real views and a
real server, on whichever database the suite runs on (SQLite in a file, or PostgreSQL).

- 20 lecturers create a proposal at once: 20 saved, 20 different codes, no error.
- 10 council members save and submit their score sheet, with their vote, at once: all 10 kept.
"""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from django.db import connection
from django.test import LiveServerTestCase
from django.urls import reverse

from research.core.permissions import Roles
from research.models import Proposal, Review, Score
from tests.factories import (
    CallFactory,
    PersonWithLoginFactory,
    proposal_in_review,
)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One user's cookie jar over plain HTTP, as a browser would hold it."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            response = self.opener.open(self.base + path, body, timeout=120)
        except urllib.error.HTTPError as error:  # redirects and errors alike
            return error.code, error.headers, error.read().decode(errors="replace")
        return response.status, response.headers, response.read().decode(errors="replace")

    def token(self, path):
        status, _headers, html = self.open(path)
        assert status == 200, (path, status)
        return CSRF.search(html).group(1)

    def log_in(self, username):
        token = self.token(reverse("login"))
        status, headers, _html = self.open(
            reverse("login"),
            {"username": username, "password": "password", "csrfmiddlewaretoken": token},
        )
        assert status == 302, f"login of {username}: {status}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(jobs):
    """Run the jobs in threads released together; return what each returned, or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        barrier.wait()
        try:
            results[index] = job()
        except Exception as error:  # noqa: BLE001 — the test reports every failure
            results[index] = error

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def empty_formsets():
    data = {}
    for name in ("members", "expected_outputs", "budget_items", "attachments"):
        data.update(
            {
                f"{name}-TOTAL_FORMS": "0",
                f"{name}-INITIAL_FORMS": "0",
                f"{name}-MIN_NUM_FORMS": "0",
                f"{name}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


class ParallelWriteTests(LiveServerTestCase):
    # Keep the roles, rubrics and reference rows that migrations created across the flush.
    serialized_rollback = True

    def test_twenty_lecturers_create_proposals_at_once(self):
        call = CallFactory()
        lecturers = [
            PersonWithLoginFactory(user__role=Roles.LECTURER, full_name=f"Giảng viên Số {n}")
            for n in range(20)
        ]
        browsers = []
        create = reverse("research:proposal-create") + f"?call={call.pk}"
        for person in lecturers:
            browser = Browser(self.live_server_url)
            browser.log_in(person.user.username)
            browsers.append((browser, browser.token(create)))

        def submit(browser, token, n):
            return browser.open(
                create,
                {
                    "csrfmiddlewaretoken": token,
                    "title": f"Đề tài song song số {n}",
                    "duration_months": "12",
                    **empty_formsets(),
                },
            )[0]

        statuses = at_once(
            [lambda b=b, t=t, n=n: submit(b, t, n) for n, (b, t) in enumerate(browsers)]
        )
        connection.close()
        self.assertEqual(statuses, [302] * 20, statuses)
        created = Proposal.objects.filter(title__startswith="Đề tài song song")
        self.assertEqual(created.count(), 20)
        self.assertEqual(len(set(created.values_list("code", flat=True))), 20)
        self.assertEqual(
            sorted(created.values_list("principal__full_name", flat=True)),
            sorted(person.full_name for person in lecturers),
        )

    def test_ten_council_members_save_their_score_sheets_at_once(self):
        reviews = []
        for _ in range(2):
            proposal = proposal_in_review()
            reviews += list(
                Review.objects.filter(proposal=proposal).select_related("member__person__user")
            )
        reviews = reviews[:10]
        criteria = list(reviews[0].rubric.criteria.all())
        sheets = []
        for review in reviews:
            browser = Browser(self.live_server_url)
            browser.log_in(review.member.person.user.username)
            url = reverse("research:review-detail", args=[review.pk])
            sheets.append((browser, url, browser.token(url)))

        def save(browser, url, token):
            data = {f"points_{c.pk}": str(c.max_points - 1) for c in criteria}
            data.update(
                {
                    "csrfmiddlewaretoken": token,
                    "recommend": "yes",
                    "submit": "1",
                    "no_conflict": "on",
                }
            )
            return browser.open(url, data)[0]

        statuses = at_once([lambda s=s: save(*s) for s in sheets])
        connection.close()
        self.assertEqual(statuses, [302] * 10, statuses)
        saved = Review.objects.filter(pk__in=[r.pk for r in reviews])
        self.assertEqual(saved.filter(submitted_at__isnull=False, recommend=True).count(), 10)
        self.assertEqual(Score.objects.filter(review__in=saved).count(), 10 * len(criteria))
