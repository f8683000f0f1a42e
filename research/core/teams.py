"""A team's rule, shared by proposals and topics: exactly one principal investigator. The admin's
team form checks it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from research.core.choices import TeamRole


def principal_problems(team, principal=None):
    """Why a team — (person, role) pairs — does not have exactly its one principal investigator
    (`principal`, when the dossier names them): the rule of proposals and topics alike."""
    leaders = [person for person, role in team if role == TeamRole.PRINCIPAL]
    if len(leaders) > 1:
        return [
            _("A team has one principal investigator; %(count)d are named: %(names)s.")
            % {"count": len(leaders), "names": ", ".join(str(p) for p in leaders)}
        ]
    if principal is not None and leaders and leaders[0] != principal:
        return [
            _("The principal investigator is %(principal)s; %(other)s is named as one in the team.")
            % {"principal": principal, "other": leaders[0]}
        ]
    return []


def _kept_instances(formset):
    """The rows the formset will save: filled in and not marked for deletion."""
    return [
        form.instance
        for form in formset.forms
        if (form.has_changed() or form.instance.pk) and not form.cleaned_data.get("DELETE")
    ]


def team_rows(formset):
    """(person, role) of the team rows a formset keeps."""
    return [
        (form.cleaned_data["person"], form.cleaned_data.get("role"))
        for form in formset.forms
        if form.cleaned_data.get("person") and not form.cleaned_data.get("DELETE")
    ]


class TeamAdminForm(WagtailAdminModelForm):
    """A team names one principal investigator (for a proposal: the dossier's own)."""

    def clean(self):
        cleaned_data = super().clean()
        members = self.formsets.get("members")
        if members is not None and members.is_valid():
            principal = cleaned_data.get("principal") if "principal" in self.fields else None
            for problem in principal_problems(team_rows(members), principal):
                self.add_error(None, problem)
        return cleaned_data
