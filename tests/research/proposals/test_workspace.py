import datetime
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from research.core.permissions import Roles
from research.councils.actions.councils import RecordAttendance, SaveScoreSheet
from research.models import CouncilRole, Proposal, ProposalStatus, Review
from research.proposals.actions import RecordCouncilDecision
from tests.factories import (
    CallFactory,
    CouncilMemberPersonFactory,
    EditorFactory,
    OfficeStaffFactory,
    PersonWithLoginFactory,
    ProposalFactory,
    funding_source,
    proposal_in_review,
)
from tests.factories.orders import LiaisonUserFactory

OK, DENIED, LOGIN, MISSING, REDIRECT = 200, 403, "login", 404, 302


class WorkspacePermissionMatrixTests(TestCase):
    """Every workspace view × every role, on a proposal in review."""

    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.proposal = proposal_in_review(office=cls.office)
        reviews = {
            r.member.role: r
            for r in Review.objects.filter(proposal=cls.proposal).select_related("member__person")
        }
        cls.member_review = reviews[CouncilRole.MEMBER]
        cls.attachment = cls.proposal.attachments.get()
        cls.users = {
            "anonymous": None,
            "principal": cls.proposal.principal.user,
            "lecturer": PersonWithLoginFactory(user__role=Roles.LECTURER).user,
            "member": cls.member_review.member.person.user,
            "secretary": reviews[CouncilRole.SECRETARY].member.person.user,
            "outsider_member": CouncilMemberPersonFactory().user,
            "office": cls.office,
            "editor": EditorFactory(),
            # an ordering body's liaison: refused everywhere but its orders (tests/research/orders)
            "liaison": LiaisonUserFactory(),
        }
        p, r = cls.proposal.pk, cls.member_review.pk
        everyone = dict.fromkeys(cls.users, OK) | {"anonymous": LOGIN, "liaison": DENIED}
        # view → expected outcome per role; roles not listed are refused (403)
        cls.matrix = {
            reverse("research:dashboard"): everyone | {"liaison": REDIRECT},
            reverse("research:proposal-list"): everyone,
            reverse("research:proposal-create") + f"?call={cls.proposal.call_id}": {
                "anonymous": LOGIN,
                "principal": OK,
                "lecturer": OK,
            },
            reverse("research:proposal-detail", args=[p]): {
                "anonymous": LOGIN,
                "principal": OK,
                "member": OK,
                "secretary": OK,
                "office": OK,
            },
            reverse("research:proposal-edit", args=[p]): {"anonymous": LOGIN},
            reverse("research:proposal-compare", args=[p]) + "?a=1&b=1": {
                "anonymous": LOGIN,
                "principal": OK,
                "member": OK,
                "secretary": OK,
                "office": OK,
            },
            reverse("research:proposal-meeting", args=[p]): {
                "anonymous": LOGIN,
                "secretary": OK,
                "office": OK,
            },
            reverse("research:proposal-minutes", args=[p]): {
                "anonymous": LOGIN,
                "secretary": MISSING,
                "office": MISSING,
            },
            reverse("research:review-list"): everyone,
            reverse("research:review-detail", args=[r]): {"anonymous": LOGIN, "member": OK},
            cls.attachment.file.url: dict.fromkeys(cls.users, MISSING)
            | {"principal": OK, "member": OK, "secretary": OK, "office": OK},
        }

    def assertOutcome(self, response, expected):
        if expected == LOGIN:
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(reverse("login")))
        else:
            self.assertEqual(response.status_code, expected)

    def test_get_views(self):
        for role, user in self.users.items():
            self.client.logout()
            if user:
                self.client.force_login(user)
            for url, outcomes in self.matrix.items():
                with self.subTest(role=role, url=url):
                    self.assertOutcome(self.client.get(url), outcomes.get(role, DENIED))

    def test_post_views_refuse_everyone_but_their_owner(self):
        p, r = self.proposal.pk, self.member_review.pk
        posts = {
            reverse("research:proposal-submit", args=[p]): set(),  # in review: nobody may submit
            reverse("research:proposal-withdraw", args=[p]): {"principal", "office"},
            reverse("research:proposal-decision", args=[p]): {"secretary", "office"},
            reverse("research:review-conflict", args=[r]): {"member"},
            reverse("research:review-resolve", args=[r]): {"secretary", "office"},
        }
        for role, user in self.users.items():
            if user is None:
                continue
            self.client.force_login(user)
            for url, allowed in posts.items():
                with self.subTest(role=role, url=url):
                    # an empty form: allowed users get a redirect with a message, never a change
                    response = self.client.post(url, {})
                    self.assertEqual(response.status_code, 302 if role in allowed else 403)
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, ProposalStatus.IN_REVIEW)


