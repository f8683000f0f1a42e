"""Seed the research indicators of criterion 4 (domain.md §2) with their counting rules.

Thresholds stay empty: they are the school's to enter from the regulation it works under.
"""

from django.db import migrations

from research.migrations._permissions import grant_to_office

ARTICLES = ["journal_article", "proceedings_paper", "bulletin_article"]
# (code, name, unit, window in years, rule kind, parameters, extra fields)
INDICATORS = [
    ("4.1", "Đề tài cấp tỉnh, cấp bộ, cấp quốc gia Nhà trường chủ trì hoặc phối hợp", "đề tài", 5,
     "topics", {"levels": ["provincial", "ministerial", "national"]}, {}),
    ("4.2", "Đề tài khoa học cấp cơ sở trong năm", "đề tài", 1, "topics", {"levels": ["school"]}, {}),
    ("4.3", "Hội thảo, tọa đàm khoa học cấp trường trong năm", "cuộc", 1, "events", {"levels": ["school"]}, {}),
    ("4.4", "Hội thảo, tọa đàm khoa học cấp tỉnh", "cuộc", 5, "events", {"levels": ["provincial"]}, {}),
    ("4.5", "Hội thảo, tọa đàm khoa học cấp bộ, cấp quốc gia", "cuộc", 5, "events", {"levels": ["national"]}, {}),
    ("4.6", "Bài viết của giảng viên đăng tạp chí, kỷ yếu, bản tin trong năm", "bài", 1,
     "outputs", {"kinds": ARTICLES}, {"by_lecturers": True}),
    ("4.7", "Tỷ lệ giảng viên có ít nhất một bài viết trong năm", "%", 1,
     "lecturers_with_outputs", {"kinds": ARTICLES}, {"measure": "share", "min_outputs": 1}),
    ("4.8", "Bài viết bình quân mỗi giảng viên trong năm", "bài/giảng viên", 1,
     "outputs_per_lecturer", {"kinds": ARTICLES}, {}),
    ("4.9", "Sách chuyên khảo, giáo trình, tài liệu", "cuốn", 5,
     "outputs", {"kinds": ["monograph", "textbook"]}, {}),
    ("4.10", "Số bản tin Thông tin Lý luận và thực tiễn trong năm", "số", 1, "bulletin_issues", {}, {}),
    ("4.11", "Báo cáo tổng kết thực tiễn, kiến nghị với cấp ủy trong năm", "báo cáo", 1,
     "outputs", {"kinds": ["policy_recommendation"]}, {}),
    ("4.12", "Giảng viên đi nghiên cứu thực tế trong năm", "%", 1,
     "lecturers_with_fieldwork", {}, {"measure": "share"}),
]


def forwards(apps, schema_editor):
    grant_to_office(apps, ["indicator"])
    Indicator = apps.get_model("research", "Indicator")
    for order, (code, name, unit, years, kind, parameters, extra) in enumerate(INDICATORS):
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "unit_label": unit, "window_years": years, "rule_kind": kind,
                "parameters": parameters, "sort_order": order, **extra,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("research", "0014_indicators")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
