"""The kinds of records the import reads: their sheet, columns and how a row becomes a record.

Column headers are the file format, the same in every language of the interface (like a CSV
schema): the school's spreadsheets are Vietnamese. Each kind turns a row into a `Plan` — a new
record, an update of an existing one, or nothing to change — without writing anything.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from research.formatting import ascii_slug
from research.models import (
    AcademicTitle,
    BulletinIssue,
    ClosingKind,
    ClosingRecord,
    Degree,
    EventKind,
    EventLevel,
    Fieldwork,
    FundingLine,
    FundingSource,
    ImportKind,
    LegalBasis,
    OrderingBody,
    Output,
    OutputAuthor,
    OutputKind,
    Person,
    PersonKind,
    ResearchField,
    SchoolRole,
    ScientificEvent,
    TeamRole,
    Topic,
    TopicGrade,
    TopicLevel,
    TopicMember,
    TopicOrigin,
    TopicStatus,
    Unit,
    UnitKind,
)
from research.models.outputs import work_keys
from research.models.topics import CLOSED_FROM, EVALUATED_STATUSES, PASSING_GRADES

from . import cells
from .names import parse_name

# The day the 2025 regime took over (domain.md §3): an imported topic without a legal basis
# started before it is under the 2013 regime.
REGIME_2025_FROM = (2025, 10, 1)
LIST_SEPARATOR = "; "


class RowError(ValueError):
    """A row that cannot be imported: every reason found, translated; `str()` is them all, one
    per line."""

    def __init__(self, *messages):
        self.messages = [str(message) for message in messages]
        super().__init__("\n".join(self.messages))


class Ambiguous(Exception):
    """A written name matches several people; the office chooses."""

    def __init__(self, written, candidates):
        super().__init__(written)
        self.written, self.candidates = written, candidates


class ClosedFrom(models.TextChoices):
    """The outcomes a closed topic may have been closed after, as the template's list offers."""

    ACCEPTED = TopicStatus.ACCEPTED.value, TopicStatus.ACCEPTED.label
    FAILED = TopicStatus.FAILED.value, TopicStatus.FAILED.label
    TERMINATED = TopicStatus.TERMINATED.value, TopicStatus.TERMINATED.label


assert set(ClosedFrom.values) == set(CLOSED_FROM)

# The step of the admin that makes each move of the lifecycle (research/actions/).
LIFECYCLE_STEPS = {
    TopicStatus.IN_PROGRESS: gettext_lazy("Change status"),
    TopicStatus.WITHDRAWN: gettext_lazy("Change status"),
    TopicStatus.EXTENDED: gettext_lazy("Decide a change request"),
    TopicStatus.SELF_EVALUATED: gettext_lazy("Self-evaluation"),
    TopicStatus.UNDER_EVALUATION: gettext_lazy("Assign the acceptance council"),
    TopicStatus.ACCEPTED: gettext_lazy("Record the council's meeting and decision"),
    TopicStatus.FAILED: gettext_lazy("Record the council's meeting and decision"),
    TopicStatus.TERMINATED: gettext_lazy("Terminate the topic"),
    TopicStatus.CLOSED: gettext_lazy("Close the topic"),
}


@dataclass
class Column:
    header: str
    read: object = cells.text
    required: bool = False
    choices: type | None = None  # a TextChoices class: the template offers its labels as a list
    example: object = ""
    note: str = ""


@dataclass
class Plan:
    status: str  # "new", "update" or "unchanged"
    instance: object
    fields: list = field(default_factory=list)  # what an update changes
    children: dict = field(default_factory=dict)  # relation name → unsaved rows replacing it
    m2m: dict = field(default_factory=dict)  # many-to-many name → people


def current(instance, name):
    """A field's value as stored; a related record by its id, without loading it."""
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname)


def key_of(value):
    return value.pk if hasattr(value, "_meta") else value


def text_key(value):
    return " ".join(str(value or "").casefold().split())


def people_list(value):
    return [part for part in (p.strip() for p in cells.text(value).split(";")) if part]