class LecturerJourneyTests(TestCase):
    """Draft, edit, submit and withdraw through the workspace pages."""

    def setUp(self):
        self.call = CallFactory()
        self.person = PersonWithLoginFactory(user__role=Roles.LECTURER)
        self.client.force_login(self.person.user)

    def test_the_proposal_list_offers_a_new_proposal_for_each_open_call(self):
        """Issue 23, item 8: the list had no “new proposal” button."""
        CallFactory(closes_at=timezone.now() - datetime.timedelta(days=1), title="Đã đóng")
        page = self.client.get(reverse("research:proposal-list"))
        create = reverse("research:proposal-create") + f"?call={self.call.pk}"
        self.assertContains(page, f'href="{create}"')
        self.assertContains(page, f"Viết thuyết minh mới: {self.call.title}")
        self.assertNotContains(page, "Viết thuyết minh mới: Đã đóng")
        self.client.force_login(OfficeStaffFactory())  # the office does not propose
        self.assertNotContains(self.client.get(reverse("research:proposal-list")), create)

    def form_data(self, **overrides):
        source = funding_source()
        data = {
            "title": "Nâng cao chất lượng sinh hoạt chi bộ ở xã biên giới",
            "keyword_list": "chi bộ; phòng, chống tham nhũng",
            "field": "",
            "duration_months": "12",
            "urgency": "Cấp thiết",
            "objectives": "Mục tiêu",
            "content_methods": "Nội dung",
            "schedule": "Tiến độ",
        }
        for name, rows in {
            "members": [{"person": self.person.pk, "role": "principal"}],
            "expected_outputs": [{"kind": "final_report", "count": "1", "description": ""}],
            "budget_items": [{"item": "Thuê khoán", "source": source.pk, "amount": "20000000"}],
            "attachments": [{"title": "Thuyết minh"}],
        }.items():
            data[f"{name}-TOTAL_FORMS"] = str(len(rows))
            data[f"{name}-INITIAL_FORMS"] = "0"
            data[f"{name}-MIN_NUM_FORMS"] = "0"
            data[f"{name}-MAX_NUM_FORMS"] = "1000"
            for index, row in enumerate(rows):
                for key, value in row.items():
                    data[f"{name}-{index}-{key}"] = value
        data["attachments-0-file"] = SimpleUploadedFile(
            "thuyet-minh-le-van-a.pdf", b"%PDF-1.4\n%%EOF\n"
        )
        data.update(overrides)
        return data

    def test_create_submit_and_see_the_receipt(self):
        url = reverse("research:proposal-create") + f"?call={self.call.pk}"
        self.assertContains(self.client.get(url), "Thuyết minh mới")
        response = self.client.post(url, self.form_data())
        proposal = Proposal.objects.get()
        self.assertRedirects(response, proposal.get_absolute_url())
        self.assertEqual(
            (proposal.principal, proposal.level, proposal.status), (self.person, "school", "draft")
        )
        self.assertTrue(proposal.attachments.get().file.name.startswith("proposals/"))
        self.assertNotIn("le-van-a", proposal.attachments.get().file.name)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("research:proposal-submit", args=[proposal.pk]), follow=True
            )
        self.assertContains(response, "Đã nộp thuyết minh")
        self.assertEqual(mail.outbox[0].to, [self.person.email])

    def test_a_bad_upload_is_refused_and_everything_typed_is_kept(self):
        url = reverse("research:proposal-create") + f"?call={self.call.pk}"
        data = self.form_data()
        data["attachments-0-file"] = SimpleUploadedFile("virus.exe", b"MZ")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Không nhận tệp loại “exe”")
        self.assertContains(response, 'value="Nâng cao chất lượng sinh hoạt chi bộ ở xã biên giới"')
        self.assertContains(response, 'value="20.000.000 đ"')
        self.assertFalse(Proposal.objects.exists())

    def test_submitting_an_incomplete_draft_shows_what_is_missing(self):
        url = reverse("research:proposal-create") + f"?call={self.call.pk}"
        self.client.post(url, self.form_data(urgency=""))
        proposal = Proposal.objects.get()
        response = self.client.post(
            reverse("research:proposal-submit", args=[proposal.pk]), follow=True
        )
        self.assertContains(response, "Hồ sơ chưa đầy đủ: tính cấp thiết")

    def test_a_closed_call_cannot_be_written_to(self):
        closed = CallFactory(closes_at=timezone.now() - datetime.timedelta(minutes=1))
        response = self.client.get(reverse("research:proposal-create") + f"?call={closed.pk}")
        self.assertEqual(response.status_code, 404)

    def test_lecturer_never_sees_another_lecturers_draft(self):
        other = ProposalFactory()
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 403)
        self.assertNotContains(self.client.get(reverse("research:proposal-list")), other.title)

    def test_withdraw_needs_a_reason(self):
        proposal = ProposalFactory(principal=self.person)
        response = self.client.post(
            reverse("research:proposal-withdraw", args=[proposal.pk]), {"reason": ""}, follow=True
        )
        self.assertContains(response, "Hãy nêu lý do")
        self.client.post(
            reverse("research:proposal-withdraw", args=[proposal.pk]), {"reason": "Đổi hướng"}
        )
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, ProposalStatus.WITHDRAWN)


class BlindReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.proposal = proposal_in_review(call=CallFactory(blind_review=True))
        cls.review = Review.objects.filter(
            proposal=cls.proposal, member__role=CouncilRole.REVIEWER
        ).first()
        cls.name = cls.proposal.principal.full_name

    def test_reviewers_never_see_the_team(self):
        self.client.force_login(self.review.member.person.user)
        for url in (
            reverse("research:review-detail", args=[self.review.pk]),
            self.proposal.get_absolute_url(),
            reverse("research:proposal-compare", args=[self.proposal.pk]) + "?a=1&b=1",
            reverse("research:review-list"),
            reverse("research:dashboard"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, self.name)
                self.assertNotContains(response, "thuyet-minh-nguyen")
        response = self.client.get(self.proposal.attachments.get().file.url)
        self.assertEqual(
            response["Content-Disposition"],
            f'attachment; filename="{self.proposal.code}-{self.proposal.attachments.get().pk}.pdf"',
        )

    def test_the_office_and_the_principal_still_see_the_team(self):
        for user in (OfficeStaffFactory(), self.proposal.principal.user):
            self.client.force_login(user)
            self.assertContains(self.client.get(self.proposal.get_absolute_url()), self.name)


class ScoreSheetPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = OfficeStaffFactory()
        cls.proposal = proposal_in_review(office=cls.office)
        cls.review = Review.objects.filter(
            proposal=cls.proposal, member__role=CouncilRole.MEMBER
        ).first()

    def post(self, **data):
        criteria = list(self.proposal.rubric.criteria.all())
        payload = {f"points_{c.pk}": str(c.max_points - 1) for c in criteria}
        payload.update(data)
        return self.client.post(reverse("research:review-detail", args=[self.review.pk]), payload)

    def test_an_out_of_range_score_is_explained_and_kept(self):
        self.client.force_login(self.review.member.person.user)
        first = self.proposal.rubric.criteria.first()
        response = self.post(**{f"points_{first.pk}": "42", "comments": "Nhận xét dài"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="42"')
        self.assertContains(response, "Nhận xét dài")
        self.assertFalse(self.review.scores.exists())

    def test_the_review_filter_speaks_of_sheets_not_unknowns(self):
        """Issue 23, item 9: the filter offered Django's “Chưa xác định” (unknown)."""
        self.client.force_login(self.review.member.person.user)
        page = self.client.get(reverse("research:review-list"))
        self.assertNotContains(page, "Chưa xác định")
        self.assertContains(page, '<option value="false">Chưa gửi</option>', html=True)
        waiting = self.client.get(reverse("research:review-list"), {"submitted": "false"})
        self.assertContains(waiting, self.proposal.code)
        done = self.client.get(reverse("research:review-list"), {"submitted": "true"})
        self.assertNotContains(done, self.proposal.code)

    def test_the_no_conflict_declaration_survives_a_saved_draft(self):
        """Issue 23: “Lưu” kept the points but cleared the tick, so “Gửi” then failed."""
        self.client.force_login(self.review.member.person.user)
        url = reverse("research:review-detail", args=[self.review.pk])
        self.assertRedirects(self.post(recommend="yes", save="1", no_conflict="on"), url)
        page = self.client.get(url).content.decode()
        box = re.search(r'<input[^>]*name="no_conflict"[^>]*>', page).group(0)
        self.assertIn("checked", box)
        # the box sits on its label's line (a grid of two columns), not above it
        self.assertIn('class="field field--checkbox"', page)
        self.assertRedirects(self.post(recommend="yes", save="1"), url)  # unticked: withdrawn
        self.review.refresh_from_db()
        self.assertIsNone(self.review.no_conflict_declared_at)
        self.assertNotIn(
            "checked",
            re.search(
                r'<input[^>]*name="no_conflict"[^>]*>', self.client.get(url).content.decode()
            ).group(0),
        )

    def test_submit_then_see_the_aggregate_only_after_the_decision(self):
        user = self.review.member.person.user
        self.client.force_login(user)
        response = self.post(recommend="yes", submit="1")
        self.assertContains(response, "trước khi gửi")  # the no-conflict declaration is missing
        response = self.post(recommend="yes", submit="1", no_conflict="on")
        self.assertRedirects(response, reverse("research:review-detail", args=[self.review.pk]))
        page = self.client.get(reverse("research:review-detail", args=[self.review.pk]))
        self.assertContains(page, "data-submitted")
        self.assertNotContains(page, 'name="submit"')
        self.review.refresh_from_db()
        self.assertIsNotNone(self.review.submitted_at)
        minutes = reverse("research:proposal-minutes", args=[self.proposal.pk])
        self.assertEqual(self.client.get(minutes).status_code, 403)
        for review in Review.objects.filter(proposal=self.proposal).exclude(pk=self.review.pk):
            SaveScoreSheet(
                review,
                {c.pk: (c.max_points, False) for c in self.proposal.rubric.criteria.all()},
                user=review.member.person.user,
                recommend=True,
                submit=True,
            ).execute()
        RecordAttendance(
            self.proposal,
            user=self.office,
            present=list(Review.objects.values_list("pk", flat=True)),
            votes={},
        ).execute()
        RecordCouncilDecision(self.proposal, ProposalStatus.APPROVED, user=self.office).execute()
        response = self.client.get(minutes)
        self.assertContains(response, "BIÊN BẢN HỌP HỘI ĐỒNG KHOA HỌC")
        self.assertContains(response, "Đã phê duyệt")
        self.assertContains(response, "7 trên 7 thành viên biểu quyết đề nghị thực hiện")


class WorkspaceQueryCountTests(TestCase):
    """The lists run a fixed number of queries whatever the number of rows."""

    def test_proposal_list(self):
        person = PersonWithLoginFactory(user__role=Roles.LECTURER)
        self.client.force_login(person.user)
        for rows in (2, 12):
            while Proposal.objects.filter(principal=person).count() < rows:
                ProposalFactory(principal=person)
            self.client.get(reverse("research:proposal-list"))  # the site menu, cached once
            # session, user, person, count, call choices for the filter, rows; the site and its
            # settings; the user's roles and the open calls (“new proposal”, issue 23)
            with self.assertNumQueries(10):
                self.assertEqual(
                    self.client.get(reverse("research:proposal-list")).status_code, 200
                )

    def test_review_list(self):
        secretary = CouncilMemberPersonFactory()
        self.client.force_login(secretary.user)
        for rounds in (1, 6):
            while Review.objects.filter(member__person=secretary).count() < rounds:
                member = proposal_in_review().council.members.get(role=CouncilRole.SECRETARY)
                member.person = secretary
                member.save()
            self.client.get(reverse("research:review-list"))  # the site menu, cached once
            # session, user, its roles (is it a liaison, kept to its orders?), person, count,
            # rows, the teams (for blind review) and their people; the site and its settings
            with self.assertNumQueries(10):
                response = self.client.get(reverse("research:review-list"))
            self.assertEqual(len(response.context["object_list"]), rounds)


class WorkspaceLanguageTests(TestCase):
    """Issue 23, item 5: the workspace follows the chosen language (/en/workspace/)."""

    def test_the_english_switch_leads_to_the_english_workspace_and_back(self):
        person = PersonWithLoginFactory(user__role=Roles.LECTURER)
        self.client.force_login(person.user)
        page = self.client.get(reverse("research:proposal-list"))
        self.assertContains(page, '<html lang="vi">')
        self.assertContains(page, 'href="/en/workspace/proposals/" hreflang="en"')
        english = self.client.get("/en/workspace/proposals/")
        self.assertEqual(english.status_code, 200)
        self.assertContains(english, '<html lang="en">')
        self.assertContains(english, "<h1>My proposals</h1>", html=True)
        self.assertContains(english, 'href="/workspace/proposals/" hreflang="vi"')
        # its links stay in English, and the Vietnamese workspace stays where it was
        self.assertContains(english, 'href="/en/workspace/calendar/"')
        with translation.override("vi"):
            self.assertEqual(reverse("research:dashboard"), "/workspace/")
