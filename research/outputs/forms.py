from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import ClusterForm
from wagtail.models import ReferenceIndex

from research.core.names import Ambiguous, PeopleMatcher
from research.core.people import Person
from research.outputs.models.declarations import EventParticipation
from research.outputs.models.outputs import Output, OutputAuthor
from research.outputs.models.records import Fieldwork

AUTHOR_SEPARATOR = "\n"


class OutputDeclarationForm(ClusterForm):
    """An output with its authors in order (one per line, matched like the import does) and its
    files. Unknown co-authors become outside researchers."""

    author_names = forms.CharField(
        label=_("Authors, in order"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, yourself included. For two people of the same name, add the unit in brackets: “Nguyễn Văn An (Khoa Xây dựng Đảng)”."
        ),
    )

    class Meta:
        model = Output
        fields = [
            "kind",
            "title",
            "author_names",
            "published_on",
            "abstract",
            "keyword_list",
            "topic",
            "venue",
            "volume",
            "issue",
            "pages",
            "issn",
            "isbn",
            "publisher",
            "url",
            "is_public",
        ]
        formsets = {
            "files": {
                "fields": ["title", "file", "is_public"],
                "extra": 2,
                "max_num": settings.MAX_FILES_PER_RECORD,
                "validate_max": True,
            }
        }
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        # Django reads up to max_num + 1,000 posted rows before it refuses the surplus.
        self.formsets["files"].absolute_max = settings.MAX_FILES_PER_RECORD
        self.person = person
        self.fields["topic"].queryset = self.fields["topic"].queryset.filter(members__person=person)
        if self.instance.pk:
            self.initial["author_names"] = AUTHOR_SEPARATOR.join(
                a.person.full_name for a in self.instance.authors.select_related("person")
            )
        else:
            self.initial["author_names"] = person.full_name

    def clean_author_names(self):
        """The people the lines name, in order. At most MAX_AUTHORS lines are read, counted before
        any is matched, and each is matched once by key: the work is bounded whatever is sent."""
        lines = [line.strip() for line in self.cleaned_data["author_names"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > settings.MAX_AUTHORS:
            raise forms.ValidationError(
                _("An output has at most %(limit)s authors; %(count)s are listed.")
                % {"limit": settings.MAX_AUTHORS, "count": len(lines)}
            )
        context = PeopleMatcher()
        authors, seen = [], set()
        for line in lines:
            try:
                person = context.match_person(line)
            except Ambiguous as ambiguous:
                raise forms.ValidationError(
                    _("“%(name)s” matches several people (%(who)s): add the unit in brackets.")
                    % {
                        "name": ambiguous.written,
                        "who": "; ".join(
                            str(p.unit or p.affiliation or p.pk) for p in ambiguous.candidates
                        ),
                    }
                ) from ambiguous
            # A new outside researcher has no pk yet: the same line twice is the same object.
            key = person.pk or id(person)
            if key in seen:
                raise forms.ValidationError(_("A person appears only once among the authors."))
            seen.add(key)
            authors.append(person)
        if self.person.pk not in seen:
            raise forms.ValidationError(_("You are not among the authors."))
        return authors

    def save_authors(self, output):
        """Replace the output's authors by the form's, in order; the declarer's own authorship
        is confirmed, the co-authors confirm theirs.

        The author rows are written in one statement and Wagtail's reference index is updated
        once: created one by one, each row re-indexed the output with every author so far, and
        1,000 authors held the write lock for 55 s (issue 19)."""
        output.authors.all().delete()
        rows = []
        for order, person in enumerate(self.cleaned_data["author_names"]):
            if person.pk is None:
                person.save()
            rows.append(
                OutputAuthor(
                    output=output,
                    person=person,
                    sort_order=order,
                    confirmed_at=output.created_at if person.pk == self.person.pk else None,
                )
            )
        OutputAuthor.objects.bulk_create(rows)
        ReferenceIndex.create_or_update_for_object(output)


class FieldworkDeclarationForm(forms.ModelForm):
    class Meta:
        model = Fieldwork
        fields = ["place", "started_on", "ended_on", "lecturers", "report"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"lecturers": _("Colleagues who went with you; you are added yourself.")}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["lecturers"].queryset = Person.objects.lecturers().exclude(pk=person.pk)
        self.fields["lecturers"].required = False

    def save_lecturers(self, fieldwork):
        fieldwork.lecturers.set([self.person, *self.cleaned_data["lecturers"]])


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = EventParticipation
        fields = [
            "event",
            "event_title",
            "organiser",
            "held_on",
            "role",
            "paper_title",
            "certificate",
        ]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.instance.person = person

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("event") and not cleaned.get("event_title"):
            self.add_error("event_title", _("Choose an event of the school or name the event."))
        return cleaned
