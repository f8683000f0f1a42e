import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from research.models import (
    BulletinIssue,
    EventLevel,
    Fieldwork,
    Indicator,
    Measure,
    OutputAuthor,
    RuleKind,
    ScientificEvent,
)
from research.standard.counting import Status, breakdown, evaluate, evidence, measure, narrowed
from tests.factories import (
    OutputFactory,
    OutsidePersonFactory,
    PersonFactory,
    TopicFactory,
    UnitFactory,
)

TODAY = datetime.date(2026, 6, 30)


def indicator(rule_kind, **fields):
    return Indicator(code="T", name="Thử", rule_kind=rule_kind, **fields)


class RuleKindTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = UnitFactory()
        cls.a = PersonFactory(full_name="Nguyễn Văn An", unit=cls.unit)
        cls.b = PersonFactory(full_name="Trần Thị Bích", unit=cls.unit)
        cls.c = PersonFactory(
            full_name="Lê Văn Cường", unit=cls.unit, joined_on=datetime.date(2026, 3, 1)
        )
        cls.d = PersonFactory(
            full_name="Phạm Thị Dung", unit=cls.unit, left_on=datetime.date(2025, 6, 30)
        )
        cls.outsider = OutsidePersonFactory()

        def output(kind, day, *authors):
            made = OutputFactory(kind=kind, published_on=day)
            for order, person in enumerate(authors):
                OutputAuthor.objects.create(output=made, person=person, sort_order=order)
            return made

        # 2025: two articles by lecturers (one with both A and B), one by the outsider alone
        output("journal_article", datetime.date(2025, 1, 1), cls.a, cls.b)
        output("bulletin_article", datetime.date(2025, 12, 31), cls.a)
        output("journal_article", datetime.date(2025, 6, 1), cls.outsider)
        output("monograph", datetime.date(2022, 5, 1), cls.a)
        output(
            "monograph", datetime.date(2020, 12, 31), cls.b
        )  # outside a 5-year window ending 2025
        # 2026: one article by A now, one scheduled for December
        output("journal_article", datetime.date(2026, 3, 1), cls.a)
        output("journal_article", datetime.date(2026, 12, 1), cls.c)

        TopicFactory(
            provincial=True,
            planned_start=datetime.date(2021, 1, 1),
            planned_end=datetime.date(2022, 1, 1),
        )
        TopicFactory(
            provincial=True,
            planned_start=datetime.date(2020, 12, 31),
            planned_end=datetime.date(2021, 6, 1),
        )
        TopicFactory(
            planned_start=datetime.date(2025, 3, 1), planned_end=datetime.date(2025, 12, 1)
        )
        TopicFactory(planned_start=datetime.date(2026, 9, 1), planned_end=datetime.date(2027, 6, 1))

        ScientificEvent.objects.create(
            title="HT1",
            level=EventLevel.PROVINCIAL,
            held_on=datetime.date(2025, 4, 1),
            unit=cls.unit,
        )
        ScientificEvent.objects.create(
            title="HT2", level=EventLevel.SCHOOL, held_on=datetime.date(2025, 5, 1), unit=cls.unit
        )
        for number in (1, 2):
            BulletinIssue.objects.create(
                number=number, year=2025, published_on=datetime.date(2025, 4 * number, 1)
            )
        trip = Fieldwork.objects.create(
            place="Đakrông",
            started_on=datetime.date(2025, 5, 2),
            ended_on=datetime.date(2025, 5, 6),
        )
        trip.lecturers.set([cls.a, cls.b, cls.outsider])

    def test_topics_by_level_within_the_window_edges(self):
        provincial = indicator(
            RuleKind.TOPICS, window_years=5, parameters={"levels": ["provincial"]}
        )
        self.assertEqual(measure(provincial, 2025), 1)  # 2021–2025: the 2020 one is out
        self.assertEqual(measure(provincial, 2024), 2)  # 2020–2024
        school = indicator(
            RuleKind.TOPICS, parameters={"levels": ["school"], "statuses": ["approved"]}
        )
        self.assertEqual(measure(school, 2025), 1)

    def test_a_topic_falls_in_the_window_by_start_running_or_acceptance(self):
        long = TopicFactory(
            provincial=True,
            planned_start=datetime.date(2015, 1, 1),
            planned_end=datetime.date(2024, 6, 30),
            status="accepted",
            grade="good",
            accepted_on=datetime.date(2024, 9, 1),
        )
        by = {
            placement: indicator(
                RuleKind.TOPICS,
                window_years=2,
                parameters={"levels": ["provincial"], "placement": [placement]},
            )
            for placement in ("started", "running", "accepted")
        }
        self.assertNotIn(long, evidence(by["started"], 2025))
        self.assertIn(long, evidence(by["running"], 2025))
        self.assertIn(long, evidence(by["accepted"], 2025))
        self.assertNotIn(long, evidence(by["accepted"], 2023))
        self.assertIn(long, evidence(by["running"], 2016))
        # as of a day in the window: not yet accepted, so not counted as accepted
        self.assertNotIn(long, evidence(by["accepted"], 2024, until=datetime.date(2024, 8, 1)))

    def test_outputs_with_several_authors_count_once_and_outsiders_are_not_lecturers(self):
        articles = indicator(
            RuleKind.OUTPUTS,
            parameters={"kinds": ["journal_article", "bulletin_article"]},
            by_lecturers=True,
        )
        self.assertEqual(measure(articles, 2025), 2)
        everyone = indicator(
            RuleKind.OUTPUTS, parameters={"kinds": ["journal_article", "bulletin_article"]}
        )
        self.assertEqual(measure(everyone, 2025), 3)
        books = indicator(RuleKind.OUTPUTS, window_years=5, parameters={"kinds": ["monograph"]})
        self.assertEqual(measure(books, 2025), 1)

    def test_events_and_bulletin_issues(self):
        self.assertEqual(
            measure(indicator(RuleKind.EVENTS, parameters={"levels": ["provincial"]}), 2025), 1
        )
        self.assertEqual(measure(indicator(RuleKind.EVENTS), 2025), 2)
        self.assertEqual(measure(indicator(RuleKind.BULLETIN_ISSUES), 2025), 2)

    def test_lecturers_with_outputs_as_number_and_share_of_that_years_staff(self):
        rule = indicator(
            RuleKind.LECTURERS_WITH_OUTPUTS,
            parameters={"kinds": ["journal_article", "bulletin_article"]},
        )
        self.assertEqual(set(evidence(rule, 2025)), {self.a, self.b})
        rule.min_outputs = 2
        self.assertEqual(list(evidence(rule, 2025)), [self.a])
        rule.min_outputs, rule.measure = 1, Measure.SHARE
        self.assertEqual(
            measure(rule, 2025), Decimal("66.67")
        )  # A and B of A, B, D (C joined in 2026; D left mid-2025)
        self.assertEqual(
            measure(rule, 2026), Decimal("66.67")
        )  # A and C of A, B, C (D left in 2025)

    def test_fieldwork_counts_lecturers_only(self):
        rule = indicator(RuleKind.LECTURERS_WITH_FIELDWORK)
        self.assertEqual(measure(rule, 2025), 2)
        rule.measure = Measure.SHARE
        self.assertEqual(measure(rule, 2025), Decimal("66.67"))

    def test_outputs_per_lecturer(self):
        rule = indicator(
            RuleKind.OUTPUTS_PER_LECTURER,
            parameters={"kinds": ["journal_article", "bulletin_article"]},
        )
        self.assertEqual(measure(rule, 2025), Decimal("0.67"))  # 2 outputs / 3 lecturers

    def test_breakdown_by_unit_and_by_lecturer_counts_each_record_once(self):
        other_unit = UnitFactory(name="Khoa Nhà nước và pháp luật")
        self.b.unit = other_unit
        self.b.save()
        articles = indicator(
            RuleKind.OUTPUTS, parameters={"kinds": ["journal_article", "bulletin_article"]}
        )
        # 2025: A+B together, A alone, the outsider alone (no unit, not a lecturer)
        self.assertEqual(breakdown(articles, 2025, "unit"), [(self.unit, 2), (other_unit, 1)])
        self.assertEqual(breakdown(articles, 2025, "person"), [(self.a, 2), (self.b, 1)])
        self.assertEqual(narrowed(articles, 2025, "person", self.b).count(), 1)
        self.assertEqual(narrowed(articles, 2025, "unit", self.unit).count(), 2)
        self.assertEqual(breakdown(indicator(RuleKind.BULLETIN_ISSUES), 2025, "unit"), [])
        fieldwork = indicator(RuleKind.LECTURERS_WITH_FIELDWORK)
        # ties in name order: “Khoa Nhà nước…” before “Khoa số 0”
        self.assertEqual(breakdown(fieldwork, 2025, "unit"), [(other_unit, 1), (self.unit, 1)])

    def test_status_and_projection(self):
        rule = indicator(
            RuleKind.OUTPUTS, parameters={"kinds": ["journal_article"]}, by_lecturers=True
        )
        rule.threshold_level1, rule.threshold_level2 = Decimal(1), Decimal(2)
        result = evaluate(rule, 2026, TODAY)
        self.assertEqual(
            (result.value, result.projected), (1, 2)
        )  # the December article is scheduled
        self.assertEqual((result.status, result.status_level2), (Status.MET, Status.AT_RISK))
        rule.threshold_level2 = Decimal(3)
        self.assertEqual(evaluate(rule, 2026, TODAY).status_level2, Status.NOT_MET)
        rule.threshold_level1 = None
        self.assertEqual(evaluate(rule, 2026, TODAY).status, Status.NO_THRESHOLD)
        self.assertEqual(evaluate(rule, 2025, TODAY).projected, evaluate(rule, 2025, TODAY).value)

    def test_each_indicator_costs_a_fixed_number_of_queries(self):
        for record in Indicator.objects.all():
            with (
                self.subTest(code=record.code),
                self.assertNumQueries(
                    2
                    if record.rule_kind == RuleKind.OUTPUTS_PER_LECTURER
                    or record.measure == Measure.SHARE
                    else 1
                ),
            ):
                measure(record, 2025)


