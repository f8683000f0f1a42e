"""Work waiting for every demo role, made by the real actions: the demo lecturer runs a topic with
a deadline coming and a report the office has to decide; another topic waits on a change request;
another lecturer's proposal waits for its eligibility check."""

import datetime

from research.calls.models import Call
from research.core.choices import ChangeKind, DeadlineKind, TeamRole, TopicStatus
from research.core.people import Person
from research.core.permissions import Roles
from research.proposals.models import Proposal
from research.topics.models.topics import Topic, TopicMember

from . import content
from .common import DEMO_DOMAIN

DEMO_LECTURER = "vtmlan"


class WorkDemo:
    def load_work(self):
        from research.proposals.actions import SubmitProposal
        from research.topics.actions.running import RequestChange, SubmitProgressReport

        lecturer = Person.objects.get(email=f"{DEMO_LECTURER}@{DEMO_DOMAIN}")
        running = list(
            Topic.objects.filter(status=TopicStatus.IN_PROGRESS).order_by("-planned_start", "code")
        )
        mine = running[0]
        self.lead(mine, lecturer)
        upcoming = (
            mine.deadlines.open()
            .filter(kind=DeadlineKind.PROGRESS_REPORT)
            .order_by("due_on")
            .first()
        )
        if upcoming:  # a progress report due in three weeks
            upcoming.due_on = self.today + datetime.timedelta(days=21)
            upcoming.save(update_fields=["due_on"])
        # another running topic has sent its report, and a third asks for more time
        reporting, asking = running[1], running[2]
        if not reporting.progress_reports.exists():
            SubmitProgressReport(
                reporting,
                user=self.user_of(reporting.principal),
                text="Đã hoàn thành khảo sát tại 12 xã, đang xử lý số liệu.",
                percent_done=55,
            ).execute()
        if not asking.change_requests.exists():
            RequestChange(
                asking,
                ChangeKind.EXTENSION,
                user=self.user_of(asking.principal),
                reason="Địa bàn khảo sát sáp nhập, cần thêm thời gian thu thập số liệu.",
                months=6,
            ).execute()
        # a colleague's proposal waits for the office's eligibility check
        title, keywords, urgency, objectives = content.COLLEAGUE_PROPOSAL
        if not Proposal.objects.filter(title=title).exists():
            colleague = self.lecturers[3]
            call = Call.objects.filter(proposals__principal=lecturer).first()
            proposal = Proposal.objects.create(
                call=call,
                level=call.level,
                principal=colleague,
                unit=colleague.unit,
                title=title,
                keyword_list=keywords,
                urgency=urgency,
                objectives=objectives,
                content_methods="Tổng kết thực tiễn, khảo sát, tọa đàm với cán bộ cơ sở.",
                schedule="Tháng 1–6: khảo sát; tháng 7–12: viết báo cáo.",
                duration_months=12,
            )
            self.fill_dossier(proposal, colleague, 1)
            SubmitProposal(proposal, user=self.user_of(colleague)).execute()

    def lead(self, topic, person):
        """Put `person` at the head of the topic's team, and on its deadlines."""
        topic.members.filter(person=person).delete()
        TopicMember.objects.filter(topic=topic, role=TeamRole.PRINCIPAL).update(
            role=TeamRole.MEMBER
        )
        TopicMember.objects.create(topic=topic, person=person, role=TeamRole.PRINCIPAL)
        topic.deadlines.update(responsible=person)

    def user_of(self, person):
        """The person's login (made, without a usable password, if they have none)."""
        self.ensure_login(person, Roles.LECTURER)
        return person.user
