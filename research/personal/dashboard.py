"""The workspace's first page: what a person proposes, leads, reviews and has to do."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from research.calls.models import Call
from research.core import permissions
from research.core.choices import CouncilRole
from research.councils.models.reviews import Review
from research.personal.todo import todo_for
from research.proposals.models import Proposal
from research.topics.models.topics import Topic


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "research/workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        person = permissions.person_of(self.request.user)
        return super().get_context_data(
            person=person,
            may_propose=permissions.check(self.request.user, "create_proposal"),
            calls=Call.objects.open(),
            proposals=Proposal.objects.of_principal(person).for_listing()[:10] if person else [],
            topics=Topic.objects.led_by(person).for_listing() if person else [],
            reviews=Review.objects.of_person(person).to_do().for_listing() if person else [],
            meetings=Review.objects.of_person(person)
            .open_round()
            .filter(member__role=CouncilRole.SECRETARY)
            .for_listing()
            if person
            else [],
            todo=todo_for(self.request.user),
            **kwargs,
        )