class Kind:
    code = None
    model = None
    sheet_title = ""
    columns = []
    fields = []  # model fields a row sets
    children = {}  # relation name → model of the rows a record owns
    has_pages = False  # its records may have public pages (made after they are written)

    def __init__(self, context):
        self.context = context
        self.load()

    def load(self):
        """Read once what the rows are matched against."""

    def read(self, row):
        """({header: value}, faults): every column read, a fault for each that cannot be (its
        value is then None), so that the preview lists all of a row's faults at once."""
        values, faults = {}, []
        for column in self.all_columns():
            raw = row.values.get(column.header)
            try:
                value = column.read(raw)
            except cells.CellError as error:
                faults.append(f"{column.header}: {error}")
                value = None
            else:
                if column.required and value in (None, "", []):
                    faults.append(
                        _("%(column)s: this column is required.") % {"column": column.header}
                    )
                    value = None
            values[column.header] = value
        return values, faults

    def plan_row(self, row):
        """The row's plan, or RowError with every fault of the row: its cells' and its rules'."""
        self.row_number = row.number
        values, faults = self.read(row)
        self.faults = faults
        try:
            plan = self.plan(values)
        except RowError as error:
            faults.extend(error.messages)
        except Ambiguous:
            if not faults:
                raise
        except (TypeError, AttributeError, IndexError, KeyError) as error:
            if not faults:  # a rule tripped on a value that could not be read: faults say why
                raise
            del error
        if faults:
            raise RowError(*dict.fromkeys(faults))
        return plan

    def fault(self, message):
        """A fault that does not stop the row's other checks."""
        self.faults.append(str(message))

    def guarded(self, reader, *args):
        """A reader's value, its RowError a fault among the row's others."""
        try:
            return reader(*args)
        except RowError as error:
            self.faults.extend(error.messages)
            return None

    def all_columns(self):
        return self.columns

    def compare(self, instance, wanted, children=None, m2m=None):
        """A plan to create `instance` (no pk) or to change it to the `wanted` field values."""
        children, m2m = children or {}, m2m or {}
        if id(instance) in self.context.planned:
            raise RowError(_("This record appears twice in the file."))
        self.context.planned.add(id(instance))
        if instance.pk is None:
            for name, value in wanted.items():
                setattr(instance, name, value)
            return Plan("new", instance, children=children, m2m=m2m)
        changed = [
            name for name, value in wanted.items() if current(instance, name) != key_of(value)
        ]
        changed_children = {
            name: rows
            for name, rows in children.items()
            if self.child_signature(name, rows) != self.existing_signature(instance, name)
        }
        changed_m2m = {
            name: people
            for name, people in m2m.items()
            if sorted(p.pk or 0 for p in people) != sorted(self.existing_m2m(instance, name))
        }
        if not (changed or changed_children or changed_m2m):
            return Plan("unchanged", instance)
        for name in changed:
            setattr(instance, name, wanted[name])
        return Plan("update", instance, changed, changed_children, changed_m2m)

    def child_signature(self, name, rows):
        raise NotImplementedError

    def existing_signature(self, instance, name):
        raise NotImplementedError

    def existing_m2m(self, instance, name):
        return []

    # shared readers of the context
    def unit(self, written, required=True):
        if not written:
            if required:
                raise RowError(_("The unit is required."))
            return None
        found = self.context.units.get(text_key(written))
        if found is None:
            raise RowError(
                _("There is no unit “%(name)s”; import the units first or add it in the admin.")
                % {"name": written}
            )
        return found

    def reference(self, model, written, label):
        if not written:
            return None
        found = self.context.reference(model).get(text_key(written))
        if found is None:
            raise RowError(
                _("“%(name)s” is not in the list of %(list)s; add it in the admin first.")
                % {"name": written, "list": label}
            )
        return found


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


