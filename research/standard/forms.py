from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from research.standard.models import PARAMETERS

PARAMETER_LABELS = {
    "levels": _("levels"),
    "origins": _("origins"),
    "roles": _("school's roles"),
    "statuses": _("statuses that count"),
    "orders": _("province orders"),
    "placement": _("in the window when"),
    "kinds": _("output kinds"),
}


PARAMETER_HELP = {
    "placement": _("None ticked: started in the window."),
}


def parameter_field_name(rule_kind, parameter):
    return f"{rule_kind}__{parameter}"


class IndicatorFormBase(WagtailAdminModelForm):
    """The rule's parameters as ticked lists, one group per rule kind and parameter, instead of
    JSON; the groups of the chosen rule become `parameters`, the others are ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PARAMETERS.get(self.instance.rule_kind, {}):
            field_name = parameter_field_name(self.instance.rule_kind, name)
            self.initial.setdefault(field_name, self.instance.values_of(name))

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("rule_kind")
        self.instance.parameters = {
            name: cleaned_data[parameter_field_name(kind, name)]
            for name in PARAMETERS.get(kind, {})
            if cleaned_data.get(parameter_field_name(kind, name))
        }
        return cleaned_data


IndicatorAdminForm = type(
    "IndicatorAdminForm",
    (IndicatorFormBase,),
    {
        parameter_field_name(kind, name): forms.MultipleChoiceField(
            label=format_lazy("{} — {}", kind.label, PARAMETER_LABELS[name]),
            choices=values.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=PARAMETER_HELP.get(name, _("None ticked: any.")),
        )
        for kind, parameters in PARAMETERS.items()
        for name, values in parameters.items()
    },
)
