"""The one query interface of the public search: a plain form validates what the visitor sent,
`ResearchSearch` turns it into a request for whichever engine runs, and decorates the answer."""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.i18n import urls_in_language
from research.core.bounds import IdField
from research.models import OrderingBody, OutputKind, ResearchField, TopicLevel, Unit
from search.engines import get_engine
from search.kinds import labels
from search.models import HARVESTED, OWN_SCHOOL, PeerRepository
from search.text import MAX_QUERY_LENGTH, highlight, query_groups

PAGE_SIZE = 20
MAX_PAGE = 500
EXPORT_LIMIT = 5000
FILTERS = ("type", "level", "kind", "year", "unit", "field", "body", "school")
RELEVANCE, DATE = "relevance", "date"
SORTS = [(RELEVANCE, _("Relevance")), (DATE, _("Newest first"))]


def kind_labels():
    """The `type` facet's labels: the registered page kinds, and the other schools' records."""
    return {**labels(), HARVESTED: _("Other schools' research")}


# Facets of records whose names the office may write in English too.
NAMED = {"unit": Unit, "field": ResearchField, "body": OrderingBody}


def facet_labels(name):
    if name in NAMED:
        if get_language() == settings.LANGUAGE_CODE:
            return {}  # the index's own (Vietnamese) names
        names = {record.pk: record.in_language("name")[0] for record in NAMED[name].objects.all()}
        return {**names, **{str(pk): text for pk, text in names.items()}}
    return {
        "type": kind_labels(),
        "level": dict(TopicLevel.choices),
        "kind": dict(OutputKind.choices),
    }.get(name, {})


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.ChoiceField(
        label=_("Type"), choices=lambda: list(kind_labels().items()), required=False
    )
    level = forms.ChoiceField(label=_("Level"), choices=TopicLevel.choices, required=False)
    kind = forms.ChoiceField(label=_("Output kind"), choices=OutputKind.choices, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    unit = IdField(label=_("Unit"), required=False)
    field = IdField(label=_("Research field"), required=False)
    body = IdField(label=_("Ordering body"), required=False)
    # a peer repository (search.harvest): its records instead of this school's
    school = IdField(label=_("Other schools"), required=False)
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
    groups: list  # of tuples of tokens (search.text.query_groups)
    filters: dict = field(default_factory=dict)
    sort: str = RELEVANCE
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def words(self):
        """Every token of the query."""
        return [token for group in self.groups for token in group]


class ResearchSearch:
    """The public search over the published pages of every registered kind — or, when the
    visitor chooses one under "Other schools", over the records harvested from that school."""

    def __init__(self, data, engine=None):
        values = SearchForm(data).values()
        self.query = values.get("q", "")
        groups = query_groups(self.query)
        # relevance when words are typed, newest first for browsing; a choice of the visitor wins
        self.sort_chosen = values.get("sort")
        self.request = SearchRequest(
            groups=groups,
            # this school's own entries unless the visitor chose another school
            filters={"school": OWN_SCHOOL}
            | {name: values[name] for name in FILTERS if name in values},
            sort=self.sort_chosen or (RELEVANCE if groups else DATE),
            page=values.get("page", 1),
        )
        self.engine = engine or get_engine()

    def results(self, page_size=PAGE_SIZE):
        self.request.page_size = page_size
        found = self.engine.search(self.request)
        in_visitors_language(found.hits)
        language, kinds = get_language(), kind_labels()
        schools = school_names(found.hits)
        for hit in found.hits:
            hit.title_shown = hit.display_title(language)
            hit.title_highlighted = highlight(hit.title_shown, self.request.words)
            hit.summary_highlighted = highlight(hit.summary[:400], self.request.words)
            hit.kind_label = schools.get(hit.school) or kinds.get(hit.kind, hit.kind)
        return found

    @property
    def chosen(self):
        """The filters the visitor chose (not this school's own entries, the default)."""
        return {
            name: value
            for name, value in self.request.filters.items()
            if (name, value) != ("school", OWN_SCHOOL)
        }

    def all_hits(self):
        """The whole result set (up to EXPORT_LIMIT rows) for the downloads."""
        self.request.page, self.request.page_size = 1, EXPORT_LIMIT
        return in_visitors_language(self.engine.search(self.request).hits)

    def facet_groups(self, found, params):
        """Each facet with its options: label, count, whether chosen, and the URL query that
        toggles it (other choices kept, back to page 1)."""
        groups = []
        for name in FILTERS:
            options = []
            for value, label, count in found.facets.get(name, []):
                if name == "school" and value == OWN_SCHOOL:
                    continue  # the default: the other schools are the options
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
                        "label": facet_labels(name).get(value, label or value),
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
        """Up to 8 published items whose title holds the typed words in sequence (the last one
        begun), best first: the title, its type and its address in the visitor's language."""
        language, kinds, typed = get_language(), kind_labels(), " ".join(self.request.words)
        return [
            {
                "title": entry.title_holding(typed, language),
                "type": entry.kind,
                "type_label": str(kinds.get(entry.kind, entry.kind)),
                "url": entry.url,
            }
            for entry in in_visitors_language(self.engine.suggest(self.request.words))
        ]


def school_names(hits):
    """{peer repository id: name} of the harvested records among `hits`."""
    ids = {hit.school for hit in hits if hit.school != OWN_SCHOOL}
    return dict(PeerRepository.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def in_visitors_language(hits):
    """Point the hits (entries of the Vietnamese pages) at the pages of the visitor's language."""
    if get_language() == settings.LANGUAGE_CODE:
        return hits
    urls = urls_in_language([hit.page_id for hit in hits], get_language())
    for hit in hits:
        hit.url = urls.get(hit.page_id, hit.url)
    return hits
