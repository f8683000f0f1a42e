"""Five people confirm the same import at the same moment (issue 19 item 5), through the real
view and a real server, on whichever database the suite runs on: the batch is applied exactly
once, every record has one page per language with its own address, and nobody is told "error"
about data that was saved."""

import datetime

from django.db import connection
from django.test import LiveServerTestCase
from django.urls import reverse
from django.utils import timezone

from cms.models import AutoPublish, OutputPage, SiteSettings
from research.imports.batches import start_batch
from research.models import ImportBatch, ImportStatus, Output
from tests.cms.site import build_site
from tests.factories import OfficeStaffFactory, PersonFactory, UnitFactory
from tests.research.core.test_parallel_writes import Browser, at_once
from tests.research.imports.helpers import xlsx


class ParallelConfirmTests(LiveServerTestCase):
    serialized_rollback = True

    def test_five_confirms_of_the_same_file_apply_it_once(self):
        build_site()
        settings = SiteSettings.load()
        settings.publish_automatically = AutoPublish.LIVE
        settings.save()
        office = OfficeStaffFactory(username="phong-song-song")
        PersonFactory(full_name="Võ Thị Mai Lan", unit=UnitFactory(name="Khoa Xây dựng Đảng"))
        year = timezone.localdate().year - 2
        rows = [
            {
                "Loại sản phẩm": "Bài báo tạp chí",
                "Tên sản phẩm": "Cùng một tên bài",  # the same address wanted three times
                "Tác giả": "Võ Thị Mai Lan",
                "Ngày công bố": datetime.date(year - n, 3, 1),
            }
            for n in range(3)
        ]
        batch, _preview = start_batch(
            "outputs", xlsx("outputs", rows), user=office, file_name="san-pham.xlsx"
        )
        url = reverse("research_imports:preview", args=[batch.pk])
        browsers = []
        for _ in range(5):
            browser = Browser(self.live_server_url)
            browser.log_in(office.username)
            browsers.append((browser, browser.token(url)))

        answers = at_once(
            [lambda b=b, t=t: b.open(url, {"csrfmiddlewaretoken": t}) for b, t in browsers]
        )
        connection.close()
        statuses = [answer[0] if isinstance(answer, tuple) else answer for answer in answers]
        self.assertEqual(statuses, [302] * 5, statuses)
        self.assertEqual(Output.objects.filter(title="Cùng một tên bài").count(), 3)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportStatus.APPLIED)
        self.assertEqual((batch.pages_done, batch.pages_total), (3, 3))
        pages = OutputPage.objects.filter(locale__language_code="vi")
        self.assertEqual(pages.count(), 3)
        self.assertEqual(len(set(pages.values_list("slug", flat=True))), 3)
        self.assertEqual(ImportBatch.objects.count(), 1)
        # the four who came second are sent to the import's page, told it is already done
        for browser, _token in browsers:
            status, _headers, html = browser.open(url)
            self.assertEqual(status, 200)
            self.assertNotIn("Someone changed", html)
