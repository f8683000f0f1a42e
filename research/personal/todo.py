"""Each person's to-do list, drawn from what is actually pending: score sheets to submit, meetings
to record, deadlines to meet, proposals to revise, and, for the research office, the decisions
waiting for it. Nothing is stored: a task disappears when the work behind it is done."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from research.closing.models import CLOSABLE_STATUSES
from research.core import blind, permissions
from research.core.choices import (
    CouncilRole,
    ProposalStatus,
    ReportStatus,
    RequestStatus,
    TopicStatus,
)
from research.councils.models.reviews import Review
from research.deadlines.models import Deadline
from research.inbox.models import OutgoingEmail
from research.orders import todo as orders_todo
from research.proposals.models import Proposal
from research.topics.models.running import ChangeRequest, ProgressReport
from research.topics.models.topics import Topic

# Deadlines this close (or already past) are on the responsible person's list.
DEADLINE_HORIZON_DAYS = 30
# The office's list shows this many items of each kind (with the count of all of them).
OFFICE_LIMIT = 20


@dataclass
class Task:
    action: str
    title: str
    url: str
    due_on: datetime.date | None = None
    today: datetime.date | None = None

    @property
    def overdue(self):
        return bool(self.due_on and self.today and self.due_on < self.today)


def subject_title(subject, user=None):
    """Code and title; for a council member, the title as a blind review lets them read it."""
    title = blind.title_as_seen_by(user, subject) if user else subject.title
    return f"{subject.code} — {title}"


def person_tasks(user, person, today):
    mine = Review.objects.of_person(person).select_related("proposal", "topic").with_due_on()
    tasks = [
        Task(
            _("Submit your score sheet"),
            subject_title(review.subject, user),
            reverse("research:review-detail", args=[review.pk]),
            review.sheet_due_on,
            today,
        )
        for review in mine.to_do()
    ]
    tasks += [
        Task(
            _("Record the council's meeting and decision"),
            subject_title(review.subject, user),
            reverse(
                "research:proposal-meeting" if review.proposal_id else "research:topic-meeting",
                args=[review.subject.pk],
            ),
            review.sheet_due_on,
            today,
        )
        for review in mine.open_round().filter(member__role=CouncilRole.SECRETARY)
    ]
    deadlines = (
        Deadline.objects.open()
        .filter(responsible=person, due_on__lte=today + datetime.timedelta(DEADLINE_HORIZON_DAYS))
        .exclude(topic__status__in=[*CLOSABLE_STATUSES, TopicStatus.WITHDRAWN, TopicStatus.CLOSED])
        .select_related("topic")
    )
    tasks += [
        Task(
            deadline.get_kind_display(),
            subject_title(deadline.topic),
            reverse("research:topic-detail", args=[deadline.topic_id]),
            deadline.due_on,
            today,
        )
        for deadline in deadlines
    ]
    tasks += [
        Task(_("Revise and resubmit the proposal"), subject_title(p), p.get_absolute_url())
        for p in Proposal.objects.of_principal(person).filter(
            status=ProposalStatus.REVISION_REQUESTED
        )
    ]
    return tasks


def office_tasks(today):
    """(label, count, [tasks]) per kind of decision the research office owes."""

    def admin(name, pk):
        return reverse(name, args=[pk])

    groups = [
        (
            _("Check eligibility"),
            Proposal.objects.filter(status=ProposalStatus.SUBMITTED),
            lambda p: Task(
                _("Check eligibility"),
                subject_title(p),
                admin("research_proposal:inspect", p.pk),
            ),
        ),
        (
            _("Assign a council"),
            Proposal.objects.filter(status=ProposalStatus.ELIGIBLE),
            lambda p: Task(
                _("Assign a council"), subject_title(p), admin("research_proposal:inspect", p.pk)
            ),
        ),
        (
            _("Decide a progress report"),
            ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).select_related("topic"),
            lambda r: Task(
                _("Decide a progress report"),
                subject_title(r.topic),
                admin("research_topic:inspect", r.topic_id),
            ),
        ),
        (
            _("Decide a change request"),
            ChangeRequest.objects.filter(status=RequestStatus.PENDING).select_related("topic"),
            lambda r: Task(
                r.get_kind_display(),
                subject_title(r.topic),
                admin("research_topic:inspect", r.topic_id),
            ),
        ),
        (
            _("Assign the acceptance council"),
            Topic.objects.filter(status=TopicStatus.SELF_EVALUATED),
            lambda t: Task(
                _("Assign the acceptance council"),
                subject_title(t),
                admin("research_topic:inspect", t.pk),
            ),
        ),
        (
            _("Overdue deadlines"),
            Deadline.objects.overdue(today).select_related("topic").order_by("due_on", "pk"),
            lambda d: Task(
                d.get_kind_display(),
                subject_title(d.topic),
                admin("research_topic:inspect", d.topic_id),
                due_on=d.due_on,
            ),
        ),
        (
            _("Complete the closing records"),
            Topic.objects.filter(status__in=CLOSABLE_STATUSES),
            lambda t: Task(
                _("Complete the closing records"),
                subject_title(t),
                admin("research_topic:inspect", t.pk),
            ),
        ),
    ]
    groups += [
        (label, queryset, lambda row, make=make: Task(*make(row)))
        for label, queryset, make in orders_todo.office_groups(today)
    ]
    result = []
    for label, queryset, make in groups:
        rows = list((queryset if queryset.ordered else queryset.order_by("pk"))[: OFFICE_LIMIT + 1])
        count = len(rows) if len(rows) <= OFFICE_LIMIT else queryset.count()
        if count:
            result.append((label, count, [make(row) for row in rows[:OFFICE_LIMIT]]))
    failed = OutgoingEmail.objects.in_trouble().count()
    if failed:
        result.append(
            (
                _("E-mails that could not be sent"),
                failed,
                [Task(_("Look at the outbox"), "", reverse("research_outbox:index"))],
            )
        )
    return result


def todo_for(user, today=None):
    """{"mine": [tasks, soonest first], "office": [(label, count, tasks)]} for `user`."""
    today = today or timezone.localdate()
    person = permissions.person_of(user)
    mine = person_tasks(user, person, today) if person else []
    mine.sort(key=lambda task: (task.due_on is None, task.due_on or today, str(task.title)))
    office = office_tasks(today) if permissions.is_research_office(user) else []
    return {"mine": mine, "office": office}
