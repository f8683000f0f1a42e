"""What the built-in templates say, kind by kind: the title, the summary line and the body, in
Vietnamese with docxtpl fields (docs/documents.md). The format (heading, number, signature) is
added by `builtin.py`; the office may replace any of them with its own .docx."""

from research.documents.models import DocumentKind as K

from .submission import SPECS as SUBMISSION_SPECS

# The deciding authority is the head's, also when a deputy signs on the head's behalf (K/T, KT.).
AUTHORITY = ("c", "{{ issuer.head_title }} {{ issuer.name }}")
# The grounds from the highest text down: law, decree (a circular where cited), the school's rules.
LAW_AND_DECREE = [("p", "Căn cứ {{ regime.law }};"), ("p", "Căn cứ {{ regime.decree }};")]
SCHOOL_RULES = (
    "p",
    "Căn cứ chức năng, nhiệm vụ và quy chế quản lý hoạt động khoa học của "
    "{{ issuer.name_in_text }};",
)
BASES = [*LAW_AND_DECREE, SCHOOL_RULES]
PROPOSAL_OFFICE = ("p", "Xét đề nghị của Trưởng {{ issuer.office_name }},")
DECIDES = ("c", "QUYẾT ĐỊNH:")
MEMBERS_TABLE = (
    "table",
    ["TT", "Họ và tên", "Đơn vị công tác", "Nhiệm vụ trong Hội đồng"],
    "m in council.members",
    ["{{ m.index }}", "{{ m.name }}", "{{ m.affiliation }}", "{{ m.role }}"],
    (1.1, 5.0, 6.4, 4.0),
)
SHEETS_TABLE = (
    "table",
    ["TT", "Thành viên", "Nhiệm vụ", "Dự họp", "Điểm", "{{ result.vote_heading }}"],
    "s in result.sheets",
    [
        "{{ s.index }}",
        "{{ s.name }}",
        "{{ s.role }}",
        "{{ s.present }}",
        "{{ s.score }}",
        "{{ s.vote }}",
    ],
    (1.1, 5.0, 3.4, 1.9, 1.6, 3.5),
)
MEETING_LINES = [
    ("p", "Thời gian: {{ meeting.time }}, {{ meeting.weekday }}, {{ meeting.date_words }}."),
    ("p", "Địa điểm: {{ meeting.venue }}."),
]
SUBJECT_LINE = (
    "p",
    "{% if is_topic %}Đề tài{% else %}Đề xuất{% endif %}: “{{ subject.title }}”, mã số "
    "{{ subject.code }}{% if subject.principal %}; chủ nhiệm: {{ subject.principal }} "
    "({{ subject.principal_unit }}){% endif %}.",
)
# What the council does, in its regime's words: “nghiệm thu đề tài” (2013) or “đánh giá kết quả
# thực hiện đề tài” (2025), never “đánh giá kết quả kết quả”.
COUNCIL_TASK = (
    "{% if is_topic %}{{ regime.acceptance_task }}{% else %}"
    "{{ regime.selection }}{% endif %} đề tài khoa học {{ subject.level_lower }}"
)
COUNCIL_NAME = (
    "{% if is_topic %}{{ regime.acceptance_council }}{% else %}{{ regime.selection_council }}"
    "{% endif %}"
)

