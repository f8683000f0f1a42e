import datetime

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from research.models import (
    BulletinIssue,
    ChangePolicy,
    CodePrefix,
    DeadlineRule,
    DocumentFormat,
    DocumentKind,
    Fieldwork,
    Indicator,
    IssuedDocument,
    LegalGround,
    PlanStatus,
    ResearchPlan,
    Rubric,
    ScientificEvent,
    Topic,
)
from tests.factories import (
    CallFactory,
    CouncilFactory,
    CouncilMemberFactory,
    DeadlineFactory,
    EditorFactory,
    FundingLineFactory,
    LeadershipFactory,
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    ProposalFactory,
    TopicFactory,
    UnitFactory,
    UserFactory,
    funding_source,
)
from tests.factories.orders import LiaisonUserFactory, OrderFactory, ProposedTopicFactory
from tests.statuses import statuses_only

OK, DENIED, LOGIN, WORKSPACE = "ok", "denied", "login", "workspace"


# What the leadership opens, read-only (docs/documents.md): topics and the issued documents.
LEADERSHIP_READS = {
    ("topics", "index"),
    ("topics", "inspect"),  # the record's history is shown there too
    ("issued_documents", "index"),
    ("issued_documents", "file"),
    ("plans", "index"),
    ("plans", "inspect"),  # and approves a submitted plan: PlanApprovalMatrixTests
}


def expected(role, view, model):
    """The office does everything; the editor enters the admin but opens no research record; the
    leadership reads topics and issued documents and changes nothing (it also reads the
    criterion-4 screens, tested with them)."""
    if role == "anonymous":
        return LOGIN
    if role == "liaison":
        return DENIED  # an ordering body's liaison is kept to its orders in the workspace
    if role in ("lecturer", "council"):
        return WORKSPACE  # shown the way to their workspace
    if role == "office" and model == "legal_grounds" and view in ("add", "delete"):
        return DENIED  # six rows the office corrects, never adds or deletes
    if role in ("office", "superuser"):
        return OK
    if role == "leadership" and (model, view) in LEADERSHIP_READS:
        return OK
    return DENIED