class IndicatorValidationTests(TestCase):
    def test_impossible_parameters_are_refused_with_the_reason(self):
        cases = [
            (RuleKind.EVENTS, {"levels": ["provincial", "galactic"]}, Measure.NUMBER, "levels"),
            (
                RuleKind.BULLETIN_ISSUES,
                {"kinds": ["monograph"]},
                Measure.NUMBER,
                "không có tham số",
            ),
            (RuleKind.OUTPUTS, {"kinds": "monograph"}, Measure.NUMBER, "kinds"),
            (RuleKind.OUTPUTS, {}, Measure.SHARE, "tỷ lệ"),
        ]
        for kind, parameters, measure_, message in cases:
            with (
                self.subTest(parameters=parameters, measure=measure_),
                self.assertRaises(ValidationError) as caught,
            ):
                indicator(kind, parameters=parameters, measure=measure_).full_clean()
            self.assertIn(message, str(caught.exception))

    def test_thresholds_are_non_negative_and_level_2_at_least_level_1(self):
        for low, high in ((Decimal(-1), None), (Decimal(5), Decimal(4))):
            with (
                self.subTest(low=low, high=high),
                self.assertRaises(IntegrityError),
                transaction.atomic(),
            ):
                Indicator.objects.create(
                    code="X",
                    name="x",
                    rule_kind=RuleKind.BULLETIN_ISSUES,
                    threshold_level1=low,
                    threshold_level2=high,
                )

    def test_criterion_4_topics_count_what_the_school_carried_out_in_the_window(self):
        """4.1 and 4.2 count topics running at some time in the window, not withdrawn, terminated
        or failed: a multi-year provincial topic running inside the window counts."""
        provincial = Indicator.objects.get(code="4.1")
        school = Indicator.objects.get(code="4.2")
        running = TopicFactory(
            provincial=True,
            status="in_progress",
            planned_start=datetime.date(2019, 6, 1),
            planned_end=datetime.date(2027, 5, 31),
        )
        accepted = TopicFactory(
            provincial=True,
            status="accepted",
            grade="good",
            planned_start=datetime.date(2018, 1, 1),
            planned_end=datetime.date(2021, 12, 31),
            accepted_on=datetime.date(2021, 3, 1),
        )
        for status in ("withdrawn", "terminated", "failed"):
            TopicFactory(
                provincial=True,
                status=status,
                grade="fail" if status == "failed" else "",
                planned_start=datetime.date(2023, 1, 1),
                planned_end=datetime.date(2024, 12, 31),
            )
        TopicFactory(  # ended before the window
            provincial=True,
            status="accepted",
            grade="pass",
            planned_start=datetime.date(2018, 1, 1),
            planned_end=datetime.date(2020, 12, 31),
            accepted_on=datetime.date(2020, 12, 1),
        )
        found = set(evidence(provincial, 2025))
        self.assertEqual(found, {running, accepted})
        this_year = TopicFactory(
            status="in_progress",
            planned_start=datetime.date(2024, 9, 1),
            planned_end=datetime.date(2025, 8, 31),
        )
        TopicFactory(status="withdrawn", planned_start=datetime.date(2025, 2, 1))
        self.assertEqual(set(evidence(school, 2025)), {this_year})

    def test_criterion_4_is_seeded_without_thresholds(self):
        seeded = Indicator.objects.all()
        self.assertEqual(seeded.count(), 12)
        self.assertFalse(seeded.filter(threshold_level1__isnull=False).exists())
        for record in seeded:
            record.full_clean()