class TopicKindImport(Kind):
    has_pages = True
    code = ImportKind.TOPICS
    model = Topic
    sheet_title = "Đề tài"
    children = {
        "members": TopicMember,
        "funding_lines": FundingLine,
        "closing_records": ClosingRecord,
    }
    columns = [
        Column("Mã số", required=True, example="QT-2021-02"),
        Column(
            "Tên đề tài",
            required=True,
            example="Nâng cao chất lượng sinh hoạt chi bộ ở các xã biên giới tỉnh Quảng Trị",
        ),
        Column("Tên tiếng Anh"),
        Column("Tóm tắt"),
        Column("Từ khóa", cells.keywords, example="sinh hoạt chi bộ; phòng, chống tham nhũng"),
        Column("Cấp", cells.choice(TopicLevel), True, TopicLevel, TopicLevel.PROVINCIAL),
        Column("Nguồn gốc", cells.choice(TopicOrigin), True, TopicOrigin, TopicOrigin.ORDERED),
        Column("Cơ quan đặt hàng", example="Tỉnh ủy Quảng Trị", note="ordering_bodies"),
        Column(
            "Vai trò của trường",
            cells.choice(SchoolRole),
            choices=SchoolRole,
            example=SchoolRole.LEAD,
        ),
        Column(
            "Cơ sở pháp lý",
            cells.choice(LegalBasis),
            choices=LegalBasis,
            example=LegalBasis.REGIME_2013,
        ),
        Column("Lĩnh vực", note="fields"),
        Column("Đơn vị chủ trì", required=True, example="Khoa Xây dựng Đảng", note="units"),
        Column("Ngày bắt đầu", cells.date, True, example="01/03/2021"),
        Column("Ngày kết thúc", cells.date, True, example="28/02/2022"),
        Column("Số hợp đồng", example="12/HĐ-SKHCN"),
        Column("Ngày hợp đồng", cells.date, example="15/03/2021"),
        Column("Trạng thái", cells.choice(TopicStatus), True, TopicStatus, TopicStatus.ACCEPTED),
        Column(
            "Đóng sau kết quả",
            cells.choice(ClosedFrom),
            choices=ClosedFrom,
        ),
        Column("Ngày nghiệm thu", cells.date_or_year, example="20/04/2022"),
        Column("Xếp loại", cells.choice(TopicGrade), choices=TopicGrade, example=TopicGrade.GOOD),
        Column("Chủ nhiệm", required=True, example="TS. Võ Thị Mai Lan"),
        Column("Thư ký", example="ThS. Lê Văn Hoà"),
        Column(
            "Thành viên",
            example="CN. Trần Thị Thuỷ; PGS.TS. Nguyễn Văn An (Học viện Chính trị khu vực III)",
        ),
        Column("Số QĐ công nhận kết quả", example="45-QĐ/TCT"),
        Column("Ngày QĐ công nhận", cells.date, example="10/05/2022"),
        Column("Số biên bản thanh lý", example="12/BB-TL"),
        Column("Ngày thanh lý", cells.date, example="30/06/2022"),
        Column("Công khai", cells.yes_no, example="Có"),
    ]
    # The closing documents a topic row may name: (kind, number column, date column).
    closing_columns = [
        (ClosingKind.RECOGNITION, "Số QĐ công nhận kết quả", "Ngày QĐ công nhận"),
        (ClosingKind.CLOSEOUT, "Số biên bản thanh lý", "Ngày thanh lý"),
    ]

    def load(self):
        self.by_code = {t.code: t for t in Topic.objects.all()}
        self.members = {}
        for topic_id, person_id, role in TopicMember.objects.order_by(
            "topic_id", "sort_order", "pk"
        ).values_list("topic_id", "person_id", "role"):
            self.members.setdefault(topic_id, []).append((person_id, role))
        self.funding = {}
        for topic_id, source_id, amount in FundingLine.objects.values_list(
            "topic_id", "source_id", "approved_amount"
        ):
            key = (topic_id, source_id)
            self.funding[key] = self.funding.get(key, 0) + amount
        self.sources = list(FundingSource.objects.all())

    def funding_header(self, source):
        return f"Kinh phí: {source.name}"

    def all_columns(self):
        return [
            *self.columns,
            *(
                Column(self.funding_header(s), cells.amount, example=150_000_000 if i == 0 else "")
                for i, s in enumerate(self.sources)
            ),
        ]

    def plan(self, values):
        code = values["Mã số"]
        if code and code in self.context.seen_codes:
            self.fault(_("The code %(code)s appears twice in the file.") % {"code": code})
        self.context.seen_codes.add(code)
        start, end = values["Ngày bắt đầu"], values["Ngày kết thúc"]
        if start and end and end < start:
            self.fault(_("The end date cannot be before the start date."))
        origin, status, grade = values["Nguồn gốc"], values["Trạng thái"], values["Xếp loại"] or ""
        body = self.guarded(
            self.reference, OrderingBody, values["Cơ quan đặt hàng"], _("ordering bodies")
        )
        if origin == TopicOrigin.ORDERED and body is None and not values["Cơ quan đặt hàng"]:
            self.fault(_("A topic ordered by the province needs its ordering body."))
        closed_from = values["Đóng sau kết quả"] or ""
        if status == TopicStatus.CLOSED and not closed_from:
            closed_from = (
                TopicStatus.ACCEPTED
                if grade in PASSING_GRADES
                else TopicStatus.FAILED
                if grade == TopicGrade.FAIL
                else ""
            )
            if not closed_from:
                self.fault(
                    _(
                        "A closed topic needs the outcome it was closed after (column “Đóng sau kết quả”), or its grade."
                    )
                )
        elif status != TopicStatus.CLOSED and closed_from:
            self.fault(_("Only a closed topic has an outcome it was closed after."))
        outcome = closed_from if status == TopicStatus.CLOSED else status
        if outcome == TopicStatus.FAILED and not grade:
            grade = TopicGrade.FAIL
        if grade and outcome not in EVALUATED_STATUSES:
            self.fault(_("Only an evaluated topic has a grade."))
        if outcome == TopicStatus.ACCEPTED and grade not in PASSING_GRADES:
            self.fault(_("An accepted topic needs a passing grade."))
        if outcome == TopicStatus.FAILED and grade != TopicGrade.FAIL:
            self.fault(_("A topic that failed its acceptance has the grade “Không đạt”."))
        accepted_on = values["Ngày nghiệm thu"]
        if outcome == TopicStatus.ACCEPTED and accepted_on is None:
            self.fault(
                _("An accepted topic needs its acceptance date, or at least its year (e.g. 2019).")
            )
        if accepted_on and start and accepted_on.year < start.year:
            self.fault(_("The acceptance cannot be before the topic started."))
        legal_basis = values["Cơ sở pháp lý"] or (
            LegalBasis.REGIME_2013
            if start and (start.year, start.month, start.day) < REGIME_2025_FROM
            else LegalBasis.REGIME_2025
        )
        evaluated = outcome in EVALUATED_STATUSES
        wanted = {
            "code": code,
            "title": values["Tên đề tài"],
            "title_en": values["Tên tiếng Anh"],
            "summary": values["Tóm tắt"],
            "keyword_list": values["Từ khóa"],
            "level": values["Cấp"],
            "origin": origin,
            "ordering_body": body,
            "school_role": values["Vai trò của trường"] or SchoolRole.LEAD,
            "legal_basis": legal_basis,
            "field": self.guarded(
                self.reference, ResearchField, values["Lĩnh vực"], _("research fields")
            ),
            "unit": self.guarded(self.unit, values["Đơn vị chủ trì"]),
            "planned_start": start,
            "planned_end": end,
            "contract_number": values["Số hợp đồng"],
            "contract_date": values["Ngày hợp đồng"],
            "status": status,
            "closed_from": closed_from if status == TopicStatus.CLOSED else "",
            "accepted_on": accepted_on if evaluated else None,
            "accepted_year_only": evaluated and isinstance(accepted_on, cells.YearOnly),
            "grade": grade,
            "is_public": values["Công khai"] is not False,
        }
        team = [(values["Chủ nhiệm"], TeamRole.PRINCIPAL)] if values["Chủ nhiệm"] else []
        team += [(name, TeamRole.SECRETARY) for name in people_list(values["Thư ký"])]
        team += [(name, TeamRole.MEMBER) for name in people_list(values["Thành viên"])]
        members, seen = [], set()
        for order, (written, role) in enumerate(team):
            person = self.context.match_person(written)
            if id(person) in seen:
                self.fault(_("A person appears only once in a team."))
            seen.add(id(person))
            members.append(TopicMember(person=person, role=role, sort_order=order))
        funding = [
            FundingLine(
                source=source, approved_amount=values[self.funding_header(source)], sort_order=order
            )
            for order, source in enumerate(self.sources)
            if values[self.funding_header(source)]
        ]
        topic = self.by_code.get(code) or Topic()
        children = {"members": members, "funding_lines": funding}
        closing = self.closing_records(values, outcome)
        if topic.pk:
            self.keep_lifecycle(topic, wanted)
        elif closing:
            children["closing_records"] = closing  # an existing topic's are kept in the admin
        if self.faults:
            raise RowError()
        return self.compare(topic, wanted, children)

    def closing_records(self, values, outcome):
        """The closing documents the archive knows (number and date), for a topic that ended."""
        records = []
        for kind, number_column, date_column in self.closing_columns:
            number, signed_on = values[number_column], values[date_column]
            if not (number or signed_on):
                continue
            if not (number and signed_on):
                self.fault(
                    _("%(number)s and %(date)s go together: write both or neither.")
                    % {"number": number_column, "date": date_column}
                )
            elif outcome not in CLOSED_FROM:
                self.fault(
                    _("%(column)s: only a topic that was accepted, failed or terminated has it.")
                    % {"column": number_column}
                )
            else:
                records.append(ClosingRecord(kind=kind, number=number, signed_on=signed_on))
        return records

    def keep_lifecycle(self, topic, wanted):
        """The import never moves an existing topic through its lifecycle: a different status,
        outcome, grade or acceptance date is refused, naming the step that makes that move."""
        lifecycle = ["status", "closed_from", "grade", "accepted_on", "accepted_year_only"]
        if all(current(topic, name) == wanted[name] for name in lifecycle):
            return
        if wanted["status"] != topic.status:
            self.fault(
                _(
                    "The topic is “%(now)s” in the portal and “%(file)s” in the file: the import does not change a topic's status. Use “%(step)s” on the topic's page in the admin."
                )
                % {
                    "now": TopicStatus(topic.status).label,
                    "file": TopicStatus(wanted["status"]).label,
                    "step": LIFECYCLE_STEPS.get(wanted["status"], _("Change status")),
                }
            )
        else:
            self.fault(
                _(
                    "The file changes the outcome, grade or acceptance date of a topic already in the portal: the import does not; they are recorded by “%(step)s” on the topic's page in the admin."
                )
                % {"step": LIFECYCLE_STEPS[TopicStatus.ACCEPTED]}
            )
        for name in lifecycle:
            wanted[name] = current(topic, name)

    def child_signature(self, name, rows):
        if name == "members":
            return [(row.person.pk, row.role) for row in rows]
        return {row.source.pk: row.approved_amount for row in rows}

    def existing_signature(self, instance, name):
        if name == "members":
            return self.members.get(instance.pk, [])
        return {
            source.pk: self.funding[(instance.pk, source.pk)]
            for source in self.sources
            if (instance.pk, source.pk) in self.funding
        }


