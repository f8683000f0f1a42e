from django.utils.translation import gettext as _

from research.core.choices import AcademicTitle, Degree, PersonKind, UnitKind
from research.core.names import parse_name
from research.core.people import Person, Unit
from research.imports import cells
from research.imports.kinds.base import Column, Kind, RowError, text_key
from research.imports.models import ImportKind


class UnitKindImport(Kind):
    code = ImportKind.UNITS
    model = Unit
    sheet_title = "Đơn vị"
    columns = [
        Column("Tên đơn vị", required=True, example="Khoa Xây dựng Đảng"),
        Column("Tên viết tắt", example="XDĐ"),
        Column("Loại đơn vị", cells.choice(UnitKind), True, UnitKind, UnitKind.FACULTY),
        Column("Thứ tự", cells.integer, example=2),
    ]

    def plan(self, values):
        name = values["Tên đơn vị"]
        unit = self.context.units.get(text_key(name)) or Unit()
        plan = self.compare(
            unit,
            {
                "name": name,
                "short_name": values["Tên viết tắt"],
                "kind": values["Loại đơn vị"],
                "sort_order": values["Thứ tự"] or 0,
            },
        )
        self.context.units[text_key(name)] = unit
        return plan


class PersonKindImport(Kind):
    code = ImportKind.PEOPLE
    model = Person
    sheet_title = "Nhân sự"
    columns = [
        Column("Họ và tên", required=True, example="TS. Võ Thị Mai Lan"),
        Column("Loại", cells.choice(PersonKind), choices=PersonKind, example=PersonKind.LECTURER),
        Column("Học hàm", cells.choice(AcademicTitle), choices=AcademicTitle),
        Column("Học vị", cells.choice(Degree), choices=Degree, example=Degree.DOCTOR),
        Column("Đơn vị", example="Khoa Xây dựng Đảng", note="units"),
        Column("Cơ quan (người ngoài trường)"),
        Column("Email", example="vtmlan@truongchinhtri.quangtri.gov.vn"),
        Column("Ngày vào trường", cells.date, example="01/09/2010"),
        Column("Ngày rời trường", cells.date),
    ]

    def plan(self, values):
        full_name, prefixes = parse_name(values["Họ và tên"])
        kind = values["Loại"] or PersonKind.LECTURER
        email = values["Email"].lower()
        person = self.context.person_by_email.get(email) if email else None
        if person is None:
            person = self.context.match_person(values["Họ và tên"], create=False) or Person()
        outside = kind == PersonKind.OUTSIDE
        wanted = {
            "full_name": full_name,
            "kind": kind,
            "academic_title": values["Học hàm"] or prefixes.get("academic_title", ""),
            "degree": values["Học vị"] or prefixes.get("degree", ""),
            "unit": None if outside else self.guarded(self.unit, values["Đơn vị"], False),
            "affiliation": values["Cơ quan (người ngoài trường)"],
            "email": email or person.email,
            "joined_on": values["Ngày vào trường"],
            "left_on": values["Ngày rời trường"],
        }
        if outside and values["Đơn vị"]:
            self.fault(_("An outside researcher does not belong to a unit."))
        if wanted["joined_on"] and wanted["left_on"] and wanted["left_on"] < wanted["joined_on"]:
            self.fault(_("The end date cannot be before the start date."))
        if self.faults:
            raise RowError()
        new = person.pk is None
        plan = self.compare(person, wanted)
        if new:
            person.given_name = full_name.split()[-1] if full_name.split() else ""
            self.context.people.add(person)
        return plan
