"""The one query interface of the public search: a plain form validates what the visitor sent,
`ResearchSearch` turns it into a request for whichever engine runs, and decorates the answer."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from research.bounds import IdField
from research.models import OutputKind, TopicLevel
from search.engines import get_engine
from search.models import EntryKind
from search.text import MAX_QUERY_LENGTH, highlight, terms

PAGE_SIZE = 20
MAX_PAGE = 500
EXPORT_LIMIT = 5000
FILTERS = ("type", "level", "kind", "year", "unit", "field", "body")
SORTS = [("relevance", _("Relevance")), ("date", _("Newest first"))]
FACET_LABELS = {
    "type": dict(EntryKind.choices),
    "level": dict(TopicLevel.choices),
    "kind": dict(OutputKind.choices),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), choices=EntryKind.choices, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=TopicLevel.choices, required=False)
    kind = forms.ChoiceField(label=_("Output kind"), choices=OutputKind.choices, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    unit = IdField(label=_("Unit"), required=False)
    field = IdField(label=_("Research field"), required=False)
    body = IdField(label=_("Ordering body"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_q(self):
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]

    def values(self):
        """What was valid of the request; a bad value is dropped, never an error page."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


@dataclass
class SearchRequest:
    words: list
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE


class ResearchSearch:
    """The public search over published topics, outputs and people."""

    def __init__(self, data, engine=None):
        values = SearchForm(data).values()
        self.query = values.get("q", "")
        self.request = SearchRequest(
            words=terms(self.query),
            filters={name: values[name] for name in FILTERS if name in values},
            sort=values.get("sort") or ("relevance" if self.query else "date"),
            page=values.get("page", 1),
        )
        self.engine = engine or get_engine()

    def results(self, page_size=PAGE_SIZE):
        self.request.page_size = page_size
        found = self.engine.search(self.request)
        for hit in found.hits:
            hit.title_highlighted = highlight(hit.title, self.request.words)
            hit.summary_highlighted = highlight(hit.summary[:400], self.request.words)
        return found

    def all_hits(self):
        """The whole result set (up to EXPORT_LIMIT rows) for the downloads."""
        self.request.page, self.request.page_size = 1, EXPORT_LIMIT
        return self.engine.search(self.request).hits

    def facet_groups(self, found, params):
        """Each facet with its options: label, count, whether chosen, and the URL query that
        toggles it (other choices kept, back to page 1)."""
        groups = []
        for name in FILTERS:
            options = []
            for value, label, count in found.facets.get(name, []):
                chosen = str(self.request.filters.get(name, "")) == str(value)
                toggled = params.copy()
                toggled.pop("page", None)
                if chosen:
                    toggled.pop(name, None)
                else:
                    toggled[name] = value
                options.append(
                    {
                        "value": value,
                        "label": FACET_LABELS.get(name, {}).get(value, label or value),
                        "count": count,
                        "chosen": chosen,
                        "query": toggled.urlencode(),
                    }
                )
            if options:
                groups.append(
                    {"name": name, "label": SearchForm.base_fields[name].label, "options": options}
                )
        return groups

    def suggestions(self):
        return self.engine.suggest(self.request.words)