SPECS = {
    K.COUNCIL_DECISION: {
        "title": "QUYẾT ĐỊNH",
        "summary": "Về việc thành lập "
        + COUNCIL_NAME
        + " đề tài khoa học {{ subject.level_lower }}",
        "signature": "issuer",
        "body": [
            AUTHORITY,
            *BASES,
            PROPOSAL_OFFICE,
            DECIDES,
            (
                "p",
                "Điều 1. Thành lập {{ council.name }} ("
                + COUNCIL_NAME
                + ") để "
                + COUNCIL_TASK
                + " “{{ subject.title }}”, mã số {{ subject.code }}, gồm các ông (bà) có tên sau:",
            ),
            MEMBERS_TABLE,
            (
                "p",
                "Điều 2. Hội đồng làm việc theo quy định hiện hành"
                "{% if meeting.date %}, họp vào lúc {{ meeting.time }}, {{ meeting.weekday }}, "
                "{{ meeting.date_words }} tại {{ meeting.venue }}{% endif %}. "
                "Hội đồng tự giải thể sau khi hoàn thành nhiệm vụ.",
            ),
            (
                "p",
                "Điều 3. {{ issuer.office_name }}{% if subject.principal %}, chủ nhiệm đề tài"
                "{% endif %} và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
                "định này./.",
            ),
        ],
    },
    K.INVITATION: {
        "title": "GIẤY MỜI",
        "summary": "Họp {{ council.name }}",
        "signature": "issuer",
        "body": [
            (
                "p",
                "{{ issuer.name_in_text }} trân trọng kính mời các thành viên {{ council.name }} (danh "
                "sách kèm theo) tới dự phiên họp " + COUNCIL_TASK + ":",
            ),
            SUBJECT_LINE,
            *MEETING_LINES,
            ("if", "meeting.reviews_due"),
            (
                "p",
                "Đề nghị các thành viên nghiên cứu hồ sơ và hoàn thành phiếu đánh giá trước "
                "ngày {{ meeting.reviews_due }}.",
            ),
            ("endif",),
            MEMBERS_TABLE,
            ("p", "Rất mong các đồng chí tham dự đúng thời gian./."),
        ],
    },
    K.MINUTES: {
        "title": "BIÊN BẢN",
        "summary": "Họp " + COUNCIL_NAME + " đề tài khoa học {{ subject.level_lower }}",
        "signature": "council",
        "body": [
            *MEETING_LINES,
            SUBJECT_LINE,
            ("p", "Hồ sơ phiên bản {{ result.round }}. Hội đồng: {{ council.name }}."),
            (
                "p",
                "Số thành viên Hội đồng: {{ result.members }}; có mặt: {{ result.present }}; "
                "vắng mặt: {{ result.absent }}.{% if result.quorum_met %} Hội đồng đủ điều kiện "
                "làm việc theo quy định.{% endif %}",
            ),
            SHEETS_TABLE,
            (
                "p",
                "Điểm trung bình: {{ result.mean }}/{{ result.max_total }}. Số phiếu "
                "{{ result.vote_for_label }}: {{ result.votes_for }}/{{ result.voters }}.",
            ),
            ("p", "Kết luận của Hội đồng: {{ result.outcome }}."),
            ("if", "result.note"),
            ("p", "Ý kiến của Hội đồng: {{ result.note }}"),
            ("endif",),
            ("p", "Biên bản kết thúc vào ngày {{ result.recorded }}./."),
        ],
    },
    K.SELECTION_DECISION: {
        "title": "QUYẾT ĐỊNH",
        "summary": "Phê duyệt danh mục đề tài khoa học {{ subject.level_lower }} "
        "{{ regime.selected }} năm {{ subject.plan_year }}",
        "signature": "issuer",
        "body": [
            AUTHORITY,
            *BASES,
            (
                "p",
                "Căn cứ kết quả họp {{ regime.selection_council }}{% if meeting.date %} ngày "
                "{{ meeting.date }}{% endif %};",
            ),
            PROPOSAL_OFFICE,
            DECIDES,
            (
                "p",
                "Điều 1. Phê duyệt danh mục {{ topics|length }} đề tài khoa học "
                "{{ subject.level_lower }} {{ regime.selected }} năm {{ subject.plan_year }} như sau:",
            ),
            (
                "table",
                [
                    "TT",
                    "Mã số",
                    "Tên đề tài",
                    "Chủ nhiệm",
                    "Đơn vị",
                    "Thời gian (tháng)",
                    "Kinh phí",
                ],
                "t in topics",
                [
                    "{{ t.index }}",
                    "{{ t.code }}",
                    "{{ t.title }}",
                    "{{ t.principal }}",
                    "{{ t.unit }}",
                    "{{ t.months }}",
                    "{{ t.budget }}",
                ],
                (1.0, 2.0, 4.6, 2.9, 2.6, 1.5, 2.6),
            ),
            (
                "p",
                "Điều 2. Giao {{ issuer.office_name }} ký hợp đồng thực hiện và theo dõi, "
                "kiểm tra, {{ regime.acceptance }} các đề tài theo quy định.",
            ),
            (
                "p",
                "Điều 3. {{ issuer.office_name }}, các đơn vị và chủ nhiệm đề tài có tên tại "
                "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
            ),
        ],
    },
    K.CONTRACT: {
        "title": "HỢP ĐỒNG",
        "summary": "Thực hiện nhiệm vụ khoa học và công nghệ",
        "signature": "parties",
        "body": [
            ("p", "Căn cứ {{ regime.law }};"),
            ("p", "Căn cứ {{ regime.decree }};"),
            ("p", "Căn cứ Bộ luật Dân sự số 91/2015/QH13;"),
            ("p", "Hôm nay, {{ date_words }}, tại {{ issuer.name_in_text }}, chúng tôi gồm:"),
            ("p", "Bên đặt hàng (Bên A): {{ party_a }}."),
            (
                "p",
                "Bên nhận đặt hàng (Bên B): {{ subject.principal }}, {{ subject.principal_unit }}, "
                "chủ nhiệm đề tài.",
            ),
            ("p", "Hai bên thỏa thuận ký Hợp đồng thực hiện nhiệm vụ với các điều khoản sau:"),
            (
                "p",
                "Điều 1. Bên A giao, Bên B nhận thực hiện đề tài khoa học {{ subject.level_lower }} "
                "“{{ subject.title }}”, mã số {{ subject.code }}, theo thuyết minh đã được phê duyệt.",
            ),
            (
                "p",
                "Điều 2. Thời gian thực hiện: {{ subject.months }} tháng, từ ngày "
                "{{ subject.start }} đến ngày {{ subject.end }}.",
            ),
            ("p", "Điều 3. Tổng kinh phí thực hiện: {{ funding.approved }}, gồm:"),
            (
                "table",
                ["TT", "Nguồn kinh phí", "Kinh phí được duyệt"],
                "f in funding.rows",
                ["{{ f.index }}", "{{ f.source }}", "{{ f.approved }}"],
                (1.1, 10.0, 5.4),
            ),
            ("p", "Điều 4. Sản phẩm của đề tài:"),
            (
                "table",
                ["TT", "Sản phẩm", "Số lượng", "Yêu cầu"],
                "o in subject.outputs",
                ["{{ o.index }}", "{{ o.kind }}", "{{ o.count }}", "{{ o.note }}"],
                (1.1, 5.5, 2.0, 7.9),
            ),
            (
                "p",
                "Điều 5. Kết quả thực hiện đề tài được {{ regime.acceptance }} theo "
                "{{ regime.circular }} và quy định của {{ issuer.name_in_text }}; sau khi được "
                "công nhận, "
                "Bên B đăng ký, lưu giữ kết quả và quyết toán kinh phí theo quy định.",
            ),
            (
                "p",
                "Điều 6. Hợp đồng có hiệu lực từ ngày ký và được lập thành 04 bản có giá trị "
                "như nhau, mỗi bên giữ 02 bản./.",
            ),
        ],
    },
    K.ACCEPTANCE_RECORD: {
        "title": "BIÊN BẢN",
        "summary": "Họp {{ regime.acceptance_council }} đề tài khoa học {{ subject.level_lower }}",
        "signature": "council",
        "body": [
            *MEETING_LINES,
            SUBJECT_LINE,
            (
                "p",
                "Hội đồng: {{ council.name }}. Số thành viên: {{ result.members }}; có mặt: "
                "{{ result.present }}; vắng mặt: {{ result.absent }}.{% if result.quorum_met %} Hội "
                "đồng đủ điều kiện làm việc theo quy định.{% endif %}",
            ),
            SHEETS_TABLE,
            ("p", "Điểm trung bình: {{ result.mean }}/{{ result.max_total }}."),
            ("p", "Xếp loại: {{ result.grade }}."),
            ("if", "result.note"),
            ("p", "Kết luận, kiến nghị của Hội đồng: {{ result.note }}"),
            ("endif",),
            ("p", "Biên bản kết thúc vào ngày {{ result.recorded }}./."),
        ],
    },
    K.RECOGNITION_DECISION: {
        "title": "QUYẾT ĐỊNH",
        "summary": "Công nhận kết quả thực hiện đề tài khoa học {{ subject.level_lower }}",
        "signature": "issuer",
        "body": [
            AUTHORITY,
            *LAW_AND_DECREE,
            ("p", "Căn cứ {{ regime.circular }};"),
            SCHOOL_RULES,
            (
                "p",
                "Căn cứ biên bản họp {{ regime.acceptance_council }} đề tài"
                "{% if subject.accepted_on %} ngày {{ subject.accepted_on }}{% endif %};",
            ),
            PROPOSAL_OFFICE,
            DECIDES,
            (
                "p",
                "Điều 1. Công nhận kết quả thực hiện đề tài khoa học {{ subject.level_lower }} "
                "“{{ subject.title }}”, mã số {{ subject.code }}, do {{ subject.principal }} làm chủ "
                "nhiệm, đã được {{ regime.acceptance }} với kết quả xếp loại: {{ subject.grade }}.",
            ),
            (
                "p",
                "Điều 2. Chủ nhiệm đề tài có trách nhiệm hoàn thiện hồ sơ, đăng ký, lưu giữ kết "
                "quả và quyết toán kinh phí theo quy định.",
            ),
            (
                "p",
                "Điều 3. {{ issuer.office_name }}, chủ nhiệm đề tài và các đơn vị liên quan chịu "
                "trách nhiệm thi hành Quyết định này./.",
            ),
        ],
    },
    K.CLOSEOUT: {
        "title": "BIÊN BẢN",
        "summary": "Thanh lý hợp đồng và quyết toán kinh phí thực hiện nhiệm vụ khoa học",
        "signature": "parties",
        "body": [
            (
                "p",
                "Căn cứ Hợp đồng thực hiện nhiệm vụ số {{ subject.contract_number }}"
                "{% if subject.contract_date %} ngày {{ subject.contract_date }}{% endif %};",
            ),
            ("if", "closing.recognition.number"),
            (
                "p",
                "Căn cứ Quyết định công nhận kết quả số {{ closing.recognition.number }} ngày "
                "{{ closing.recognition.date }};",
            ),
            ("endif",),
            (
                "p",
                "Hôm nay, {{ date_words }}, tại {{ issuer.name_in_text }}, chúng tôi gồm: "
                "Bên A: {{ party_a }}; Bên B: "
                "{{ subject.principal }}, chủ nhiệm đề tài “{{ subject.title }}”, mã số "
                "{{ subject.code }}.",
            ),
            (
                "p",
                "Điều 1. Kết quả thực hiện đề tài: {{ subject.outcome }}"
                "{% if subject.grade %}, xếp loại {{ subject.grade }}{% endif %}.",
            ),
            ("p", "Điều 2. Kinh phí của đề tài:"),
            (
                "table",
                ["TT", "Nguồn kinh phí", "Được duyệt", "Đã cấp", "Quyết toán"],
                "f in funding.rows",
                [
                    "{{ f.index }}",
                    "{{ f.source }}",
                    "{{ f.approved }}",
                    "{{ f.disbursed }}",
                    "{{ f.settled }}",
                ],
                (1.1, 4.6, 3.6, 3.6, 3.6),
            ),
            (
                "p",
                "Tổng kinh phí được duyệt: {{ funding.approved }}; đã cấp: {{ funding.disbursed }}; "
                "quyết toán: {{ funding.settled }}; kinh phí chưa sử dụng phải hoàn trả: "
                "{{ funding.unspent }}.",
            ),
            (
                "p",
                "Điều 3. Hai bên thống nhất thanh lý Hợp đồng. Biên bản được lập thành 04 bản có "
                "giá trị như nhau, mỗi bên giữ 02 bản./.",
            ),
        ],
    },
    K.REGISTRATION: {
        "title": "GIẤY ĐỀ NGHỊ",
        "summary": "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
        "signature": "issuer",
        "body": [
            ("to", "Kính gửi: {{ issuer.science_agency }}."),
            (
                "p",
                "Căn cứ {{ regime.law }} và {{ regime.decree }}, {{ issuer.name_in_text }} đề nghị "
                "đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ sau:",
            ),
            ("p", "1. Tên nhiệm vụ: {{ subject.title }}."),
            ("p", "2. Mã số: {{ subject.code }}; cấp quản lý: {{ subject.level }}."),
            (
                "p",
                "3. Tổ chức chủ trì: {{ issuer.name_in_text }}; chủ nhiệm: {{ subject.principal }}.",
            ),
            (
                "p",
                "4. Thời gian thực hiện: từ ngày {{ subject.start }} đến ngày {{ subject.end }}; "
                "tổng kinh phí: {{ funding.approved }}.",
            ),
            (
                "p",
                "5. {{ regime.result_label }}: xếp loại {{ subject.grade }}"
                "{% if closing.recognition.number %}; Quyết định công nhận số "
                "{{ closing.recognition.number }} ngày {{ closing.recognition.date }}{% endif %}.",
            ),
            ("p", "6. Sản phẩm:"),
            (
                "table",
                ["TT", "Sản phẩm", "Số lượng"],
                "o in subject.outputs",
                ["{{ o.index }}", "{{ o.kind }}", "{{ o.count }}"],
                (1.1, 12.4, 3.0),
            ),
            (
                "p",
                "Hồ sơ gửi kèm: báo cáo tổng hợp, báo cáo tóm tắt kết quả và các sản phẩm của "
                "nhiệm vụ./.",
            ),
        ],
    },
    K.RESEARCH_PLAN: {
        "title": "KẾ HOẠCH",
        "summary": "Nghiên cứu khoa học {{ plan.period_words }}",
        "signature": "issuer",
        "body": [
            (
                "p",
                "Căn cứ Quy định số 11-QĐ/TW ngày 19/5/2021 của Ban Bí thư Trung ương Đảng về "
                "trường chính trị chuẩn;",
            ),
            (
                "p",
                "Căn cứ chức năng, nhiệm vụ và quy chế quản lý hoạt động khoa học của "
                "{{ issuer.name_in_text }};",
            ),
            (
                "p",
                "{{ issuer.name_in_text }} xây dựng Kế hoạch nghiên cứu khoa học "
                "{{ plan.period_words }} như sau:",
            ),
            ("p", "I. MỤC ĐÍCH, YÊU CẦU"),
            ("if", "plan.purpose"),
            ("p", "{{ plan.purpose }}"),
            ("endif",),
            (
                "p",
                "Xây dựng và thực hiện kế hoạch nghiên cứu khoa học đáp ứng tiêu chí 4 (hoạt động "
                "nghiên cứu khoa học, tổng kết thực tiễn) của trường chính trị chuẩn, "
                "{{ plan.aim }} vào năm {{ plan.last_year }}.",
            ),
            ("p", "II. CHỈ TIÊU"),
            (
                "table",
                ["TT", "Chỉ tiêu", "Đơn vị tính", "Mức 1", "Mức 2", "Chỉ tiêu từng năm"],
                "t in plan.targets",
                [
                    "{{ t.index }}",
                    "{{ t.name }}",
                    "{{ t.unit }}",
                    "{{ t.level1 }}",
                    "{{ t.level2 }}",
                    "{{ t.years }}",
                ],
                (1.1, 5.6, 2.0, 1.5, 1.5, 4.8),
            ),
            ("p", "III. ĐỀ TÀI KHOA HỌC DỰ KIẾN"),
            (
                "table",
                ["TT", "Năm", "Cấp đề tài", "Hình thức", "Đơn vị", "Số đề tài"],
                "d in plan.topics",
                [
                    "{{ d.index }}",
                    "{{ d.year }}",
                    "{{ d.level }}",
                    "{{ d.origin }}",
                    "{{ d.unit }}",
                    "{{ d.count }}",
                ],
                (1.1, 1.6, 3.0, 4.0, 4.8, 2.0),
            ),
            ("p", "IV. KINH PHÍ DỰ KIẾN"),
            (
                "table",
                ["TT", "Năm", "Nguồn kinh phí", "Kinh phí"],
                "b in plan.budget",
                ["{{ b.index }}", "{{ b.year }}", "{{ b.source }}", "{{ b.amount }}"],
                (1.1, 1.8, 8.6, 5.0),
            ),
            ("p", "Tổng kinh phí dự kiến: {{ plan.budget_total }}."),
            ("p", "V. TỔ CHỨC THỰC HIỆN"),
            ("if", "plan.organisation"),
            ("p", "{{ plan.organisation }}"),
            ("endif",),
            (
                "p",
                "{{ issuer.office_name }} theo dõi việc thực hiện Kế hoạch, sơ kết hằng năm và "
                "báo cáo Ban Giám hiệu; đề xuất với tỉnh đặt hàng, giao nhiệm vụ và bố trí kinh "
                "phí thực hiện các đề tài theo Kế hoạch./.",
            ),
        ],
    },
}
# The proposal list to the province: its tờ trình and its công văn (submission.py).
SPECS |= SUBMISSION_SPECS
