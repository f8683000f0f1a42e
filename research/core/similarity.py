"""“Has this been done?” — the port through which research asks for the work most similar to a
draft (a proposal's title, keywords and summary), without knowing the search engines.

research supplies the draft and the school's own records the viewer may see (`Record`: topics,
proposals of the same call — never in the public index); the search app fills the registry in
`SearchConfig.ready()` with a finder that also reads every entry of the public search index
(topics, outputs, news, records harvested from other schools: any kind with a title, summary and
address), scores all of them the same way and explains each score by the phrases shared with the
draft. research never imports search: it only calls `find_similar()`.
"""

import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TITLE = 500  # characters of a draft's title that are compared
MAX_TEXT = 4000  # characters of its summary and keywords
LIMIT = 5  # hits shown


@dataclass(frozen=True)
class Draft:
    """What is compared: a title, keywords and a summary (cut to the bounds above)."""

    title: str
    keywords: tuple = ()
    summary: str = ""

    @classmethod
    def of(cls, title="", keywords=(), summary=""):
        if isinstance(keywords, str):  # as typed: one a line, or separated by , or ;
            keywords = [word.strip() for word in re.split(r"[\n,;]+", keywords)]
        kept, room = [], MAX_TEXT
        for word in keywords:
            if word and len(word) <= room:
                kept.append(word)
                room -= len(word)
        return cls(
            title=(title or "").strip()[:MAX_TITLE],
            keywords=tuple(kept),
            summary=(summary or "").strip()[:room],
        )

    @property
    def is_empty(self):
        return not (self.title or self.summary or self.keywords)


@dataclass(frozen=True)
class Record:
    """One of the school's own records that is not (or not yet) public: compared like an entry of
    the public index, shown with what the viewer may see of it."""

    ref: str  # "topic:12", "proposal:34": stable, recorded with the office's judgement
    kind: str  # "topic", "proposal"
    kind_label: str
    title: str
    text: str = ""  # summary and keywords
    code: str = ""
    url: str = ""


@dataclass
class Similar:
    """One similar piece of work, best first: a score from 0 to 100 and the phrases of the draft
    it shares (folded, as the index holds them)."""

    ref: str  # "entry:<page id>" for the public index, a Record's ref otherwise
    kind: str
    kind_label: str
    title: str
    score: int
    shared: list = field(default_factory=list)
    url: str = ""
    code: str = ""
    public: bool = False
    # the school's record a public entry shows ("topic:12", "output:7"), so that blind review
    # can tell the team's own earlier work; "" for entries of other schools, news …
    record: str = ""


@dataclass
class SimilarityRequest:
    draft: Draft
    records: list = field(default_factory=list)  # Record: the viewer's private candidates
    exclude: frozenset = frozenset()  # refs (of entries or records) never listed
    limit: int = LIMIT


_finders = []


def register(finder):
    """Called once by the search app: `finder(request) -> [Similar]`."""
    _finders[:] = [finder]
    return finder


def find_similar(request):
    """The most similar work, best first; nothing without a draft."""
    if request.draft.is_empty or not _finders:
        return []
    return _finders[0](request)


class CommonPhrase(models.Model):
    """A phrase nearly every title of the school says (“xây dựng Đảng”, “nâng cao chất lượng”):
    shared, it says nothing about overlap, so it weighs little in a similarity score and is never
    given as the shared phrase that explains one. The office keeps the list."""

    phrase = models.CharField(_("phrase"), max_length=200, unique=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("common phrase")
        verbose_name_plural = _("common phrases")

    def __str__(self):
        return self.phrase
