from django.utils.translation import gettext as _

from research.core.formatting import ascii_slug
from research.core.reference import FundingSource, OrderingBody, ResearchField
from research.imports import cells
from research.imports.kinds.base import Column, Kind, RowError, text_key
from research.imports.models import ImportKind


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