class OutputKindImport(Kind):
    has_pages = True
    code = ImportKind.OUTPUTS
    model = Output
    sheet_title = "Sản phẩm"
    children = {"authors": OutputAuthor}
    columns = [
        Column(
            "Loại sản phẩm", cells.choice(OutputKind), True, OutputKind, OutputKind.JOURNAL_ARTICLE
        ),
        Column("Tên sản phẩm", required=True, example="Đổi mới sinh hoạt chi bộ ở vùng biên giới"),
        Column("Tác giả", people_list, True, example="TS. Võ Thị Mai Lan; ThS. Lê Văn Hoà"),
        Column("Ngày công bố", cells.date, True, example="15/06/2022"),
        Column("Tóm tắt"),
        Column("Từ khóa", cells.keywords, example="sinh hoạt chi bộ; biên giới"),
        Column("Mã đề tài", example="QT-2021-02"),
        Column("Tạp chí, kỷ yếu hoặc nơi công bố", example="Tạp chí Lý luận chính trị"),
        Column("Tập"),
        Column("Số", example="6"),
        Column("Trang", example="45-52"),
        Column("ISSN", example="2525-2585"),
        Column("ISBN"),
        Column("Nhà xuất bản"),
        Column("Liên kết"),
        Column("Hội thảo của trường"),
        Column("Số bản tin", example=""),
        Column("Công khai", cells.yes_no, example="Có"),
    ]

    def load(self):
        self.topics = {code: pk for pk, code in Topic.objects.values_list("pk", "code")}
        self.authors = {}
        for output_id, person_id in OutputAuthor.objects.order_by(
            "output_id", "sort_order", "pk"
        ).values_list("output_id", "person_id"):
            self.authors.setdefault(output_id, []).append(person_id)
        self.by_key, self.by_work, self.in_file = {}, {}, {}
        for output in Output.objects.all():
            first = self.authors.get(output.pk, [None])[0]
            self.by_key[(text_key(output.title), output.published_on.year, first)] = output
            for work_key in work_keys(output):
                self.by_work.setdefault(work_key, output)
        self.events = {text_key(e.title): e for e in ScientificEvent.objects.all()}
        self.issues = {(i.number, i.year): i for i in BulletinIssue.objects.all()}

    def plan(self, values):
        authors = [self.context.match_person(name) for name in values["Tác giả"] or []]
        if len({id(a) for a in authors}) != len(authors):
            self.fault(_("A person appears only once among the authors."))
        published_on = values["Ngày công bố"]
        first = authors[0].pk if authors else None
        key = (text_key(values["Tên sản phẩm"]), published_on.year if published_on else None, first)
        topic_id = None
        if code := values["Mã đề tài"]:
            topic_id = self.topics.get(code)
            if topic_id is None:
                self.fault(
                    _("There is no topic with the code %(code)s; import the topics first.")
                    % {"code": code}
                )
        event = None
        if title := values["Hội thảo của trường"]:
            event = self.events.get(text_key(title))
            if event is None:
                self.fault(
                    _("There is no scientific event “%(title)s”; import the events first.")
                    % {"title": title}
                )
        issue = None
        if written := values["Số bản tin"]:
            number, _slash, year = written.partition("/")
            issue = (
                self.issues.get((int(number), int(year)))
                if number.isdigit() and year.isdigit()
                else None
            )
            if issue is None:
                self.fault(
                    _("There is no bulletin issue “%(issue)s” (write number/year, e.g. 2/2023).")
                    % {"issue": written}
                )
        for column, validator in (("ISSN", "issn"), ("ISBN", "isbn")):
            if values[column]:
                try:
                    Output._meta.get_field(validator).run_validators(values[column])
                except Exception as error:  # a ValidationError with its translated message
                    self.fault(f"{column}: {' '.join(error.messages)}")
        wanted = {
            "kind": values["Loại sản phẩm"],
            "title": values["Tên sản phẩm"],
            "published_on": published_on,
            "abstract": values["Tóm tắt"],
            "keyword_list": values["Từ khóa"],
            "topic_id": topic_id,
            "venue": values["Tạp chí, kỷ yếu hoặc nơi công bố"],
            "volume": values["Tập"],
            "issue": values["Số"],
            "pages": values["Trang"],
            "issn": values["ISSN"],
            "isbn": values["ISBN"],
            "publisher": values["Nhà xuất bản"],
            "url": values["Liên kết"],
            "event": event,
            "bulletin_issue": issue,
            "is_public": values["Công khai"] is not False,
        }
        # The same work (DOI, ISBN, or folded title + year + venue: `work_keys`, the rule
        # declarations follow too) is one record, whoever entered it and however often the file
        # names it.
        keys = work_keys(Output(**{k: v for k, v in wanted.items() if k != "topic_id"}))
        earlier = next((self.in_file[k] for k in keys if k in self.in_file), None)
        if earlier is not None:
            self.fault(
                _(
                    "The same output as row %(row)s of this file (same DOI, ISBN, or title, year "
                    "and venue): write all its authors in one row."
                )
                % {"row": earlier}
            )
        if self.faults:
            raise RowError()
        for work_key in keys:
            self.in_file[work_key] = self.row_number
        same = self.by_key.get(key) if first else None
        merged = False
        if same is None:
            same = next((self.by_work[k] for k in keys if k in self.by_work), None)
            merged = same is not None
        output = same or Output()
        rows = [OutputAuthor(person=person) for person in authors]
        if merged:
            # Merged into the record already there: its authors (and their confirmations) stay,
            # the file's others are added after them.
            kept = list(output.authors.select_related("person").order_by("sort_order", "pk"))
            known = {row.person_id for row in kept}
            rows = [
                OutputAuthor(person=row.person, confirmed_at=row.confirmed_at) for row in kept
            ] + [row for row in rows if row.person.pk is None or row.person.pk not in known]
        for order, row in enumerate(rows):
            row.sort_order = order
        return self.compare(output, wanted, {"authors": rows})

    def child_signature(self, name, rows):
        return [row.person.pk for row in rows]

    def existing_signature(self, instance, name):
        return self.authors.get(instance.pk, [])


