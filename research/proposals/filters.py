from django.db.models import Q

from research.core import permissions
from research.core.filters import BoundedFilterSet
from research.proposals.models import Proposal


class ProposalFilterSet(BoundedFilterSet):
    """A lecturer's own proposals: those they lead or are on the team of."""

    class Meta:
        model = Proposal
        fields = ["status", "call"]

    @property
    def qs(self):
        person = permissions.person_of(self.request.user)
        return (
            super()
            .qs.filter(Q(principal=person) | Q(members__person=person))
            .distinct()
            .for_listing()
        )
