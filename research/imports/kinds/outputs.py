from django.utils.translation import gettext as _

from research.core.choices import EventKind, EventLevel, OutputKind
from research.imports import cells
from research.imports.kinds.base import Column, Kind, RowError, people_list, text_key
from research.imports.models import ImportKind
from research.outputs.models.outputs import Output, OutputAuthor, work_keys
from research.outputs.models.records import BulletinIssue, Fieldwork, ScientificEvent
from research.topics.models.topics import Topic


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
