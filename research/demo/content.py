"""Realistic Vietnamese demo content for Trường Chính trị Lê Duẩn (Quảng Trị)."""

UNITS = [
    ("Ban Giám hiệu", "BGH", "board"),
    ("Khoa Lý luận cơ sở", "K.LLCS", "faculty"),
    ("Khoa Xây dựng Đảng", "K.XDĐ", "faculty"),
    ("Khoa Nhà nước và pháp luật", "K.NN&PL", "faculty"),
    ("Khoa Dân vận", "K.DV", "faculty"),
    ("Phòng Quản lý đào tạo và nghiên cứu khoa học", "P.QLĐT&NCKH", "office"),
    ("Phòng Tổ chức, hành chính, thông tin, tư liệu", "P.TCHC", "office"),
]

# (full name, academic title, degree, unit short name, e-mail local part)
LECTURERS = [
    ("Nguyễn Văn Hùng", "pgs", "ts", "BGH", "nvhung"),
    ("Trần Thị Thu Hà", "", "ts", "BGH", "ttha"),
    ("Lê Quang Minh", "", "ts", "K.LLCS", "lqminh"),
    ("Phạm Thị Hồng Nhung", "", "ths", "K.LLCS", "pthnhung"),
    ("Hoàng Đức Thắng", "", "ths", "K.LLCS", "hdthang"),
    ("Võ Thị Mai Lan", "", "ts", "K.XDĐ", "vtmlan"),
    ("Đặng Văn Lợi", "", "ths", "K.XDĐ", "dvloi"),
    ("Bùi Thị Thanh Tâm", "", "ths", "K.XDĐ", "btttam"),
    ("Ngô Minh Tuấn", "", "ts", "K.XDĐ", "nmtuan"),
    ("Đỗ Thị Phương Thảo", "", "ths", "K.NN&PL", "dtpthao"),
    ("Lương Văn Đạt", "", "ts", "K.NN&PL", "lvdat"),
    ("Trương Thị Kim Oanh", "", "ths", "K.NN&PL", "ttkoanh"),
    ("Phan Văn Quý", "", "ths", "K.DV", "pvquy"),
    ("Hồ Thị Bích Ngọc", "", "ths", "K.DV", "htbngoc"),
    ("Lê Văn Bình", "", "ts", "K.DV", "lvbinh"),
    ("Nguyễn Thị Hải Yến", "", "ths", "P.QLĐT&NCKH", "nthyen"),
    ("Trần Đình Khoa", "", "ths", "P.QLĐT&NCKH", "tdkhoa"),
    ("Dương Thị Lệ Thủy", "", "cn", "P.TCHC", "dtlthuy"),
    ("Cao Xuân Phong", "", "ths", "K.LLCS", "cxphong"),
    ("Mai Thị Ánh Tuyết", "", "ts", "K.XDĐ", "mtatuyet"),
]

OUTSIDE_PEOPLE = [
    ("Nguyễn Hữu Thành", "pgs", "ts", "Học viện Chính trị quốc gia Hồ Chí Minh"),
    ("Lê Thị Hương Giang", "", "ts", "Trường Đại học Khoa học, Đại học Huế"),
    ("Phạm Ngọc Sơn", "", "ths", "Sở Khoa học và Công nghệ tỉnh Quảng Trị"),
    ("Trần Văn Lâm", "", "ts", "Học viện Chính trị khu vực III"),
]

FIELDS = [
    "Xây dựng Đảng và chính quyền nhà nước",
    "Triết học và chủ nghĩa xã hội khoa học",
    "Kinh tế chính trị",
    "Nhà nước và pháp luật",
    "Dân vận và công tác dân tộc, tôn giáo",
    "Lịch sử Đảng và tư tưởng Hồ Chí Minh",
]

