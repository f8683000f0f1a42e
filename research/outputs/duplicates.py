"""The office's own add/edit form for outputs: a record of a work the portal already holds (same
DOI, ISBN, or folded title + year + venue — `OutputQuerySet.same_as`, the rule declarations and
the import follow) is not saved a second time. The form names the existing record with a link;
the office proceeds only by merging into it (`merge_output`, as a verified declaration does), so
the criterion counts the work once."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView

from research.outputs.actions import merge_output
from research.outputs.models.outputs import Output

IDENTITY_FIELDS = ["title", "venue", "url", "isbn", "published_on"]


class OutputAdminForm(WagtailAdminModelForm):
    merge_into_existing = forms.BooleanField(
        label=gettext_lazy("Merge into the existing record"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # set on the form, not the class: Wagtail's panel prefers a class-level help text, and
        # the link to the existing record replaces this one once a duplicate is found
        self.fields["merge_into_existing"].help_text = _(
            "When the portal already holds this work, its authors and files are added to that "
            "record instead of saving a second one."
        )

    def clean(self):
        cleaned_data = super().clean()
        self.merge_target = self.duplicate = None
        candidate = Output(**{name: cleaned_data.get(name) for name in IDENTITY_FIELDS})
        candidate.pk = self.instance.pk
        existing = Output.objects.same_as(candidate).first()
        if existing is None:
            return cleaned_data
        if cleaned_data.get("merge_into_existing"):
            self.merge_target = existing
            return cleaned_data
        self.add_error(
            "merge_into_existing",
            _(
                "The portal already holds this work: “%(title)s” (%(year)s), with the same DOI, "
                "ISBN, or title, year and venue. Tick “Merge into the existing record” to add "
                "these authors and files to it; a second record would count the work twice."
            )
            % {"title": existing.title, "year": existing.published_on.year},
        )
        self.duplicate = existing
        return cleaned_data


class MergeDuplicateMixin:
    """Saving a duplicate the office chose to merge: the form's record is folded into the
    existing one, and the office lands on it."""

    def form_invalid(self, form):
        existing = getattr(form, "duplicate", None)
        if existing is not None:
            # the link to the existing record (Wagtail escapes the form's error texts)
            messages.warning(
                self.request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The existing record:"),
                    reverse("research_output:edit", args=[existing.pk]),
                    existing.title,
                ),
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        target = getattr(form, "merge_target", None)
        if target is None:
            return super().form_valid(form)
        with transaction.atomic():
            merged = merge_output(form.save(), into=target, user=self.request.user)
        messages.success(
            self.request,
            _("Merged into the existing record “%(title)s”; the work is counted once.")
            % {"title": merged.title},
        )
        return redirect(reverse("research_output:edit", args=[merged.pk]))


class OutputCreateView(MergeDuplicateMixin, CreateView):
    pass


class OutputEditView(MergeDuplicateMixin, EditView):
    pass
