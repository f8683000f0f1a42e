from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from research.core.validators import limit_text
from research.planning.models import MAX_PLAN_YEARS, MAX_TARGET, ResearchPlan


class ResearchPlanForm(WagtailAdminModelForm):
    """The plan's heading, topics and budget; the years are checked here with the reason."""

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last:
            if last < first:
                self.add_error("last_year", _("The last year cannot be before the first year."))
            elif last - first + 1 > MAX_PLAN_YEARS:
                self.add_error(
                    "last_year",
                    _("A plan covers at most %(years)s years.") % {"years": MAX_PLAN_YEARS},
                )
            else:
                self.check_line_years(first, last)
        return cleaned

    def check_line_years(self, first, last):
        """A planned topic or budget line is for a year of the plan."""
        for name in ("planned_topics", "budget"):
            formset = self.formsets.get(name)
            if formset is None or not formset.is_valid():
                continue
            for form in formset.forms:
                year = form.cleaned_data.get("year")
                if year and not form.cleaned_data.get("DELETE") and not first <= year <= last:
                    form.add_error(
                        "year",
                        _("Choose a year between %(first)s and %(last)s.")
                        % {"first": first, "last": last},
                    )


def target_field_names(indicator, year):
    return f"target_{indicator.pk}_{year}", f"new_{indicator.pk}_{year}"


class TargetsForm(forms.Form):
    """One target and one number of new records per indicator and year of the plan; an empty
    target drops the indicator's target for that year."""

    def __init__(self, *args, plan: ResearchPlan, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.indicators = plan, list(indicators)
        existing = {(t.indicator_id, t.year): t for t in plan.targets.all()}
        self.grid = []
        for indicator in self.indicators:
            cells = []
            for year in plan.years:
                target_name, new_name = target_field_names(indicator, year)
                current = existing.get((indicator.pk, year))
                self.fields[target_name] = forms.DecimalField(
                    label=_("%(code)s, %(year)s: target") % {"code": indicator.code, "year": year},
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(MAX_TARGET),
                    max_digits=8,
                    decimal_places=2,
                    initial=current.target if current else None,
                    widget=forms.NumberInput(attrs={"step": "any", "class": "plan-target"}),
                )
                self.fields[new_name] = forms.IntegerField(
                    label=_("%(code)s, %(year)s: new records in the year")
                    % {"code": indicator.code, "year": year},
                    required=False,
                    min_value=0,
                    max_value=MAX_TARGET,
                    initial=current.new_records if current else None,
                    widget=forms.NumberInput(attrs={"class": "plan-new"}),
                )
                cells.append((year, self[target_name], self[new_name]))
            self.grid.append((indicator, cells))

    def values(self):
        """{(indicator pk, year): (target or None, new records or None)}."""
        found = {}
        for indicator in self.indicators:
            for year in self.plan.years:
                target_name, new_name = target_field_names(indicator, year)
                found[(indicator.pk, year)] = (
                    self.cleaned_data.get(target_name),
                    self.cleaned_data.get(new_name),
                )
        return found


class ReviewForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    assessment = forms.CharField(
        label=_("Assessment"),
        validators=[limit_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done against the plan, what was not and why, what comes next."),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
