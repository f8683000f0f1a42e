from django.utils.translation import gettext as _

from research.closing.models import ClosingKind, ClosingRecord
from research.core.choices import (
    LegalBasis,
    SchoolRole,
    TeamRole,
    TopicGrade,
    TopicLevel,
    TopicOrigin,
    TopicStatus,
)
from research.core.reference import FundingSource, OrderingBody, ResearchField
from research.imports import cells
from research.imports.kinds.base import (
    LIFECYCLE_STEPS,
    REGIME_2025_FROM,
    ClosedFrom,
    Column,
    Kind,
    RowError,
    current,
    people_list,
)
from research.imports.models import ImportKind
from research.topics.models.funding import FundingLine
from research.topics.models.topics import (
    CLOSED_FROM,
    EVALUATED_STATUSES,
    PASSING_GRADES,
    Topic,
    TopicMember,
)


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
