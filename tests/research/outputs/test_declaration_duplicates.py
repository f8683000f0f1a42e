"""Issue 20, item 16 (and issue 23, item 9): a work declared by two co-authors, or declared after
the office recorded it, is one output with all its authors and counts once; the co-authors a
declaration names are asked to confirm it."""

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from research.models import InboxMessage, Indicator, Output, OutputAuthor, Verification
from research.outputs.actions import ConfirmAuthorship, VerifyDeclaration
from research.standard.counting import evidence
from tests.cms.site import build_site
from tests.factories import (
    LecturerUserFactory,
    OfficeStaffFactory,
    OutputAuthorFactory,
    OutputFactory,
    PersonFactory,
    UnitFactory,
)

PDF = b"%PDF-1.4\n%%EOF\n"
TITLE = "Đổi mới sinh hoạt chi bộ ở vùng biên giới"


def lecturer(name, unit):
    user = LecturerUserFactory(email=f"{name.split()[-1].lower()}@example.vn")
    return PersonFactory(full_name=name, unit=unit, user=user, email=user.email)


class DuplicateDeclarationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.unit = UnitFactory(name="Khoa Xây dựng Đảng")
        cls.lan = lecturer("Võ Thị Mai Lan", cls.unit)
        cls.binh = lecturer("Trần Văn Bình", cls.unit)
        cls.office = OfficeStaffFactory()
        cls.articles = Indicator.objects.get(code="4.6")

    def declare(self, person, title=TITLE, **overrides):
        self.client.force_login(person.user)
        data = {
            "kind": "journal_article",
            "title": title,
            "author_names": "Võ Thị Mai Lan\nTrần Văn Bình",
            "published_on": "2025-05-04",
            "keyword_list": "chi bộ",
            "venue": "Tạp chí Lý luận chính trị",
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
            "files-0-title": "Toàn văn",
            "files-0-file": SimpleUploadedFile("toan-van.pdf", PDF, "application/pdf"),
            **overrides,
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("research:declare-output"), data)
        self.assertRedirects(response, reverse("research:contribution"))
        return Output.objects.filter(declared_by=person.user).latest("pk")

    def test_the_co_author_named_in_a_declaration_is_asked_to_confirm(self):
        mail.outbox.clear()
        output = self.declare(self.lan)
        self.assertEqual([m.to for m in mail.outbox], [[self.binh.email]])
        self.assertIn(TITLE, mail.outbox[0].body)
        self.assertTrue(
            InboxMessage.objects.filter(
                template="authorship_to_confirm", user=self.binh.user
            ).exists()
        )
        authorship = output.authors.get(person=self.binh)
        ConfirmAuthorship(authorship, user=self.binh.user).execute()
        authorship.refresh_from_db()
        self.assertIsNotNone(authorship.confirmed_at)

    def test_two_co_authors_declaring_the_same_article_make_one_output(self):
        first = self.declare(self.lan)
        # The same work as the other co-author types it: other case, no diacritics, spacing.
        second = self.declare(
            self.binh,
            title="doi moi  sinh hoat chi bo o vung bien gioi",
            venue="TẠP CHÍ LÝ LUẬN CHÍNH TRỊ",
            pages="12-18",
        )
        VerifyDeclaration(first, user=self.office, accept=True).execute()
        kept = VerifyDeclaration(second, user=self.office, accept=True).execute()
        self.assertEqual(kept.pk, first.pk)
        self.assertFalse(Output.objects.filter(pk=second.pk).exists())
        self.assertEqual(list(evidence(self.articles, 2025)), [first])
        first.refresh_from_db()
        self.assertEqual(first.pages, "12-18")  # the blank detail is filled from the duplicate
        self.assertEqual(first.files.count(), 2)
        authors = {a.person: a for a in OutputAuthor.objects.filter(output=first)}
        self.assertEqual(set(authors), {self.lan, self.binh})
        # Each declarer's own authorship counts as confirmed: both are now confirmed.
        self.assertTrue(all(a.confirmed_at for a in authors.values()))
        merged = ModelLogEntry.objects.get(object_id=str(first.pk), data__event="merged")
        self.assertEqual(merged.data["duplicate"], second.title)

    def test_a_declaration_of_a_work_the_office_recorded_joins_it(self):
        recorded = OutputFactory(
            kind="monograph",
            title="Công tác dân vận ở vùng biên giới",
            isbn="978-604-57-0001-1",
            published_on=datetime.date(2024, 3, 1),
        )
        OutputAuthorFactory(output=recorded, person=self.binh)
        declared = self.declare(
            self.lan,
            kind="monograph",
            title="Dân vận vùng biên (sách chuyên khảo)",
            isbn="9786045700011",
            venue="",
            published_on="2024-03-01",
        )
        self.assertEqual(list(Output.objects.same_as(declared)), [recorded])
        kept = VerifyDeclaration(declared, user=self.office, accept=True).execute()
        self.assertEqual(kept, recorded)
        self.assertEqual(Output.objects.count(), 1)
        self.assertEqual(
            set(recorded.authors.values_list("person", flat=True)), {self.lan.pk, self.binh.pk}
        )
        self.assertEqual(Output.objects.get().verification, Verification.VERIFIED)

    def test_different_works_stay_apart(self):
        first = self.declare(self.lan)
        other_year = self.declare(self.binh, published_on="2024-05-04")
        other_venue = self.declare(self.binh, venue="Tạp chí Cộng sản")
        self.assertEqual(list(Output.objects.same_as(first)), [])
        for output in (first, other_year, other_venue):
            VerifyDeclaration(output, user=self.office, accept=True).execute()
        self.assertEqual(Output.objects.verified().count(), 3)
