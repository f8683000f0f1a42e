"""The 2025 decree's date and full subject line, and the circular's subject line, which migration
0074 left empty (docs/documents.md, "Legal grounds", says where each comes from). A row the office
has already completed or changed in the admin is left as it is."""

import datetime

from django.db import migrations

DECREE_0074_TITLE = "quy định chi tiết một số điều của Luật Khoa học, công nghệ và đổi mới sáng tạo"
DECREE_TITLE = (
    "quy định chi tiết và hướng dẫn một số điều của Luật Khoa học, công nghệ và đổi mới sáng tạo "
    "về chương trình, nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo và một số quy định về thúc "
    "đẩy hoạt động nghiên cứu khoa học, phát triển công nghệ và đổi mới sáng tạo"
)
CIRCULAR_TITLE = (
    "quy định trình tự, thủ tục xây dựng, thẩm định, ban hành, quản lý và tổ chức thực hiện các "
    "chương trình khoa học, công nghệ và đổi mới sáng tạo"
)


def complete(apps, schema_editor):
    LegalGround = apps.get_model("research", "LegalGround")
    decree = LegalGround.objects.filter(regime="2025", role="decree", number="267/2025/NĐ-CP")
    decree.filter(issued_on__isnull=True).update(issued_on=datetime.date(2025, 10, 14))
    decree.filter(title=DECREE_0074_TITLE).update(title=DECREE_TITLE)
    LegalGround.objects.filter(
        regime="2025", role="circular", number="36/2025/TT-BKHCN", title=""
    ).update(title=CIRCULAR_TITLE)


class Migration(migrations.Migration):
    dependencies = [("research", "0074_legal_grounds")]
    operations = [migrations.RunPython(complete, migrations.RunPython.noop)]
