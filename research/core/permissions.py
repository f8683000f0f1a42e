"""Who may do what: every view and template asks here, nowhere else.

A predicate takes the user and the object and returns a `Decision` — truthy when allowed,
carrying the translated reason when not. `require()` turns a refusal into PermissionDenied.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.translation import gettext_lazy as _


class Roles:
    """Names of the groups created by the roles data migration."""

    RESEARCH_OFFICE = "Phòng Quản lý đào tạo và NCKH"
    LECTURER = "Giảng viên"
    COUNCIL_MEMBER = "Thành viên hội đồng khoa học"
    EDITOR = "Biên tập viên"
    LEADERSHIP = "Ban Giám hiệu"
    # An ordering body's liaison (research.orders): its own orders, nothing else.
    LIAISON = "Cơ quan đặt hàng"


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
    # One query per request, however many checks a page makes.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return role in user._role_names


def is_research_office(user):
    return has_role(user, Roles.RESEARCH_OFFICE)


def can_change_topic_status(user, topic):
    if is_research_office(user):
        return ALLOW
    return Decision(False, _("Only the research office changes a topic's status."))


def can_download_output_file(user, output_file):
    """Files through the research URL are for insiders; the public downloads the public files of
    published outputs from the output's page on the site (cms)."""
    if user.is_authenticated and (
        is_research_office(user)
        # The leadership reads every file behind the criterion-4 evidence.
        or has_role(user, Roles.LEADERSHIP)
        or output_file.output.authors.filter(person__user=user).exists()
    ):
        return ALLOW
    return Decision(False, _("This file is not public."))


def person_of(user):
    """The Person record of a logged-in user, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def is_principal(user, proposal):
    person = person_of(user)
    return person is not None and proposal.principal_id == person.pk


def review_of(user, subject):
    """The user's review of the current round of a proposal or an acceptance, if any."""
    person = person_of(user)
    if person is None:
        return None
    return (
        subject.reviews.select_related("member")
        .filter(member__person=person, round=subject.current_round)
        .first()
    )


def can_create_proposal(user, _obj=None):
    if person_of(user) is not None and has_role(user, Roles.LECTURER):
        return ALLOW
    return Decision(False, _("Only lecturers with a staff record submit proposals."))


def can_view_proposal(user, proposal):
    if is_research_office(user) or is_principal(user, proposal):
        return ALLOW
    person = person_of(user)
    if person and proposal.members.filter(person=person).exists():
        return ALLOW
    if person and proposal.reviews.filter(member__person=person).exists():
        return ALLOW
    return Decision(False, _("You may not see this proposal."))


def can_edit_proposal(user, proposal):
    if not is_principal(user, proposal):
        return Decision(False, _("Only the principal investigator edits the proposal."))
    if not proposal.is_editable:
        return Decision(
            False, _("A proposal can be edited only as a draft or when a revision is requested.")
        )
    return ALLOW


def can_withdraw_proposal(user, proposal):
    if is_principal(user, proposal) or is_research_office(user):
        return ALLOW
    return Decision(
        False, _("Only the principal investigator or the research office withdraws a proposal.")
    )


def can_manage_proposals(user, _obj=None):
    """The research office's own decisions: eligibility, councils, reports and change requests."""
    if is_research_office(user):
        return ALLOW
    return Decision(False, _("Only the research office does this."))


def can_review(user, review):
    person = person_of(user)
    if person is None or review.member.person_id != person.pk:
        return Decision(False, _("This is not your review."))
    return ALLOW


def can_resolve_conflict(user, review):
    """A flag is cleared by someone other than the flagged member: the council's scientific
    secretary or the research office."""
    person = person_of(user)
    if person is not None and review.member.person_id == person.pk:
        return Decision(False, _("A member does not clear a conflict flagged against them."))
    if is_research_office(user) or is_secretary_of(user, review.subject):
        return ALLOW
    return Decision(
        False, _("Only the scientific secretary or the research office resolves a conflict.")
    )


