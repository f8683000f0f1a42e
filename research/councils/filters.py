import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from research.core import permissions
from research.core.filters import BoundedFilterSet
from research.councils.models.reviews import Review


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