class AdminPermissionMatrixTests(TestCase):
    """Every research admin view × every role."""

    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(principal=PersonFactory())
        objects = {
            "topics": ("research_topic", cls.topic),
            "outputs": ("research_output", OutputFactory(topic=cls.topic)),
            "people": ("research_person", PersonFactory()),
            "units": ("research_unit", UnitFactory()),
            "proposals": ("research_proposal", ProposalFactory()),
            "calls": ("research_call", CallFactory()),
            "councils": ("research_council", CouncilFactory()),
            "rubrics": ("research_rubric", Rubric.objects.first()),
            "deadline_rules": ("research_deadline_rule", DeadlineRule.objects.first()),
            "change_policies": ("research_change_policy", ChangePolicy.objects.first()),
            "code_prefixes": ("research_code_prefix", CodePrefix.objects.first()),
            "orders": ("research_order", OrderFactory(topics=[cls.topic])),
            "order_submissions": ("research_order_submission", ProposedTopicFactory().submission),
            "liaisons": ("research_liaison", None),
            "events": (
                "research_event",
                ScientificEvent.objects.create(
                    title="Hội thảo",
                    level="school",
                    held_on=datetime.date(2025, 1, 1),
                    unit=UnitFactory(),
                ),
            ),
            "bulletin": (
                "research_bulletin",
                BulletinIssue.objects.create(
                    number=1, year=2025, published_on=datetime.date(2025, 4, 1)
                ),
            ),
            "indicators": ("research_indicator", Indicator.objects.first()),
            "plans": (
                "research_plan",
                ResearchPlan.objects.create(title="Kế hoạch", first_year=2026, last_year=2030),
            ),
            "fieldwork": (
                "research_fieldwork",
                Fieldwork.objects.create(
                    place="Đakrông",
                    started_on=datetime.date(2025, 5, 1),
                    ended_on=datetime.date(2025, 5, 3),
                ),
            ),
        }
        cls.urls = []
        cls.liaison = LiaisonUserFactory()
        objects["liaisons"] = ("research_liaison", cls.liaison.liaison)
        for model, (namespace, obj) in objects.items():
            views = {
                "index": reverse(f"{namespace}:index"),
                "add": reverse(f"{namespace}:add"),
                "edit": reverse(f"{namespace}:edit", args=[obj.pk]),
                "delete": reverse(f"{namespace}:delete", args=[obj.pk]),
                "history": reverse(f"{namespace}:history", args=[obj.pk]),
            }
            if model in ("topics", "proposals", "plans", "orders", "order_submissions"):
                views["inspect"] = reverse(f"{namespace}:inspect", args=[obj.pk])
            if model == "topics":
                views["status"] = reverse("research_topic:status", args=[obj.pk])
            cls.urls += [(model, view, url) for view, url in views.items()]
        issued = IssuedDocument.objects.create(
            kind=DocumentKind.CONTRACT,
            topic=cls.topic,
            issued_on=datetime.date(2025, 3, 1),
            format=DocumentFormat.STATE,
            docx=ContentFile(b"PK\x03\x04 hop dong", name="hop-dong.docx"),
        )
        cls.urls += [
            ("issued_documents", "index", reverse("research_issued_document:index")),
            (
                "issued_documents",
                "file",
                reverse("research_documents:file", args=[issued.pk, "docx"]),
            ),
        ]
        ground = LegalGround.objects.first()
        cls.urls += [
            ("legal_grounds", view, reverse(f"research_legal_ground:{view}", args=args))
            for view, args in (
                ("index", []),
                ("add", []),
                ("edit", [ground.pk]),
                ("delete", [ground.pk]),
                ("history", [ground.pk]),
            )
        ]
        for namespace in ("research_field", "research_ordering_body", "research_funding_source"):
            cls.urls += [
                ("reference", "index", reverse(f"{namespace}:index")),
                ("reference", "add", reverse(f"{namespace}:add")),
            ]
        cls.users = {
            "anonymous": None,
            "lecturer": LecturerUserFactory(),
            "council": CouncilMemberFactory(),
            "editor": EditorFactory(),
            "leadership": LeadershipFactory(),
            "office": OfficeStaffFactory(),
            "superuser": UserFactory(is_superuser=True, is_staff=True),
            "liaison": cls.liaison,
        }

    @statuses_only()
    def test_matrix(self):
        for role, user in self.users.items():
            if user:
                self.client.force_login(user)
            else:
                self.client.logout()
            for model, view, url in self.urls:
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    outcome = expected(role, view, model)
                    if outcome == OK:
                        self.assertEqual(response.status_code, 200)
                    elif outcome == LOGIN:
                        self.assertEqual(response.status_code, 302)
                        self.assertTrue(
                            response["Location"].startswith(reverse("wagtailadmin_login"))
                        )
                    elif outcome == WORKSPACE:
                        self.assertRedirects(
                            response, reverse("research:dashboard"), fetch_redirect_response=False
                        )
                    else:
                        self.assertIn(response.status_code, (302, 403))
                        if response.status_code == 302:
                            self.assertEqual(response["Location"], reverse("wagtailadmin_home"))


class PlanApprovalMatrixTests(TestCase):
    """Approving the research plan is the leadership's one decision: every role posts it."""

    @classmethod
    def setUpTestData(cls):
        cls.users = {
            "lecturer": LecturerUserFactory(),
            "council": CouncilMemberFactory(),
            "editor": EditorFactory(),
            "office": OfficeStaffFactory(),
            "leadership": LeadershipFactory(),
        }

    def test_only_the_leadership_approves(self):
        for role, user in self.users.items():
            plan = ResearchPlan.objects.create(
                title=role, first_year=2026, last_year=2026, status=PlanStatus.SUBMITTED
            )
            self.client.force_login(user)
            with self.subTest(role=role):
                self.client.post(reverse("research_plan:approve", args=[plan.pk]))
                plan.refresh_from_db()
                expected = PlanStatus.APPROVED if role == "leadership" else PlanStatus.SUBMITTED
                self.assertEqual(plan.status, expected)


class TopicListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.provincial = TopicFactory(
            provincial=True, title="Đề tài cấp tỉnh về dân vận", principal=PersonFactory()
        )
        cls.school = TopicFactory(title="Đề tài cấp cơ sở về pháp luật", principal=PersonFactory())
        DeadlineFactory(topic=cls.school, due_on=datetime.date(2020, 1, 1))

    def setUp(self):
        self.client.force_login(self.office)

    def test_filter_by_level(self):
        response = self.client.get(reverse("research_topic:index"), {"level": "provincial"})
        self.assertContains(response, "Đề tài cấp tỉnh về dân vận")
        self.assertNotContains(response, "Đề tài cấp cơ sở về pháp luật")

    def test_filter_overdue(self):
        response = self.client.get(reverse("research_topic:index"), {"overdue": "true"})
        self.assertContains(response, "Đề tài cấp cơ sở về pháp luật")
        self.assertNotContains(response, "Đề tài cấp tỉnh về dân vận")

    def test_list_is_in_vietnamese(self):
        response = self.client.get(reverse("research_topic:index"))
        self.assertContains(response, "Cấp tỉnh")
        self.assertContains(response, "Quá hạn")
        # Wagtail's own admin strings, from our supplement to its Vietnamese catalogue
        self.assertContains(response, "Hiện bộ lọc")
        self.assertContains(response, 'aria-label="Phân trang"')

    def test_list_query_count_does_not_grow_with_rows(self):
        url = reverse("research_topic:index")
        self.client.get(url)  # warm caches (site, content types)
        # session, user, permissions, profile, count, locales, page and collection
        # permissions, roles, the page explorer's root, three filter choice lists, topics,
        # team members, people
        with self.assertNumQueries(17):
            self.client.get(url)
        for _ in range(15):
            topic = TopicFactory(principal=PersonFactory())
            DeadlineFactory(topic=topic)
        with self.assertNumQueries(17):
            response = self.client.get(url)
        self.assertEqual(len(response.context["object_list"]), 17)


class LeadershipReadsTopicsTests(TestCase):
    """The leadership opens a running topic and its issued documents, and is offered nothing to
    change: no action form on the page, and the actions refuse it."""

    @classmethod
    def setUpTestData(cls):
        cls.topic = TopicFactory(in_progress=True, principal=PersonFactory())
        cls.deadline = DeadlineFactory(topic=cls.topic)
        cls.leadership = LeadershipFactory()

    def test_the_topic_page_is_read_only(self):
        self.client.force_login(self.leadership)
        url = reverse("research_topic:inspect", args=[self.topic.pk])
        response = self.client.get(url)
        self.assertContains(response, self.topic.title)
        self.assertContains(response, "data-issued-documents")
        pk = self.topic.pk
        for action in (
            reverse("research_topic:status", args=[pk]),
            reverse("research_topic:terminate", args=[pk]),
            reverse("research_topic:change-deadline", args=[pk, self.deadline.pk]),
            reverse("research_topic:assign-acceptance", args=[pk]),
            reverse("research_documents:record-closing", args=[pk]),
            reverse("research_documents:issue", args=["topic", pk]),
        ):
            with self.subTest(action=action):
                self.assertNotContains(response, f'action="{action}"')
                before = Topic.objects.get(pk=pk).status
                self.assertIn(self.client.post(action, {}).status_code, (302, 403))
                self.assertEqual(Topic.objects.get(pk=pk).status, before)
        self.assertNotEqual(
            self.client.get(reverse("research_topic:edit", args=[pk])).status_code, 200
        )
        # The office sees the forms on the same page.
        self.client.force_login(OfficeStaffFactory())
        office_page = self.client.get(url)
        self.assertContains(
            office_page,
            f'action="{reverse("research_topic:change-deadline", args=[pk, self.deadline.pk])}"',
        )


class TopicInspectTests(TestCase):
    def test_inspect_shows_team_funding_deadlines_outputs(self):
        pi = PersonFactory(full_name="Võ Thị Mai Lan", degree="ts")
        topic = TopicFactory(provincial=True, principal=pi)
        FundingLineFactory(
            topic=topic, source=funding_source("ngan-sach-tinh"), approved_amount=1_250_000_000
        )
        DeadlineFactory(topic=topic, due_on=datetime.date(2020, 6, 30))
        OutputFactory(topic=topic, title="Bài báo của đề tài")
        self.client.force_login(OfficeStaffFactory())
        response = self.client.get(reverse("research_topic:inspect", args=[topic.pk]))
        self.assertContains(response, "TS. Võ Thị Mai Lan")
        self.assertContains(response, "Chủ nhiệm")
        self.assertContains(response, "1.250.000.000 đ")
        self.assertContains(response, "30/06/2020")
        self.assertContains(response, "data-overdue")
        self.assertContains(response, "Bài báo của đề tài")