# (subject, field index, unit short name, two scopes: one for 2019–2022 topics, one for 2023–2026)
SUBJECTS = [
    (
        "Nâng cao chất lượng sinh hoạt chi bộ",
        0,
        "K.XDĐ",
        (
            "ở các đảng bộ xã, thị trấn tỉnh Quảng Trị",
            "ở các chi bộ thôn, bản miền núi tỉnh Quảng Trị hiện nay",
        ),
    ),
    (
        "Đổi mới công tác kiểm tra, giám sát của cấp ủy cơ sở",
        0,
        "K.XDĐ",
        ("trên địa bàn tỉnh Quảng Trị", "sau hợp nhất tỉnh Quảng Bình và Quảng Trị"),
    ),
    (
        "Xây dựng đội ngũ cán bộ chủ chốt cấp xã",
        0,
        "K.XDĐ",
        (
            "tỉnh Quảng Trị đáp ứng yêu cầu nhiệm vụ giai đoạn 2020–2025",
            "sau sắp xếp đơn vị hành chính ở tỉnh Quảng Trị",
        ),
    ),
    (
        "Phát triển đảng viên trong doanh nghiệp ngoài khu vực nhà nước",
        0,
        "K.XDĐ",
        ("ở tỉnh Quảng Trị", "tại Khu kinh tế Đông Nam Quảng Trị"),
    ),
    (
        "Công tác dân vận của chính quyền cấp xã",
        4,
        "K.DV",
        ("ở huyện Hướng Hóa, tỉnh Quảng Trị", "trong xây dựng nông thôn mới ở tỉnh Quảng Trị"),
    ),
    (
        "Thực hiện chính sách dân tộc đối với đồng bào Vân Kiều, Pa Kô",
        4,
        "K.DV",
        ("ở huyện Đakrông", "ở các xã biên giới tỉnh Quảng Trị giai đoạn 2021–2030"),
    ),
    (
        "Công tác vận động chức sắc, chức việc các tôn giáo",
        4,
        "K.DV",
        ("trên địa bàn tỉnh Quảng Trị", "ở vùng ven biển tỉnh Quảng Trị hiện nay"),
    ),
    (
        "Nâng cao hiệu quả cải cách thủ tục hành chính",
        3,
        "K.NN&PL",
        (
            "ở cấp huyện tỉnh Quảng Trị",
            "theo mô hình chính quyền địa phương hai cấp ở tỉnh Quảng Trị",
        ),
    ),
    (
        "Xây dựng chính quyền số",
        3,
        "K.NN&PL",
        ("ở cấp huyện tỉnh Quảng Trị", "ở cấp xã tỉnh Quảng Trị đến năm 2030"),
    ),
    (
        "Phổ biến, giáo dục pháp luật cho người dân",
        3,
        "K.NN&PL",
        (
            "vùng biên giới Việt – Lào tỉnh Quảng Trị",
            "vùng đồng bào dân tộc thiểu số tỉnh Quảng Trị",
        ),
    ),
    (
        "Vận dụng tư tưởng Hồ Chí Minh về đạo đức cách mạng",
        5,
        "K.LLCS",
        (
            "trong rèn luyện cán bộ, đảng viên ở tỉnh Quảng Trị",
            "trong giáo dục học viên lớp trung cấp lý luận chính trị",
        ),
    ),
    (
        "Giáo dục truyền thống lịch sử địa phương",
        5,
        "K.LLCS",
        (
            "trong đào tạo lý luận chính trị ở Trường Chính trị Lê Duẩn",
            "qua di tích Thành cổ Quảng Trị và đôi bờ Hiền Lương – Bến Hải",
        ),
    ),
    (
        "Phát triển kinh tế tập thể, hợp tác xã nông nghiệp",
        2,
        "K.LLCS",
        ("ở tỉnh Quảng Trị", "gắn với chuỗi giá trị nông sản ở tỉnh Quảng Trị"),
    ),
    (
        "Thu hút đầu tư",
        2,
        "K.LLCS",
        (
            "vào Khu kinh tế Đông Nam Quảng Trị",
            "vào các khu công nghiệp tỉnh Quảng Trị giai đoạn 2025–2030",
        ),
    ),
    (
        "Đổi mới phương pháp giảng dạy lý luận chính trị",
        1,
        "K.LLCS",
        (
            "theo hướng phát huy tính tích cực của học viên",
            "có ứng dụng công nghệ số ở Trường Chính trị Lê Duẩn",
        ),
    ),
    (
        "Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng",
        1,
        "K.XDĐ",
        ("ở tỉnh Quảng Trị", "của đội ngũ giảng viên trường chính trị tỉnh"),
    ),
    (
        "Đào tạo lý luận chính trị cho cán bộ hai tỉnh Savannakhet và Salavan (Lào)",
        1,
        "BGH",
        (
            "tại Trường Chính trị Lê Duẩn",
            "tại Trường Chính trị Lê Duẩn: thực trạng và giải pháp giai đoạn 2025–2030",
        ),
    ),
    (
        "Xây dựng Trường Chính trị Lê Duẩn",
        0,
        "BGH",
        (
            "đáp ứng yêu cầu đào tạo, bồi dưỡng cán bộ của tỉnh",
            "đạt chuẩn mức 2 theo Quy định 11-QĐ/TW",
        ),
    ),
    (
        "Nâng cao chất lượng bồi dưỡng cán bộ nữ",
        0,
        "K.DV",
        ("trong hệ thống chính trị tỉnh Quảng Trị", "tham gia cấp ủy cơ sở ở tỉnh Quảng Trị"),
    ),
    (
        "Phát huy vai trò của Mặt trận Tổ quốc trong giám sát và phản biện xã hội",
        4,
        "K.DV",
        ("ở tỉnh Quảng Trị", "ở cấp xã tỉnh Quảng Trị hiện nay"),
    ),
]

