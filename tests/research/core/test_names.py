"""Issue 23, item 3: people are named by their full name, never by their username."""

from django.test import TestCase

from research.core.formatting import name_of
from research.councils.actions.councils import ResolveConflict
from research.councils.scoring import conflict_record
from research.models import Review
from tests.factories import (
    OfficeStaffFactory,
    PersonFactory,
    PersonWithLoginFactory,
    UserFactory,
    proposal_in_review,
)


class NameTests(TestCase):
    def test_a_person_by_their_record_an_account_by_its_full_name(self):
        person = PersonWithLoginFactory(full_name="Nguyễn Thị Hải Yến")
        self.assertIn("Nguyễn Thị Hải Yến", name_of(person.user))
        self.assertNotIn(person.user.username, name_of(person.user))
        account = UserFactory(username="quantri", first_name="Quản trị hệ thống", last_name="")
        self.assertEqual(name_of(account), "Quản trị hệ thống")
        self.assertEqual(name_of(None), "")

    def test_a_resolved_conflict_names_who_resolved_it(self):
        office = OfficeStaffFactory(username="phongnckh", first_name="", last_name="")
        PersonFactory(user=office, full_name="Nguyễn Thị Hải Yến")
        proposal = proposal_in_review(office=office)
        review = Review.objects.filter(proposal=proposal).first()
        Review.objects.filter(pk=review.pk).update(conflict_flags=["same_unit"])
        review.refresh_from_db()
        ResolveConflict(review, user=office, resolution="Không cùng nhóm.").execute()
        record = conflict_record(Review.objects.get(pk=review.pk))
        self.assertIn("Nguyễn Thị Hải Yến", record["resolved_by"])
        self.assertNotIn("phongnckh", record["resolved_by"])


class HistoryLabelTests(TestCase):
    """Issue 23, item 2: a topic's (or proposal's) history shows labels, not “None → 3”."""

    def test_a_score_sheet_saved_reads_as_words(self):
        from django.utils import translation
        from wagtail.models import ModelLogEntry

        from research.councils.actions.councils import SaveScoreSheet

        proposal = proposal_in_review()
        review = Review.objects.filter(proposal=proposal).select_related("member__person").first()
        criteria = list(proposal.rubric.criteria.all())
        first = criteria[0]
        second = next(c for c in criteria[1:] if c.allow_not_applicable)
        SaveScoreSheet(
            review, {first.pk: (3, False), second.pk: (None, True)}, user=review.member.person.user
        ).execute()
        entry = ModelLogEntry.objects.filter(action="research.review.scores").latest("pk")
        with translation.override("vi"):
            message = str(entry.message)
        self.assertIn(f"{first.title}: chưa chấm → 3", message)
        self.assertIn("Không áp dụng", message)
        self.assertNotIn("None", message)
        self.assertNotIn("N/A", message)

    def test_the_minutes_name_roles_in_the_readers_language(self):
        """A decision frozen while the office used English still reads “Chủ tịch” in Vietnamese."""
        from django.template.loader import render_to_string
        from django.utils import translation

        summary = {
            "kind": "selection",
            "sheets": [{"name": "TS. Lê Văn Bình", "role": "Chair", "role_code": "chair"}],
        }
        with translation.override("vi"):
            html = render_to_string("research/workspace/_aggregate.html", {"summary": summary})
        self.assertIn("Chủ tịch", html)
        self.assertNotIn(">Chair<", html)

    def test_minutes_frozen_before_the_role_code_was_kept_read_in_vietnamese_too(self):
        from research.templatetags.research_tags import council_role

        with translation_vi():
            self.assertEqual(council_role("Chair"), "Chủ tịch")
            self.assertEqual(council_role("secretary"), "Thư ký khoa học")
            self.assertEqual(council_role("Khách mời"), "Khách mời")


def translation_vi():
    from django.utils import translation

    return translation.override("vi")
