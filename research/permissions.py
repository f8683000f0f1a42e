"""Who may do what: every view and template asks here, nowhere else.

A predicate takes the user and the object and returns a `Decision` — truthy when allowed,
carrying the translated reason when not. `require()` turns a refusal into PermissionDenied.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class Roles:
    """Names of the groups created by the roles data migration."""

    RESEARCH_OFFICE = "Phòng Quản lý đào tạo và NCKH"
    LECTURER = "Giảng viên"
    COUNCIL_MEMBER = "Thành viên hội đồng khoa học"
    EDITOR = "Biên tập viên"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


ALLOW = Decision(True)


def has_role(user, role):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name == role for group in user.groups.all())


def is_research_office(user):
    return has_role(user, Roles.RESEARCH_OFFICE)


def can_change_topic_status(user, topic):
    if is_research_office(user):
        return ALLOW
    return Decision(False, _("Only the research office changes a topic's status."))


def can_download_output_file(user, output_file):
    if output_file.is_published:
        return ALLOW
    if user.is_authenticated and (
        is_research_office(user) or output_file.output.authors.filter(person__user=user).exists()
    ):
        return ALLOW
    return Decision(False, _("This file is not public."))


RULES = {
    "change_topic_status": can_change_topic_status,
    "download_output_file": can_download_output_file,
}


def check(user, action, obj):
    return RULES[action](user, obj)


def require(user, action, obj):
    decision = check(user, action, obj)
    if not decision:
        raise PermissionDenied(decision.reason)
    return decision
