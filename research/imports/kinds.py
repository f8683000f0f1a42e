"""The kinds of records the import reads: their sheet, columns and how a row becomes a record.

Column headers are the file format, the same in every language of the interface (like a CSV
schema): the school's spreadsheets are Vietnamese. Each kind turns a row into a `Plan` — a new
record, an update of an existing one, or nothing to change — without writing anything.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from research.models import (
    AcademicTitle,
    BulletinIssue,
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
from research.models.topics import EVALUATED_STATUSES, PASSING_GRADES

from . import cells
from .names import parse_name

# The day the 2025 regime took over (domain.md §3): an imported topic without a legal basis
# started before it is under the 2013 regime.
REGIME_2025_FROM = (2025, 10, 1)
LIST_SEPARATOR = "; "


class RowError(ValueError):
    """A row that cannot be imported; `str()` is the translated reason."""


class Ambiguous(Exception):
    """A written name matches several people; the office chooses."""

    def __init__(self, written, candidates):
        super().__init__(written)
        self.written, self.candidates = written, candidates


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

    def __init__(self, context):
        self.context = context
        self.load()

    def load(self):
        """Read once what the rows are matched against."""

    def read(self, row):
        """{header: value} of a row, or RowError naming the first column that cannot be read."""
        values = {}
        for column in self.all_columns():
            raw = row.values.get(column.header)
            try:
                value = column.read(raw)
            except cells.CellError as error:
                raise RowError(f"{column.header}: {error}") from error
            if column.required and value in (None, "", []):
                raise RowError(
                    _("%(column)s: this column is required.") % {"column": column.header}
                )
            values[column.header] = value
        return values

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
            "unit": None if outside else self.unit(values["Đơn vị"], required=False),
            "affiliation": values["Cơ quan (người ngoài trường)"],
            "email": email or person.email,
            "joined_on": values["Ngày vào trường"],
            "left_on": values["Ngày rời trường"],
        }
        if outside and values["Đơn vị"]:
            raise RowError(_("An outside researcher does not belong to a unit."))
        if wanted["joined_on"] and wanted["left_on"] and wanted["left_on"] < wanted["joined_on"]:
            raise RowError(_("The end date cannot be before the start date."))
        new = person.pk is None
        plan = self.compare(person, wanted)
        if new:
            person.given_name = full_name.split()[-1] if full_name.split() else ""
            self.context.people.add(person)
        return plan


class TopicKindImport(Kind):
    code = ImportKind.TOPICS
    model = Topic
    sheet_title = "Đề tài"
    children = {"members": TopicMember, "funding_lines": FundingLine}
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
        Column("Ngày nghiệm thu", cells.date, example="20/04/2022"),
        Column("Xếp loại", cells.choice(TopicGrade), choices=TopicGrade, example=TopicGrade.GOOD),
        Column("Chủ nhiệm", required=True, example="TS. Võ Thị Mai Lan"),
        Column("Thư ký", example="ThS. Lê Văn Hoà"),
        Column(
            "Thành viên",
            example="CN. Trần Thị Thuỷ; PGS.TS. Nguyễn Văn An (Học viện Chính trị khu vực III)",
        ),
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
        if code in self.context.seen_codes:
            raise RowError(_("The code %(code)s appears twice in the file.") % {"code": code})
        self.context.seen_codes.add(code)
        start, end = values["Ngày bắt đầu"], values["Ngày kết thúc"]
        if end < start:
            raise RowError(_("The end date cannot be before the start date."))
        origin, status, grade = values["Nguồn gốc"], values["Trạng thái"], values["Xếp loại"] or ""
        body = self.reference(OrderingBody, values["Cơ quan đặt hàng"], _("ordering bodies"))
        if origin == TopicOrigin.ORDERED and body is None:
            raise RowError(_("A topic ordered by the province needs its ordering body."))
        if status == TopicStatus.FAILED and not grade:
            grade = TopicGrade.FAIL
        if grade and status not in EVALUATED_STATUSES:
            raise RowError(_("Only an evaluated topic has a grade."))
        if status == TopicStatus.ACCEPTED and grade not in PASSING_GRADES:
            raise RowError(_("An accepted topic needs a passing grade."))
        accepted_on = values["Ngày nghiệm thu"]
        if status == TopicStatus.ACCEPTED and accepted_on is None:
            raise RowError(_("An accepted topic needs its acceptance date."))
        legal_basis = values["Cơ sở pháp lý"] or (
            LegalBasis.REGIME_2013
            if (start.year, start.month, start.day) < REGIME_2025_FROM
            else LegalBasis.REGIME_2025
        )
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
            "field": self.reference(ResearchField, values["Lĩnh vực"], _("research fields")),
            "unit": self.unit(values["Đơn vị chủ trì"]),
            "planned_start": start,
            "planned_end": end,
            "contract_number": values["Số hợp đồng"],
            "contract_date": values["Ngày hợp đồng"],
            "status": status,
            "accepted_on": accepted_on if status == TopicStatus.ACCEPTED else None,
            "grade": grade,
        }
        team = [(values["Chủ nhiệm"], TeamRole.PRINCIPAL)]
        team += [(name, TeamRole.SECRETARY) for name in people_list(values["Thư ký"])]
        team += [(name, TeamRole.MEMBER) for name in people_list(values["Thành viên"])]
        members, seen = [], set()
        for order, (written, role) in enumerate(team):
            person = self.context.match_person(written)
            if id(person) in seen:
                raise RowError(_("A person appears only once in a team."))
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
        return self.compare(topic, wanted, {"members": members, "funding_lines": funding})

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
        self.by_key = {}
        for output in Output.objects.all():
            first = self.authors.get(output.pk, [None])[0]
            self.by_key[(text_key(output.title), output.published_on.year, first)] = output
        self.events = {text_key(e.title): e for e in ScientificEvent.objects.all()}
        self.issues = {(i.number, i.year): i for i in BulletinIssue.objects.all()}

    def plan(self, values):
        authors = [self.context.match_person(name) for name in values["Tác giả"]]
        if len({id(a) for a in authors}) != len(authors):
            raise RowError(_("A person appears only once among the authors."))
        published_on = values["Ngày công bố"]
        key = (text_key(values["Tên sản phẩm"]), published_on.year, authors[0].pk)
        if authors[0].pk and key in self.context.seen_outputs:
            raise RowError(
                _("This output (title, year and first author) appears twice in the file.")
            )
        self.context.seen_outputs.add(key)
        topic_id = None
        if code := values["Mã đề tài"]:
            topic_id = self.topics.get(code)
            if topic_id is None:
                raise RowError(
                    _("There is no topic with the code %(code)s; import the topics first.")
                    % {"code": code}
                )
        event = None
        if title := values["Hội thảo của trường"]:
            event = self.events.get(text_key(title))
            if event is None:
                raise RowError(
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
                raise RowError(
                    _("There is no bulletin issue “%(issue)s” (write number/year, e.g. 2/2023).")
                    % {"issue": written}
                )
        for column, validator in (("ISSN", "issn"), ("ISBN", "isbn")):
            if values[column]:
                try:
                    Output._meta.get_field(validator).run_validators(values[column])
                except Exception as error:  # a ValidationError with its translated message
                    raise RowError(f"{column}: {' '.join(error.messages)}") from error
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
        output = (self.by_key.get(key) if authors[0].pk else None) or Output()
        rows = [
            OutputAuthor(person=person, sort_order=order) for order, person in enumerate(authors)
        ]
        return self.compare(output, wanted, {"authors": rows})

    def child_signature(self, name, rows):
        return [row.person.pk for row in rows]

    def existing_signature(self, instance, name):
        return self.authors.get(instance.pk, [])


class EventKindImport(Kind):
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
        if values["Đến ngày"] < values["Từ ngày"]:
            raise RowError(_("The end date cannot be before the start date."))
        people = []
        for written in values["Giảng viên"]:
            person = self.context.match_person(written, create=False)
            if person is None:
                raise RowError(
                    _("“%(name)s” is not a person of the school; import the people first.")
                    % {"name": written}
                )
            people.append(person)
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


KINDS = {
    kind.code: kind
    for kind in (
        UnitKindImport,
        PersonKindImport,
        TopicKindImport,
        OutputKindImport,
        EventKindImport,
        BulletinKindImport,
        FieldworkKindImport,
    )
}
