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

# (subject, field index, unit short name)
SUBJECTS = [
    ("Nâng cao chất lượng sinh hoạt chi bộ", 0, "K.XDĐ"),
    ("Đổi mới công tác kiểm tra, giám sát của cấp ủy cơ sở", 0, "K.XDĐ"),
    ("Xây dựng đội ngũ cán bộ chủ chốt cấp xã sau sắp xếp đơn vị hành chính", 0, "K.XDĐ"),
    ("Phát triển đảng viên trong doanh nghiệp ngoài khu vực nhà nước", 0, "K.XDĐ"),
    ("Công tác dân vận của chính quyền cấp xã", 4, "K.DV"),
    ("Thực hiện chính sách dân tộc đối với đồng bào Vân Kiều, Pa Kô", 4, "K.DV"),
    ("Công tác tôn giáo trong tình hình mới", 4, "K.DV"),
    ("Nâng cao hiệu quả cải cách thủ tục hành chính", 3, "K.NN&PL"),
    ("Xây dựng chính quyền số cấp huyện, cấp xã", 3, "K.NN&PL"),
    ("Phổ biến, giáo dục pháp luật cho người dân vùng biên giới", 3, "K.NN&PL"),
    ("Vận dụng tư tưởng Hồ Chí Minh về đạo đức cách mạng trong rèn luyện cán bộ", 5, "K.LLCS"),
    ("Giáo dục truyền thống lịch sử địa phương trong đào tạo lý luận chính trị", 5, "K.LLCS"),
    ("Phát triển kinh tế tập thể, hợp tác xã nông nghiệp", 2, "K.LLCS"),
    ("Thu hút đầu tư vào Khu kinh tế Đông Nam", 2, "K.LLCS"),
    (
        "Đổi mới phương pháp giảng dạy lý luận chính trị theo hướng phát huy tính tích cực của học viên",
        1,
        "K.LLCS",
    ),
    ("Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng", 1, "K.XDĐ"),
    ("Đào tạo lý luận chính trị cho cán bộ hai tỉnh Savannakhet và Salavan (Lào)", 1, "BGH"),
    ("Xây dựng Trường Chính trị Lê Duẩn đạt chuẩn mức 1", 0, "BGH"),
    ("Nâng cao chất lượng bồi dưỡng cán bộ nữ", 0, "K.DV"),
    ("Phát huy vai trò của Mặt trận Tổ quốc trong giám sát và phản biện xã hội", 4, "K.DV"),
]
SCOPES = [
    "trên địa bàn tỉnh Quảng Trị hiện nay",
    "ở các huyện miền núi tỉnh Quảng Trị giai đoạn 2021–2030",
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
