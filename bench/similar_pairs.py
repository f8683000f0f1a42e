"""A labelled set of near-duplicate pairs for the similar-work finder (issue 26): each group is an
accepted topic of the school (indexed, with the journal article it produced) and the drafts a
lecturer might type — a paraphrase and a later extension (both should find the topic and its
article) — and a decoy topic that shares the school's common vocabulary but not the subject
(indexed; it must not be found). Unrelated drafts, written in the same vocabulary, must find
nothing above the call's threshold.

The titles say what every title of a political school says (“nâng cao chất lượng”, “xây dựng
Đảng”, “trên địa bàn tỉnh”, “giai đoạn hiện nay”): that is the difficulty measured."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    name: str
    topic: tuple  # (title, summary, keywords) of the accepted topic
    article: str  # title of the article the topic produced
    paraphrase: str  # a draft saying the same in other words
    extension: str  # a later draft extending it
    decoy: tuple  # (title, summary) of a topic in the same vocabulary, on another subject


GROUPS = [
    Group(
        "chi_bo",
        (
            "Nâng cao chất lượng sinh hoạt chi bộ ở các xã biên giới tỉnh Quảng Trị",
            "Khảo sát sinh hoạt chi bộ thôn, bản vùng biên giới; đề xuất giải pháp đổi mới nội dung.",
            "sinh hoạt chi bộ; biên giới",
        ),
        "Đổi mới nội dung sinh hoạt chi bộ thôn, bản vùng biên giới",
        "Giải pháp nâng cao chất lượng sinh hoạt chi bộ thôn, bản ở vùng biên giới của tỉnh",
        "Sinh hoạt chi bộ ở các xã biên giới tỉnh Quảng Trị giai đoạn 2026-2030: tiếp tục đổi mới nội dung",
        (
            "Nâng cao chất lượng đội ngũ giảng viên trường chính trị tỉnh",
            "Giải pháp nâng cao chất lượng giảng dạy của giảng viên.",
        ),
    ),
    Group(
        "chuyen_doi_so",
        (
            "Chuyển đổi số trong công tác tuyên truyền của các cấp ủy đảng trên địa bàn tỉnh",
            "Ứng dụng mạng xã hội, cổng thông tin điện tử trong tuyên truyền miệng.",
            "chuyển đổi số; tuyên truyền; mạng xã hội",
        ),
        "Mạng xã hội và tuyên truyền miệng của cấp ủy cơ sở",
        "Ứng dụng chuyển đổi số vào công tác tuyên truyền của cấp ủy đảng ở tỉnh hiện nay",
        "Chuyển đổi số trong công tác tuyên truyền của cấp ủy đảng: đánh giá sau 5 năm và định hướng đến năm 2030",
        (
            "Công tác tuyên truyền bảo vệ môi trường trên địa bàn tỉnh",
            "Nâng cao nhận thức của người dân về bảo vệ môi trường.",
        ),
    ),
    Group(
        "can_bo_nu",
        (
            "Phát huy vai trò của cán bộ nữ trong hệ thống chính trị cấp xã",
            "Tỷ lệ cán bộ nữ tham gia cấp ủy, hội đồng nhân dân cấp xã và giải pháp.",
            "cán bộ nữ; bình đẳng giới",
        ),
        "Bình đẳng giới trong công tác cán bộ cấp xã",
        "Vai trò của đội ngũ cán bộ nữ trong hệ thống chính trị ở cấp xã của tỉnh",
        "Phát huy vai trò cán bộ nữ trong hệ thống chính trị cấp xã sau sắp xếp đơn vị hành chính",
        (
            "Nâng cao chất lượng hoạt động của hội đồng nhân dân cấp xã",
            "Hoạt động giám sát của hội đồng nhân dân cấp xã.",
        ),
    ),
    Group(
        "dan_toc",
        (
            "Thực hiện chính sách dân tộc đối với đồng bào Vân Kiều, Pa Kô ở miền núi",
            "Đánh giá chính sách hỗ trợ sinh kế, giáo dục đối với đồng bào Vân Kiều và Pa Kô.",
            "chính sách dân tộc; Vân Kiều; Pa Kô",
        ),
        "Sinh kế của đồng bào Vân Kiều ở huyện Hướng Hóa",
        "Chính sách dân tộc với đồng bào Vân Kiều và Pa Kô vùng miền núi: thực trạng và giải pháp",
        "Thực hiện chính sách dân tộc đối với đồng bào Vân Kiều, Pa Kô ở miền núi đến năm 2030",
        (
            "Thực hiện chính sách đối với người có công trên địa bàn tỉnh",
            "Đánh giá việc thực hiện chính sách ưu đãi người có công với cách mạng.",
        ),
    ),
    Group(
        "tham_nhung",
        (
            "Phòng, chống tham nhũng, tiêu cực trong công tác cán bộ ở cấp huyện",
            "Kiểm soát quyền lực trong công tác tổ chức cán bộ; kê khai tài sản, thu nhập.",
            "phòng, chống tham nhũng; kiểm soát quyền lực",
        ),
        "Kiểm soát quyền lực trong công tác tổ chức cán bộ",
        "Kiểm soát quyền lực, phòng chống tham nhũng tiêu cực trong công tác cán bộ cấp huyện",
        "Phòng, chống tham nhũng, tiêu cực trong công tác cán bộ cấp huyện và cấp xã giai đoạn mới",
        (
            "Đổi mới công tác đánh giá cán bộ cấp huyện",
            "Đánh giá cán bộ theo kết quả công việc, sản phẩm cụ thể.",
        ),
    ),
    Group(
        "nong_thon_moi",
        (
            "Vai trò của Mặt trận Tổ quốc trong xây dựng nông thôn mới kiểu mẫu",
            "Vận động nhân dân tham gia xây dựng nông thôn mới kiểu mẫu ở các huyện đồng bằng.",
            "nông thôn mới; Mặt trận Tổ quốc",
        ),
        "Mặt trận Tổ quốc vận động nhân dân xây dựng nông thôn mới",
        "Mặt trận Tổ quốc với phong trào xây dựng nông thôn mới kiểu mẫu ở các huyện đồng bằng",
        "Vai trò của Mặt trận Tổ quốc trong xây dựng nông thôn mới kiểu mẫu và nông thôn mới nâng cao",
        (
            "Vai trò của Đoàn Thanh niên trong xây dựng Đảng ở cơ sở",
            "Đoàn Thanh niên tham gia xây dựng Đảng, giới thiệu đoàn viên ưu tú.",
        ),
    ),
    Group(
        "dang_vien_tre",
        (
            "Phát triển đảng viên trong học sinh, sinh viên các trường trên địa bàn tỉnh",
            "Tạo nguồn kết nạp đảng viên là học sinh trung học phổ thông và sinh viên.",
            "phát triển đảng viên; học sinh; sinh viên",
        ),
        "Kết nạp đảng viên là học sinh trung học phổ thông",
        "Công tác phát triển đảng viên là học sinh, sinh viên trong các trường học của tỉnh",
        "Phát triển đảng viên trong học sinh, sinh viên: mở rộng sang các trường nghề và doanh nghiệp",
        (
            "Nâng cao chất lượng đảng viên ở các doanh nghiệp ngoài nhà nước",
            "Chất lượng đảng viên và tổ chức đảng trong doanh nghiệp tư nhân.",
        ),
    ),
    Group(
        "lao",
        (
            "Đào tạo cán bộ cho hai tỉnh Savannakhet và Salavan của nước bạn Lào",
            "Đánh giá lớp trung cấp lý luận chính trị cho cán bộ Lào; chương trình và phương pháp.",
            "Lào; Savannakhet; Salavan; hợp tác đào tạo",
        ),
        "Hợp tác đào tạo cán bộ với tỉnh Savannakhet",
        "Chất lượng đào tạo lý luận chính trị cho cán bộ tỉnh Savannakhet, Salavan (Lào)",
        "Đào tạo cán bộ cho Savannakhet và Salavan của Lào: mở rộng chương trình bồi dưỡng ngắn hạn",
        (
            "Đổi mới phương pháp giảng dạy lý luận chính trị ở trường chính trị tỉnh",
            "Phương pháp giảng dạy tích cực trong các lớp trung cấp lý luận chính trị.",
        ),
    ),
    Group(
        "du_lich",
        (
            "Phát triển du lịch cộng đồng gắn với bảo tồn văn hóa ở Khe Sanh",
            "Mô hình du lịch cộng đồng và bảo tồn di sản văn hóa của đồng bào.",
            "du lịch cộng đồng; bảo tồn văn hóa; Khe Sanh",
        ),
        "Du lịch cộng đồng ở Khe Sanh: cơ hội và thách thức",
        "Bảo tồn văn hóa và phát triển du lịch cộng đồng ở thị trấn Khe Sanh",
        "Phát triển du lịch cộng đồng gắn với bảo tồn văn hóa ở Khe Sanh và Lao Bảo",
        (
            "Phát triển kinh tế tập thể trên địa bàn tỉnh",
            "Hợp tác xã kiểu mới và phát triển kinh tế tập thể.",
        ),
    ),
    Group(
        "dan_van",
        (
            "Công tác dân vận của chính quyền cấp xã trong giải phóng mặt bằng",
            "Vận động nhân dân trong bồi thường, giải phóng mặt bằng các dự án trọng điểm.",
            "dân vận chính quyền; giải phóng mặt bằng",
        ),
        "Dân vận khéo trong giải phóng mặt bằng",
        "Dân vận của chính quyền xã trong công tác bồi thường, giải phóng mặt bằng",
        "Công tác dân vận của chính quyền cấp xã trong giải phóng mặt bằng dự án cao tốc",
        (
            "Công tác kiểm tra, giám sát của cấp ủy cấp xã",
            "Kiểm tra, giám sát việc chấp hành của cấp ủy cơ sở.",
        ),
    ),
]

# Drafts on subjects nobody has worked on, in the same vocabulary: nothing is relevant.
UNRELATED = [
    "Nâng cao chất lượng công tác lưu trữ hồ sơ đảng viên trên địa bàn tỉnh hiện nay",
    "Xây dựng Đảng về đạo đức trong cán bộ, đảng viên ngành y tế giai đoạn hiện nay",
    "Giải pháp nâng cao hiệu quả công tác thi đua, khen thưởng ở cơ sở",
]
