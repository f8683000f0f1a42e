"""Create the role groups with their admin permissions, and the reference lists every school has."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from research.core.permissions import Roles

RESEARCH_MODELS = [
    "unit", "person", "researchfield", "orderingbody", "fundingsource", "topic", "topicmember",
    "fundingline", "tranche", "deadline", "output", "outputauthor", "outputfile",
]
# Editors read the research records they link pages to; they change none of them.
EDITOR_VIEWS = ["topic", "output", "person", "unit"]

FUNDING_SOURCES = [
    ("ngan-sach-tinh", "Ngân sách sự nghiệp khoa học tỉnh"),
    ("ngan-sach-truong", "Ngân sách của Trường"),
    ("ngoai-ngan-sach", "Nguồn ngoài ngân sách"),
]
ORDERING_BODIES = [
    ("Tỉnh ủy Quảng Trị", "Tỉnh ủy"),
    ("Ủy ban nhân dân tỉnh Quảng Trị", "UBND tỉnh"),
    ("Sở Khoa học và Công nghệ tỉnh Quảng Trị", "Sở KH&CN"),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban TG&DV"),
    ("Ban Tổ chức Tỉnh ủy", "Ban TC"),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )

    office, _ = Group.objects.get_or_create(name=Roles.RESEARCH_OFFICE)
    office.permissions.add(
        access_admin,
        *Permission.objects.filter(
            content_type__app_label="research", content_type__model__in=RESEARCH_MODELS
        ),
    )
    editor, _ = Group.objects.get_or_create(name=Roles.EDITOR)
    editor.permissions.add(
        access_admin,
        *Permission.objects.filter(
            content_type__app_label="research",
            codename__in=[f"view_{model}" for model in EDITOR_VIEWS],
        ),
    )
    # Lecturers and council members work in the portal's workspace, not in the admin.
    Group.objects.get_or_create(name=Roles.LECTURER)
    Group.objects.get_or_create(name=Roles.COUNCIL_MEMBER)

    FundingSource = apps.get_model("research", "FundingSource")
    for order, (code, name) in enumerate(FUNDING_SOURCES):
        FundingSource.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    OrderingBody = apps.get_model("research", "OrderingBody")
    for order, (name, short_name) in enumerate(ORDERING_BODIES):
        OrderingBody.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
