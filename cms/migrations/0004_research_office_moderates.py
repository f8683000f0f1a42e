"""Publishing is a moderated step: editors submit pages, the research office approves them.

Wagtail's starter workflow asked the "Moderators" group, which the school does not have; its one
task now asks the research office. Editors keep drafting but no longer publish directly."""

from django.db import migrations

from research.core.permissions import Roles

OFFICE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")

    office = Group.objects.get(name=Roles.RESEARCH_OFFICE)
    editor = Group.objects.get(name=Roles.EDITOR)
    root = Page.objects.get(depth=1)
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.filter(group=editor, permission=publish).delete()
    home = Page.objects.filter(depth=2).first()
    for codename in OFFICE_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=office,
            page=home or root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )

    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow__workflow_pages__page=root).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name="", content_type=content_type)
        workflow = Workflow.objects.create(name="")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    task.name = "Phòng Quản lý đào tạo và NCKH duyệt"
    task.save()
    task.groups.set([office])
    Workflow.objects.filter(workflow_tasks__task=task).update(name="Duyệt công bố nội dung")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_public_research_pages"),
        ("research", "0017_leadership_role"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