def is_secretary_of(user, subject):
    """Whether the user is the scientific secretary of the council reviewing `subject` (a proposal
    or a topic at acceptance) in its current round."""
    review = review_of(user, subject)
    return review is not None and review.is_secretary


def can_run_meeting(user, subject):
    if is_research_office(user) or is_secretary_of(user, subject):
        return ALLOW
    return Decision(
        False, _("Only the scientific secretary or the research office records the meeting.")
    )


def can_see_aggregate(user, subject):
    if can_run_meeting(user, subject):
        return ALLOW
    person = person_of(user)
    if person and subject.has_decision and subject.reviews.filter(member__person=person).exists():
        return ALLOW
    if subject.has_decision:
        return Decision(False, _("The minutes are for the council and the research office."))
    return Decision(
        False, _("The council's aggregate is shown to members once the decision is recorded.")
    )


def leads(user, topic):
    person = person_of(user)
    return person is not None and topic.members.filter(person=person, role="principal").exists()


def can_view_topic_work(user, topic):
    person = person_of(user)
    if is_research_office(user) or (person and topic.members.filter(person=person).exists()):
        return ALLOW
    return Decision(False, _("Only the topic's team and the research office see its work."))


def can_view_topic_files(user, topic):
    """A running topic's reports and self-evaluation: the office, the leadership, the team, and the
    members of its acceptance council."""
    person = person_of(user)
    if (
        is_research_office(user)
        or has_role(user, Roles.LEADERSHIP)
        or (
            person
            and (
                topic.members.filter(person=person).exists()
                or topic.reviews.filter(member__person=person).exists()
            )
        )
    ):
        return ALLOW
    return Decision(False, _("This file is not public."))


def can_report_on_topic(user, topic):
    if is_research_office(user) or leads(user, topic):
        return ALLOW
    return Decision(
        False, _("Only the principal investigator or the research office reports on a topic.")
    )


def can_view_standard(user, _obj=None):
    if is_research_office(user) or has_role(user, Roles.LEADERSHIP):
        return ALLOW
    return Decision(False, _("Only the research office and the school's leadership see this."))


def can_view_own_contribution(user, _obj=None):
    if person_of(user) is not None:
        return ALLOW
    return Decision(False, _("Only people with a staff record have a contribution to show."))


def can_declare(user, _obj=None):
    if person_of(user) is not None:
        return ALLOW
    return Decision(False, _("Only people with a staff record declare their work."))


def can_edit_declaration(user, record):
    """The declarer changes a declaration until the office has verified it."""
    if record.declared_by_id != user.pk:
        return Decision(False, _("Only the lecturer who declared it changes it."))
    if record.is_verified:
        return Decision(False, _("A verified declaration is changed by the research office."))
    return ALLOW


def can_view_record_file(user, record):
    """Evidence attached to a record (a fieldwork report, a participation certificate, an event's
    proceedings, a bulletin issue's PDF): the research office that verifies it, the leadership
    that reads the criterion-4 evidence, and the lecturers the record is about."""
    if not user.is_authenticated:
        return Decision(False, _("This file is not public."))
    if is_research_office(user) or has_role(user, Roles.LEADERSHIP):
        return ALLOW
    person = person_of(user)
    declared = getattr(record, "declared_by_id", None)
    if declared is not None and declared == user.pk:
        return ALLOW
    if person is not None and (
        getattr(record, "person_id", None) == person.pk
        or (hasattr(record, "lecturers") and record.lecturers.filter(pk=person.pk).exists())
    ):
        return ALLOW
    return Decision(False, _("This file is not public."))


def can_confirm_authorship(user, authorship):
    person = person_of(user)
    if person is not None and authorship.person_id == person.pk:
        return ALLOW
    return Decision(False, _("Only the co-author named confirms it."))