class EventKindImport(Kind):
    has_pages = True
    code = ImportKind.EVENTS
    model = ScientificEvent
    sheet_title = "Hội thảo"
    columns = [
        Column(
            "Tên hội thảo",
            required=True,
            example="Hội thảo khoa học “Công tác dân vận ở vùng đồng bào dân tộc thiểu số”",
        ),
        Column(
            "Hình thức", cells.choice(EventKind), choices=EventKind, example=EventKind.CONFERENCE
        ),
        Column("Cấp", cells.choice(EventLevel), True, EventLevel, EventLevel.PROVINCIAL),
        Column("Ngày tổ chức", cells.date, True, example="12/11/2022"),
        Column("Đơn vị tổ chức", required=True, example="Khoa Xây dựng Đảng", note="units"),
        Column("Đơn vị phối hợp", example="Ban Dân vận Tỉnh ủy"),
        Column("Số bài", cells.integer, example=24),
    ]

    def load(self):
        self.by_key = {(text_key(e.title), e.held_on): e for e in ScientificEvent.objects.all()}

    def plan(self, values):
        key = (text_key(values["Tên hội thảo"]), values["Ngày tổ chức"])
        event = self.by_key.get(key) or ScientificEvent()
        plan = self.compare(
            event,
            {
                "title": values["Tên hội thảo"],
                "kind": values["Hình thức"] or EventKind.CONFERENCE,
                "level": values["Cấp"],
                "held_on": values["Ngày tổ chức"],
                "unit": self.unit(values["Đơn vị tổ chức"]),
                "co_organisers": values["Đơn vị phối hợp"],
                "paper_count": values["Số bài"] or 0,
            },
        )
        self.by_key[key] = event
        return plan