class IndicatorAdminTests(TestCase):
    FORM = {
        "code": "4.3",
        "criterion": "4",
        "sort_order": "2",
        "name": "Hội thảo cấp trường",
        "unit_label": "cuộc",
        "window_years": "1",
        "rule_kind": "events",
        "measure": "number",
        "min_outputs": "1",
    }

    def setUp(self):
        from tests.factories import OfficeStaffFactory

        self.client.force_login(OfficeStaffFactory())
        self.record = Indicator.objects.get(code="4.3")

    def post(self, **changes):
        from django.urls import reverse

        return self.client.post(
            reverse("research_indicator:edit", args=[self.record.pk]), {**self.FORM, **changes}
        )

    def test_parameters_are_ticked_per_rule_and_only_the_chosen_rules_are_kept(self):
        from django.urls import reverse

        page = self.client.get(reverse("research_indicator:edit", args=[self.record.pk]))
        self.assertContains(page, 'name="events__levels" value="school"')
        self.assertContains(page, "Đếm hội thảo, tọa đàm — cấp")
        response = self.post(
            events__levels=["provincial", "national"],
            outputs__kinds=["monograph"],  # another rule's box: ignored
            threshold_level1="2",
        )
        self.assertEqual(response.status_code, 302)
        self.record.refresh_from_db()
        self.assertEqual(self.record.parameters, {"levels": ["provincial", "national"]})

    def test_a_bad_rule_is_refused_in_the_form_with_the_reason_and_kept(self):
        response = self.post(
            events__levels=["provincial", "galactic"],
            measure="share",
            threshold_level1="3",
            threshold_level2="2",
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "galactic")  # the refused choice is named
        self.assertContains(response, "tỷ lệ")  # a share of lecturers needs a lecturer rule
        self.assertContains(response, "Ngưỡng chuẩn mức 2 không được thấp hơn ngưỡng chuẩn mức 1.")
        self.assertContains(response, 'value="Hội thảo cấp trường"')  # what was typed is kept
        self.record.refresh_from_db()
        self.assertEqual(self.record.parameters, {"levels": ["school"]})


class StandardDashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.factories import OfficeStaffFactory

        cls.office = OfficeStaffFactory()
        cls.lecturer = PersonFactory(full_name="Võ Thị Lan")

    def add_articles(self, count):
        for _ in range(count):
            output = OutputFactory(kind="journal_article", published_on=datetime.date(2025, 5, 1))
            OutputAuthor.objects.create(output=output, person=self.lecturer)

    def test_numbers_link_to_their_evidence(self):
        from django.urls import reverse

        self.add_articles(2)
        self.client.force_login(self.office)
        response = self.client.get(reverse("research_reports:standard"), {"year": "2025"})
        self.assertContains(
            response, "Bài viết của giảng viên đăng tạp chí, kỷ yếu, bản tin trong năm"
        )
        articles = Indicator.objects.get(code="4.6")
        evidence_url = (
            reverse("research_reports:standard_evidence", args=[articles.pk]) + "?year=2025"
        )
        self.assertContains(response, f'href="{evidence_url}" data-value>2<', html=False)
        page = self.client.get(evidence_url)
        self.assertContains(page, "Bài báo về đại học", count=2)

    def test_dashboard_query_count_does_not_grow_with_the_data(self):
        from django.urls import reverse

        self.client.force_login(self.office)
        url = reverse("research_reports:standard")
        self.add_articles(1)
        self.client.get(url, {"year": "2025"})
        # the admin frame, the year's snapshot, then per indicator one count for today and one
        # for the year's end, plus a lecturer count each for the three per-lecturer indicators,
        # and the research plan in force (its target; a past year takes nothing more)
        with self.assertNumQueries(43):
            self.client.get(url, {"year": "2025"})
        self.add_articles(30)
        for n in range(10):
            TopicFactory(
                planned_start=datetime.date(2025, 1 + n, 1), planned_end=datetime.date(2025, 12, 31)
            )
        with self.assertNumQueries(43):
            self.client.get(url, {"year": "2025"})

    def test_only_the_office_and_the_leadership_see_the_criterion(self):
        from django.urls import reverse

        from tests.factories import EditorFactory, LeadershipFactory, LecturerUserFactory

        self.add_articles(1)
        articles = Indicator.objects.get(code="4.6")
        urls = [
            reverse("research_reports:standard"),
            reverse("research_reports:standard_evidence", args=[articles.pk]),
            reverse("research_reports:standard_export"),
            reverse("research_reports:standard_print"),
        ]
        for user in (EditorFactory(), LecturerUserFactory()):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertIn(self.client.get(url).status_code, (302, 403))
        self.client.force_login(LeadershipFactory())
        for url in urls:
            with self.subTest(user="leadership", url=url):
                self.assertEqual(self.client.get(url, {"year": "2025"}).status_code, 200)
        dashboard = self.client.get(urls[0], {"year": "2025"})
        self.assertNotContains(dashboard, reverse("research_reports:standard_freeze"))
        page = self.client.get(urls[1], {"year": "2025"})
        self.assertContains(page, "Bài báo về đại học")
        self.assertNotContains(page, "/admin/research/outputs/edit/")  # reads, does not edit

    def test_evidence_breaks_down_by_unit_and_lecturer_and_narrows_to_one(self):
        from django.urls import reverse

        from tests.factories import OutputAuthorFactory

        self.add_articles(2)
        colleague = PersonFactory(full_name="Lê Văn Cường")
        OutputAuthorFactory(output__published_on=datetime.date(2025, 6, 1), person=colleague)
        self.client.force_login(self.office)
        url = reverse(
            "research_reports:standard_evidence", args=[Indicator.objects.get(code="4.6").pk]
        )
        page = self.client.get(url, {"year": "2025"})
        by_person = f'href="?year=2025&amp;person={self.lecturer.pk}">2<'
        self.assertContains(page, by_person, html=False)
        self.assertContains(page, f'href="?year=2025&amp;person={colleague.pk}">1<', html=False)
        self.assertContains(page, 'data-breakdown="unit"')
        only_colleague = self.client.get(url, {"year": "2025", "person": colleague.pk})
        self.assertContains(only_colleague, "/admin/research/outputs/edit/", count=1)
        self.assertEqual(self.client.get(url, {"year": "2025", "person": "x"}).status_code, 404)


class ContributionTests(TestCase):
    """A lecturer sees what of theirs counts, and nobody else's."""

    def test_a_lecturer_sees_only_their_own_records(self):
        from django.urls import reverse

        from tests.factories import LecturerUserFactory, OutputAuthorFactory, PersonWithLoginFactory

        me = PersonWithLoginFactory(full_name="Võ Thị Lan")
        OutputAuthorFactory(output__title="Bài của tôi", person=me)
        OutputAuthorFactory(output__title="Bài của đồng nghiệp", person=PersonFactory())
        self.client.force_login(me.user)
        page = self.client.get(reverse("research:contribution"), {"year": "2025"})
        self.assertContains(page, "Bài của tôi")
        self.assertNotContains(page, "Bài của đồng nghiệp")
        self.assertContains(page, 'data-indicator="4.6"')
        self.assertNotContains(page, 'data-indicator="4.10"')  # bulletin issues are the school's
        self.client.force_login(LecturerUserFactory())  # no staff record
        self.assertEqual(self.client.get(reverse("research:contribution")).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("research:contribution")).status_code, 302)