def may_see_team(user, subject):
    """Blind review (a blind call's selection, a blind council's acceptance) hides the team of a
    proposal or topic from its reviewers, and only from them."""
    if not subject.is_blind or is_research_office(user):
        return True
    person = person_of(user)
    if person is None or person in subject.team_people():
        return True
    return not subject.reviews.filter(member__person=person).exists()


def can_approve_plan(user, _plan=None):
    """The research plan is the school's once its leadership approves it: the leadership's one
    decision in the portal (the office drafts, submits and reviews it)."""
    if has_role(user, Roles.LEADERSHIP):
        return ALLOW
    return Decision(False, _("Only the school's leadership approves the research plan."))


def liaison_body_id(user):
    """The ordering body a liaison signs in for, or None (research.orders.models.Liaison)."""
    if not has_role(user, Roles.LIAISON) or user.is_superuser:
        return None
    try:
        return user.liaison.ordering_body_id
    except ObjectDoesNotExist:
        return None


def is_liaison(user):
    """A liaison is kept to their orders: refused everywhere else in the admin and workspace."""
    return user.is_authenticated and not user.is_superuser and has_role(user, Roles.LIAISON)


def can_follow_order(user, order):
    """An order's progress, deadlines, shared reports and hand-over: the office and the liaison
    of the body that ordered it."""
    if is_research_office(user):
        return ALLOW
    body = liaison_body_id(user)
    if body is not None and order is not None and order.ordering_body_id == body:
        return ALLOW
    return Decision(
        False, _("Only the ordering body's liaison and the research office see this order.")
    )


def can_confirm_application(user, order):
    """The ordering body confirms that its result was applied; the office records a confirmation
    that came on paper."""
    if is_research_office(user):
        return ALLOW
    body = liaison_body_id(user)
    if body is not None and order is not None and order.ordering_body_id == body:
        return ALLOW
    return Decision(
        False, _("Only the ordering body's liaison or the research office confirms application.")
    )


def can_view_own_orders(user, _obj=None):
    if liaison_body_id(user) is not None:
        return ALLOW
    return Decision(False, _("This page is for the liaisons of ordering bodies."))


RULES = {
    "change_topic_status": can_change_topic_status,
    "download_output_file": can_download_output_file,
    "create_proposal": can_create_proposal,
    "view_proposal": can_view_proposal,
    "edit_proposal": can_edit_proposal,
    "submit_proposal": can_edit_proposal,
    "withdraw_proposal": can_withdraw_proposal,
    "manage_proposals": can_manage_proposals,
    "review": can_review,
    "resolve_conflict": can_resolve_conflict,
    "run_meeting": can_run_meeting,
    "see_aggregate": can_see_aggregate,
    "view_topic_work": can_view_topic_work,
    "view_topic_files": can_view_topic_files,
    "report_on_topic": can_report_on_topic,
    "decide_topic_requests": can_manage_proposals,
    "view_reports": can_manage_proposals,
    "view_standard": can_view_standard,
    "view_own_contribution": can_view_own_contribution,
    "manage_standard": can_manage_proposals,
    "unlock_login": can_manage_proposals,
    "import_records": can_manage_proposals,
    "declare": can_declare,
    "edit_declaration": can_edit_declaration,
    "verify_declarations": can_manage_proposals,
    "view_record_file": can_view_record_file,
    "confirm_authorship": can_confirm_authorship,
    "export_dossier": can_manage_proposals,
    "manage_outbox": can_manage_proposals,
    "manage_documents": can_manage_proposals,
    "view_annual_report": can_view_standard,
    "view_documents": can_view_standard,
    "view_plans": can_view_standard,
    "manage_plans": can_manage_proposals,
    "approve_plan": can_approve_plan,
    "manage_orders": can_manage_proposals,
    "follow_order": can_follow_order,
    "confirm_application": can_confirm_application,
    "view_own_orders": can_view_own_orders,
}


def check(user, action, obj=None):
    return RULES[action](user, obj)


def require(user, action, obj=None):
    decision = check(user, action, obj)
    if not decision:
        raise PermissionDenied(decision.reason)
    return decision
