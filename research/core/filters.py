import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from research.core import permissions
from research.core.bounds import BOUNDED_DEFAULTS, YearFilter
from research.models import Output, Person, Proposal, Review, Topic


class BoundedFilterSet(django_filters.FilterSet):
    FILTER_DEFAULTS = BOUNDED_DEFAULTS


class BoundedWagtailFilterSet(WagtailFilterSet):
    """The base of every admin listing's filters (research.core.admin.BoundedIndexView)."""

    FILTER_DEFAULTS = BOUNDED_DEFAULTS


class TopicFilterSet(BoundedWagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Topic
        fields = ["level", "status", "origin", "legal_basis", "unit", "ordering_body", "field"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(has_overdue_deadline=value)


class OutputFilterSet(BoundedWagtailFilterSet):
    year = YearFilter(field_name="published_on__year", label=_("Year"))

    class Meta:
        model = Output
        fields = ["kind", "is_public"]


class PersonFilterSet(BoundedWagtailFilterSet):
    class Meta:
        model = Person
        fields = ["kind", "unit", "degree", "academic_title"]


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


class ReviewFilterSet(BoundedFilterSet):
    """A council member's reviews."""

    submitted = django_filters.BooleanFilter(
        label=_("Score sheet submitted"),
        field_name="submitted_at",
        lookup_expr="isnull",
        exclude=True,
        # said as a member says it, not Django's “Unknown / Yes / No” (“Chưa xác định”)
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Submitted")), ("false", _("Not submitted yet"))]
        ),
    )

    class Meta:
        model = Review
        fields = ["submitted"]

    @property
    def qs(self):
        person = permissions.person_of(self.request.user)
        return super().qs.of_person(person).for_listing().order_by("-proposal__submitted_at")
