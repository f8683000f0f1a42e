"""Seed the two 100-point rubrics and the default deadline rules (domain.md §5–§6), and give the
research office the admin permissions on the new models. Every number here stays editable."""

from django.db import migrations

from research.migrations._permissions import grant_to_office

NEW_MODELS = [
    "rubric", "rubriccriterion", "council", "councilmember", "call", "proposal", "proposalmember",
    "proposaloutput", "proposalbudgetitem", "proposalattachment", "proposalversion", "review",
    "score", "councildecision", "deadlinerule", "topicexpectedoutput",
]

# TT 44/2026/TT-BGDĐT Art. 15: (criterion, points, may be not applicable)
SELECTION = [
    ("Tính cấp thiết của đề tài", 10, False),
    ("Mục tiêu nghiên cứu", 10, False),
    ("Nội dung nghiên cứu và tiến độ thực hiện", 15, False),
    ("Sản phẩm dự kiến", 30, False),
    ("Khả năng ứng dụng, chuyển giao và tác động", 10, False),
    ("Năng lực của chủ nhiệm và nhóm nghiên cứu", 10, False),
    ("Huy động nguồn kinh phí ngoài ngân sách", 10, True),
    ("Điểm thưởng", 5, True),
]
# The common acceptance template.
ACCEPTANCE = [
    ("Hình thức báo cáo tổng hợp", 5, False),
    ("Tính cấp thiết và mục tiêu", 5, False),
    ("Tổng quan tình hình nghiên cứu", 10, False),
    ("Nội dung và phương pháp nghiên cứu", 10, False),
    ("Mức độ đầy đủ của sản phẩm", 25, False),
    ("Chất lượng sản phẩm chính", 20, False),
    ("Khả năng ứng dụng và tác động", 15, False),
    ("Quản lý và sử dụng kinh phí", 10, False),
]
# (kind, anchor, offset days, repeat every N months)
DEADLINE_RULES = [
    ("progress_report", "start", 0, 6),
    ("self_evaluation", "end", -30, None),
    ("final_evaluation", "end", 60, None),
]


def forwards(apps, schema_editor):
    grant_to_office(apps, NEW_MODELS)

    Rubric = apps.get_model("research", "Rubric")
    Criterion = apps.get_model("research", "RubricCriterion")
    for name, kind, criteria in (
        ("Phiếu đánh giá thuyết minh đề tài (100 điểm)", "selection", SELECTION),
        ("Phiếu đánh giá nghiệm thu đề tài (100 điểm)", "acceptance", ACCEPTANCE),
    ):
        rubric, created = Rubric.objects.get_or_create(name=name, defaults={"kind": kind})
        if created:
            for order, (title, points, optional) in enumerate(criteria):
                Criterion.objects.create(
                    rubric=rubric, title=title, max_points=points, allow_not_applicable=optional, sort_order=order
                )

    DeadlineRule = apps.get_model("research", "DeadlineRule")
    for kind, anchor, offset, every in DEADLINE_RULES:
        DeadlineRule.objects.get_or_create(
            level="", legal_basis="", kind=kind,
            defaults={"anchor": anchor, "offset_days": offset, "every_months": every},
        )


class Migration(migrations.Migration):
    dependencies = [("research", "0003_proposals_and_councils")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
