"""Names sort the Vietnamese way: by the given name, then the rest, in the Vietnamese alphabet
(a ă â b c d đ e ê …), tones only after the letters — in Python (research/collation.py) and in
the database (Person.sort_key), wherever a list of people is ordered."""

import csv
import importlib
import io

from django.apps import apps
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from research.core.collation import name_key, name_sort_key, sort_people, split_name
from research.models import Person, TeamRole
from tests.factories import OfficeStaffFactory, PersonFactory, ProposalFactory

GIVEN_NAMES = ["Dũng", "Em", "Yên", "Ánh", "Đức"]
VIETNAMESE_ORDER = ["Ánh", "Dũng", "Đức", "Em", "Yên"]
# Three people named An, ordered by the rest of their names.
SHARED = ["Trần Văn An", "Nguyễn An", "Lê Thị An"]
SHARED_ORDER = ["Lê Thị An", "Nguyễn An", "Trần Văn An"]


class CollationTests(SimpleTestCase):
    def test_given_names_sort_in_vietnamese_order(self):
        self.assertEqual(sorted(GIVEN_NAMES, key=name_key), VIETNAMESE_ORDER)
        # Code-point order, the defect: Dũng, Em, Yên, Ánh, Đức.
        self.assertNotEqual(sorted(GIVEN_NAMES), VIETNAMESE_ORDER)

    def test_the_alphabet_has_its_own_letters(self):
        letters = ["An", "Ăn", "Ân", "Bé", "Dư", "Đa", "Em", "Êm", "Ổn", "Ơn", "Ung", "Ưng"]
        self.assertEqual(sorted(reversed(letters), key=name_key), letters)

    def test_tones_count_only_after_the_letters(self):
        # Anh, Ánh, Ảnh differ only by tone: together, before Ao (n before o).
        names = ["Ao", "Ảnh", "Anh", "Ánh", "An"]
        ordered = sorted(names, key=name_key)
        self.assertEqual(ordered[0], "An")
        self.assertEqual(set(ordered[1:4]), {"Anh", "Ánh", "Ảnh"})
        self.assertEqual(ordered[1], "Anh")
        self.assertEqual(ordered[4], "Ao")

    def test_full_names_sort_by_given_name_then_the_rest(self):
        names = ["Nguyễn Văn Dũng", "Phạm Thị Em", "Hoàng Yên", "Võ Ánh", "Lê Đức", *SHARED]
        self.assertEqual(
            sorted(names, key=name_key),
            [*SHARED_ORDER, "Võ Ánh", "Nguyễn Văn Dũng", "Lê Đức", "Phạm Thị Em", "Hoàng Yên"],
        )

    def test_the_stored_key_orders_as_the_python_key(self):
        names = [
            "Nguyễn Văn Dũng",
            "Trần Dung",
            "Phạm Thị Em",
            "Hoàng Yên",
            "Võ Ánh",
            "Lê Anh",
            "Lê Đức",
            "Bùi Ân",
            "Ông Ăn",
            "",
            "An",
            *SHARED,
        ]
        self.assertEqual(sorted(names, key=name_sort_key), sorted(names, key=name_key))
        self.assertTrue(all(set(name_sort_key(name)) <= set("0123456789abcdef") for name in names))

    def test_split_and_sort_helpers(self):
        self.assertEqual(split_name("  Nguyễn  Văn An "), ("An", "Nguyễn Văn"))
        self.assertEqual(split_name(""), ("", ""))
        people = [type("P", (), {"full_name": name}) for name in ["Trần Em", "Lê Ánh"]]
        self.assertEqual([p.full_name for p in sort_people(people)], ["Lê Ánh", "Trần Em"])


class PeopleOrderTests(TestCase):
    """The database orders people by their stored key, on SQLite and PostgreSQL alike."""

    @classmethod
    def setUpTestData(cls):
        for name in ["Nguyễn Văn Dũng", "Phạm Thị Em", "Hoàng Yên", "Võ Ánh", "Lê Đức", *SHARED]:
            PersonFactory(full_name=name)

    expected = [*SHARED_ORDER, "Võ Ánh", "Nguyễn Văn Dũng", "Lê Đức", "Phạm Thị Em", "Hoàng Yên"]

    def test_people_come_out_of_the_database_in_vietnamese_order(self):
        self.assertEqual(list(Person.objects.values_list("full_name", flat=True)), self.expected)

    def test_the_admin_list_and_its_export_follow_the_order(self):
        self.client.force_login(OfficeStaffFactory())
        listing = self.client.get(reverse("research_person:index"))
        names = [person.full_name for person in listing.context["object_list"]]
        self.assertEqual(names, self.expected)
        response = self.client.get(reverse("research_person:index"), {"export": "csv"})
        body = b"".join(response.streaming_content).decode("utf-8")
        rows = list(csv.reader(io.StringIO(body)))[1:]
        self.assertEqual([row[0] for row in rows], self.expected)

    def test_a_renamed_person_moves(self):
        person = Person.objects.get(full_name="Hoàng Yên")
        person.full_name = "Hoàng Anh"
        person.save(update_fields=["full_name"])
        person.refresh_from_db()
        self.assertEqual((person.given_name, person.sort_key), ("Anh", name_sort_key("Hoàng Anh")))
        self.assertEqual(Person.objects.values_list("full_name", flat=True)[3], "Hoàng Anh")

    def test_people_created_in_bulk_get_their_key(self):
        Person.objects.bulk_create([Person(full_name="Đinh Ánh"), Person(full_name="Mai Ăn")])
        self.assertEqual(
            Person.objects.get(full_name="Đinh Ánh").sort_key, name_sort_key("Đinh Ánh")
        )
        names = list(Person.objects.values_list("full_name", flat=True))
        self.assertLess(names.index("Đinh Ánh"), names.index("Mai Ăn"))
        self.assertLess(names.index("Mai Ăn"), names.index("Nguyễn Văn Dũng"))

    def test_the_data_migration_fills_the_people_already_recorded(self):
        Person.objects.update(sort_key="")
        migration = importlib.import_module("research.migrations.0065_people_sort_key")
        migration.fill_sort_keys(apps, None)
        self.assertEqual(list(Person.objects.values_list("full_name", flat=True)), self.expected)

    def test_a_team_lists_its_principal_then_the_rest_in_order(self):
        proposal = ProposalFactory(complete=True)
        for name in ["Phạm Thị Em", "Lê Đức", "Võ Ánh"]:
            proposal.members.create(person=Person.objects.get(full_name=name), role=TeamRole.MEMBER)
        team = proposal.team_people()
        self.assertEqual(team[0], proposal.principal)
        self.assertEqual(
            [person.full_name for person in team[1:]], ["Võ Ánh", "Lê Đức", "Phạm Thị Em"]
        )
