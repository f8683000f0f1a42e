import datetime

from django.test import TestCase

from research.models import (
    BulletinIssue,
    Indicator,
    OutputAuthor,
)
from research.standard.counting import Status, evaluate
from tests.factories import (
    OutputFactory,
    PersonFactory,
)
from tests.spreadsheets import read_export


class SnapshotAndExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.factories import OfficeStaffFactory

        cls.office = OfficeStaffFactory()
        cls.lecturer = PersonFactory(full_name="Võ Thị Lan")

    def article(self, title):
        output = OutputFactory(
            kind="journal_article", title=title, published_on=datetime.date(2025, 5, 1)
        )
        OutputAuthor.objects.create(output=output, person=self.lecturer)

    def test_a_frozen_year_keeps_its_values_and_evidence(self):
        from django.urls import reverse

        from research.core.actions import ActionRefused
        from research.models import Snapshot
        from research.standard.actions import FreezeYear

        self.article("Bài thứ nhất")
        snapshot = FreezeYear(2025, user=self.office, today=datetime.date(2026, 1, 15)).execute()
        row = snapshot.row_for("4.6")
        self.assertEqual((row["value"], row["evidence"]), ("1", ["Bài thứ nhất"]))
        self.article("Bài thứ hai")  # a later edit
        snapshot = Snapshot.objects.get(year=2025)
        self.assertEqual(snapshot.row_for("4.6")["value"], "1")
        with self.assertRaisesMessage(ActionRefused, "đã được chốt"):
            FreezeYear(2025, user=self.office).execute()
        self.client.force_login(self.office)
        page = self.client.get(reverse("research_reports:standard"), {"year": "2025"})
        self.assertContains(page, "data-changed")

    def test_a_snapshot_keeps_both_levels_statuses(self):
        from research.standard.actions import FreezeYear

        Indicator.objects.filter(code="4.6").update(threshold_level1=1, threshold_level2=3)
        self.article("Bài thứ nhất")
        snapshot = FreezeYear(2025, user=self.office, today=datetime.date(2026, 1, 15)).execute()
        row = snapshot.row_for("4.6")
        self.assertEqual((row["status"], row["status_level2"]), (Status.MET, Status.NOT_MET))

    def test_the_evidence_lists_exactly_what_the_number_counts(self):
        """A record dated after today is not counted: the evidence page does not list it among
        the counted records, and flags it to the office instead."""
        from django.urls import reverse

        today = datetime.date.today()
        indicator = Indicator.objects.get(code="4.6")
        past = OutputFactory(
            kind="journal_article", title="Bài đã đăng", published_on=today.replace(day=1)
        )
        later = OutputFactory(
            kind="journal_article",
            title="Bài ghi nhầm ngày",
            published_on=today + datetime.timedelta(days=1)
            if (today + datetime.timedelta(days=1)).year == today.year
            else today,
        )
        for output in (past, later):
            OutputAuthor.objects.create(output=output, person=self.lecturer)
        if later.published_on == today:  # 31 December: nothing can be later in the year
            return
        value = evaluate(indicator, today.year, today).value
        self.client.force_login(self.office)
        page = self.client.get(
            reverse("research_reports:standard_evidence", args=[indicator.pk]),
            {"year": today.year},
        )
        counted = page.context["records"]
        self.assertEqual(len(counted), value)
        self.assertEqual([record for record, _name, _url in counted], [past])
        self.assertEqual([record for record, _name, _url in page.context["dated_later"]], [later])
        self.assertContains(page, "data-dated-later")
        by_person = dict(page.context["by_person"])
        self.assertEqual(by_person[self.lecturer], 1)

    def test_export_reads_back_with_openpyxl(self):
        from django.urls import reverse

        self.article("Bài về chi bộ")
        self.client.force_login(self.office)
        response = self.client.get(reverse("research_reports:standard_export"), {"year": "2025"})
        self.assertIn("truc-tiep", response["Content-Disposition"])
        sheet, headings, rows = read_export(response.content)
        self.assertEqual(sheet.title, "2025")
        self.assertEqual(headings[:3], ("Mã số", "Chỉ tiêu", "Đơn vị"))
        articles = next(row for row in rows if row[0] == "4.6")
        self.assertEqual(articles[5:9], (1, "Chưa có ngưỡng", "Chưa có ngưỡng", "Bài về chi bộ"))
        self.assertIn("/admin/research/reports/standard/", articles[9])
        printed = self.client.get(reverse("research_reports:standard_print"), {"year": "2025"})
        self.assertContains(printed, "Bài về chi bộ")

    def test_freezing_needs_a_confirmation(self):
        from django.urls import reverse

        from research.models import Snapshot

        self.client.force_login(self.office)
        freeze = reverse("research_reports:standard_freeze") + "?year=2025"
        page = self.client.get(reverse("research_reports:standard"), {"year": "2025"})
        self.assertContains(page, 'name="confirm"')
        response = self.client.post(freeze, follow=True)
        self.assertContains(response, "Hãy đánh dấu xác nhận")
        self.assertFalse(Snapshot.objects.exists())
        self.client.post(freeze, {"confirm": "yes"})
        self.assertTrue(Snapshot.objects.filter(year=2025).exists())

    def test_only_the_office_freezes_and_exports(self):
        from django.urls import reverse

        from research.models import Snapshot
        from tests.factories import EditorFactory, LeadershipFactory, LecturerUserFactory

        self.client.force_login(LeadershipFactory())
        self.client.post(
            reverse("research_reports:standard_freeze") + "?year=2025", {"confirm": "yes"}
        )
        self.assertFalse(Snapshot.objects.exists())
        for user in (EditorFactory(), LecturerUserFactory()):
            self.client.force_login(user)
            self.assertIn(
                self.client.post(
                    reverse("research_reports:standard_freeze") + "?year=2025"
                ).status_code,
                (302, 403),
            )
            self.assertIn(
                self.client.get(reverse("research_reports:standard_export")).status_code, (302, 403)
            )
        self.assertFalse(Snapshot.objects.exists())


class TrendTests(TestCase):
    def test_trend_counts_each_year_and_draws_without_scripts(self):
        from research.standard.counting import trend, trend_svg_points

        for year in (2023, 2025, 2025):
            BulletinIssue.objects.create(
                number=BulletinIssue.objects.filter(year=year).count() + 1,
                year=year,
                published_on=datetime.date(year, 5, 1),
            )
        record = Indicator.objects.get(code="4.10")
        self.assertEqual(trend(record, 2025, years=3), [(2023, 1), (2024, 0), (2025, 2)])
        points = trend_svg_points(trend(record, 2025, years=3))
        self.assertEqual([p[2] for p in points], [2023, 2024, 2025])
        self.assertEqual(points[2][1], 24.0)  # the highest value touches the top margin
        from django.urls import reverse

        from tests.factories import OfficeStaffFactory

        self.client.force_login(OfficeStaffFactory())
        page = self.client.get(
            reverse("research_reports:standard_evidence", args=[record.pk]), {"year": "2025"}
        )
        self.assertContains(page, "<polyline")
        self.assertContains(page, '<circle cx="576.0" cy="24.0"')  # never "576,0" in Vietnamese
        self.assertNotContains(page, 'src="http')  # nothing from a CDN