class BulletinKindImport(Kind):
    has_pages = True
    code = ImportKind.BULLETIN
    model = BulletinIssue
    sheet_title = "Bản tin"
    columns = [
        Column("Số", cells.integer, True, example=2),
        Column("Năm", cells.year, True, example=2023),
        Column("Ngày phát hành", cells.date, True, example="30/06/2023"),
    ]

    def load(self):
        self.by_key = {(i.number, i.year): i for i in BulletinIssue.objects.all()}

    def plan(self, values):
        key = (values["Số"], values["Năm"])
        if key in self.context.seen_outputs:
            raise RowError(_("This issue number already exists for that year."))
        self.context.seen_outputs.add(key)
        issue = self.by_key.get(key) or BulletinIssue()
        return self.compare(
            issue,
            {
                "number": values["Số"],
                "year": values["Năm"],
                "published_on": values["Ngày phát hành"],
            },
        )


class FieldworkKindImport(Kind):
    code = ImportKind.FIELDWORK
    model = Fieldwork
    sheet_title = "Thực tế"
    columns = [
        Column("Địa điểm", required=True, example="Huyện Hướng Hóa, tỉnh Quảng Trị"),
        Column("Từ ngày", cells.date, True, example="10/05/2023"),
        Column("Đến ngày", cells.date, True, example="20/05/2023"),
        Column("Giảng viên", people_list, True, example="TS. Võ Thị Mai Lan; ThS. Lê Văn Hoà"),
    ]

    def load(self):
        self.by_key = {(text_key(f.place), f.started_on): f for f in Fieldwork.objects.all()}
        self.lecturers = {}
        for fieldwork_id, person_id in Fieldwork.lecturers.through.objects.values_list(
            "fieldwork_id", "person_id"
        ):
            self.lecturers.setdefault(fieldwork_id, []).append(person_id)

    def plan(self, values):
        if values["Từ ngày"] and values["Đến ngày"] and values["Đến ngày"] < values["Từ ngày"]:
            self.fault(_("The end date cannot be before the start date."))
        people = []
        for written in values["Giảng viên"] or []:
            person = self.context.match_person(written, create=False)
            if person is None:
                self.fault(
                    _("“%(name)s” is not a person of the school; import the people first.")
                    % {"name": written}
                )
            people.append(person)
        if self.faults:
            raise RowError()
        key = (text_key(values["Địa điểm"]), values["Từ ngày"])
        fieldwork = self.by_key.get(key) or Fieldwork()
        return self.compare(
            fieldwork,
            {
                "place": values["Địa điểm"],
                "started_on": values["Từ ngày"],
                "ended_on": values["Đến ngày"],
            },
            m2m={"lecturers": people},
        )

    def existing_m2m(self, instance, name):
        return self.lecturers.get(instance.pk, [])