JOURNALS = [
    ("Tạp chí Cộng sản", "2734-9071"),
    ("Tạp chí Lý luận chính trị", "2525-2585"),
    ("Tạp chí Xây dựng Đảng", "2734-9942"),
    ("Tạp chí Quản lý nhà nước", "2354-0761"),
    ("Tạp chí Khoa học Chính trị", "1859-0187"),
]
BULLETIN = "Thông tin Lý luận và thực tiễn"
PUBLISHERS = [
    "Nhà xuất bản Chính trị quốc gia Sự thật",
    "Nhà xuất bản Lý luận chính trị",
    "Nhà xuất bản Đại học Huế",
]
EVENTS = [
    "Hội thảo khoa học cấp tỉnh “Vận dụng tư tưởng Lê Duẩn trong phát triển tỉnh Quảng Trị”",
    "Tọa đàm khoa học “Nâng cao chất lượng nghiên cứu khoa học của giảng viên”",
    "Hội thảo khoa học “Đổi mới đào tạo, bồi dưỡng cán bộ ở trường chính trị tỉnh”",
    "Hội thảo khoa học “Xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh”",
]

COUNCIL = (
    "Hội đồng Khoa học và Đào tạo Trường Chính trị Lê Duẩn",
    "125/QĐ-TCTLD",
    # (lecturer e-mail local part, role)
    [
        ("nvhung", "chair"),
        ("ttha", "vice_chair"),
        ("lqminh", "reviewer"),
        ("lvdat", "reviewer"),
        ("tdkhoa", "secretary"),
        ("lvbinh", "member"),
        ("nmtuan", "member"),
    ],
)

FIELDWORK_PLACES = ["Huyện Hướng Hóa", "Huyện Đakrông", "Huyện đảo Cồn Cỏ"]

ACCEPTANCE_COUNCIL = ("Hội đồng nghiệm thu đề tài khoa học cấp cơ sở", "126/QĐ-TCTLD")

# (title, keywords, urgency, objectives) of the demo proposals of the lecturer “giangvien”
PROPOSALS = [
    (
        "Nâng cao chất lượng bồi dưỡng lý luận chính trị cho đảng viên mới ở các xã biên giới tỉnh Quảng Trị",
        ["đảng viên mới", "bồi dưỡng", "biên giới"],
        "Sau sắp xếp đơn vị hành chính, số đảng viên mới ở các xã biên giới tăng nhưng chất lượng bồi dưỡng chưa đồng đều.",
        "Đánh giá thực trạng và đề xuất giải pháp nâng cao chất lượng bồi dưỡng lý luận chính trị cho đảng viên mới.",
    ),
    (
        "Ứng dụng chuyển đổi số trong quản lý đào tạo tại Trường Chính trị Lê Duẩn",
        ["chuyển đổi số", "quản lý đào tạo"],
        "Yêu cầu xây dựng trường chính trị chuẩn mức 2 đòi hỏi quản lý đào tạo trên nền tảng số.",
        "Đề xuất mô hình và lộ trình ứng dụng chuyển đổi số trong quản lý đào tạo của Nhà trường.",
    ),
]

# Example thresholds (level 1, level 2) for the seeded indicators; not the regulation's figures.
EXAMPLE_THRESHOLDS = {
    "4.1": (1, 2),
    "4.2": (3, 5),
    "4.3": (1, 2),
    "4.4": (1, 2),
    "4.6": (15, 25),
    "4.7": (60, 80),
    "4.8": (1, 1.5),
    "4.9": (3, 5),
    "4.10": (2, 3),
    "4.11": (1, 2),
    "4.12": (50, 70),
}

# How the demo school prefixes its provincial topics' codes (data: each school sets its own).
PROVINCIAL_PREFIX = "QT"

# A colleague's proposal, submitted and waiting for the office's eligibility check.
COLLEAGUE_PROPOSAL = (
    "Đổi mới phương pháp giảng dạy lý luận chính trị theo hướng phát huy tính tích cực của học viên",
    ["phương pháp giảng dạy", "lý luận chính trị"],
    "Học viên các lớp trung cấp lý luận chính trị cần phương pháp học chủ động hơn.",
    "Đề xuất các phương pháp giảng dạy tích cực phù hợp với đối tượng học viên của Nhà trường.",
)

# The demo school's research plan for its development plan's horizon (Đề án 04-ĐA/TU: chuẩn mức 2
# by 2030), its planned topics a year, (level, origin, how many), and its yearly budget by source.
PLAN_YEARS = (2026, 2030)
PLAN_TITLE = "Kế hoạch nghiên cứu khoa học giai đoạn 2026–2030"
PLAN_PURPOSE = (
    "Xây dựng và thực hiện kế hoạch nghiên cứu khoa học đáp ứng tiêu chí 4 của trường chính trị "
    "chuẩn, gắn với đề xuất tỉnh đặt hàng đề tài, bố trí kinh phí và cơ chế thực hiện."
)
PLAN_ORGANISATION = (
    "Các khoa, phòng đăng ký đề tài theo kế hoạch; Phòng Quản lý đào tạo và nghiên cứu khoa học "
    "tổng hợp, đề xuất Tỉnh ủy, UBND tỉnh đặt hàng đề tài cấp tỉnh."
)
PLAN_TOPICS = [("provincial", "ordered", 1), ("school", "proposed", 4), ("school", "assigned", 1)]
PLAN_BUDGET = {"ngan-sach-tinh": 600_000_000, "ngan-sach-truong": 250_000_000}