class ReferenceKindImport(Kind):
    """A reference list (ordering bodies, funding sources, research fields): matched by name,
    or by short name or code; the topic rows that name them are imported after them."""

    fields = {"Tên": "name", "Tên tiếng Anh": "name_en", "Thứ tự": "sort_order"}

    def load(self):
        self.found = self.context.reference(self.model)

    def plan(self, values):
        name = values["Tên"]
        key = text_key(name)
        if key in self.context.seen_codes:
            self.fault(_("This name appears twice in the file."))
        self.context.seen_codes.add(key)
        wanted = {field: values[header] for header, field in self.fields.items()}
        wanted["sort_order"] = wanted["sort_order"] or 0
        record = self.found.get(key) or self.match_other(values) or self.model()
        self.guarded(self.extra, record, values, wanted)
        if self.faults:
            raise RowError()
        plan = self.compare(record, wanted)
        self.found[key] = record
        return plan

    def match_other(self, values):
        return None

    def extra(self, record, values, wanted):
        pass


REFERENCE_COLUMNS = [
    Column("Tên", required=True),
    Column("Tên tiếng Anh"),
    Column("Thứ tự", cells.integer, example=1),
]


class OrderingBodyKindImport(ReferenceKindImport):
    code = ImportKind.ORDERING_BODIES
    model = OrderingBody
    sheet_title = "Cơ quan đặt hàng"
    columns = [
        Column("Tên", required=True, example="Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        Column("Tên viết tắt", example="BTGDV"),
        *REFERENCE_COLUMNS[1:],
    ]
    fields = {**ReferenceKindImport.fields, "Tên viết tắt": "short_name"}


class FundingSourceKindImport(ReferenceKindImport):
    code = ImportKind.FUNDING_SOURCES
    model = FundingSource
    sheet_title = "Nguồn kinh phí"
    columns = [
        Column("Tên", required=True, example="Ngân sách sự nghiệp khoa học tỉnh"),
        Column("Mã", example="ngan-sach-tinh"),
        *REFERENCE_COLUMNS[1:],
    ]

    def match_other(self, values):
        code = values["Mã"] or ascii_slug(values["Tên"], 30)
        return FundingSource.objects.filter(code=code).first()

    def extra(self, record, values, wanted):
        code = values["Mã"] or record.code or ascii_slug(values["Tên"], 30)
        if not code:
            raise RowError(_("Mã: write a short code in Latin letters, e.g. ngan-sach-tinh."))
        wanted["code"] = code


class ResearchFieldKindImport(ReferenceKindImport):
    code = ImportKind.RESEARCH_FIELDS
    model = ResearchField
    sheet_title = "Lĩnh vực"
    columns = [Column("Tên", required=True, example="Xây dựng Đảng"), *REFERENCE_COLUMNS[1:]]


KINDS = {
    kind.code: kind
    for kind in (
        OrderingBodyKindImport,
        FundingSourceKindImport,
        ResearchFieldKindImport,
        UnitKindImport,
        PersonKindImport,
        TopicKindImport,
        OutputKindImport,
        EventKindImport,
        BulletinKindImport,
        FieldworkKindImport,
    )
}
