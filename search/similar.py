"""Similar work for a draft (research.core.similarity's port, filled in SearchConfig.ready()): the
engine retrieves candidates from the public index, then every candidate — public entries of any
kind (topics, outputs, news, records harvested from other schools) and the school's own records
the viewer may see — is scored here, the same way whatever the engine, and explained by the
phrases it shares with the draft.

Keeping common phrases from dominating (every title says “xây dựng Đảng”, “nâng cao chất
lượng”):
- each word weighs its inverse document frequency over the public index (a word in most entries
  weighs little), counted with a cap so that the work is bounded at any size;
- the office's list of common phrases (research.CommonPhrase, data) divides the weight of the
  words of such a phrase, wherever it occurs, by COMMON_DIVISOR, and such a phrase is never the
  shared phrase given as the reason;
- the engine retrieves candidates by the draft's most distinctive words and word pairs only.

The score (0–100) is a weighted Dice coefficient over words and adjacent word pairs, half on the
titles and half on the whole texts (title, keywords, summary), so that a paraphrase (same words,
other order) and an extension (the same title and more) score high while a topic sharing only
common vocabulary scores low."""

import math
import unicodedata
from dataclasses import dataclass

from django.db import connection

from research.core.similarity import CommonPhrase, Similar
from search.engines import get_engine
from search.kinds import KINDS
from search.query import kind_labels
from search.text import SPAN, fold, span_tokens, tokens

CANDIDATES = 50  # entries the engine retrieves for scoring
PROBE_WORDS = 12  # the draft's most distinctive words sent to the engine
PROBE_PAIRS = 8  # and word pairs, as phrases
DF_CAP_SHARE = 20  # a word's document count stops at 1/20 of the index (at least DF_CAP_MIN)
DF_CAP_MIN = 200
COMMON_DIVISOR = 8  # a word inside one of the office's common phrases weighs this much less
MIN_SCORE = 20  # below this a candidate is not similar enough to list (bench_similar)
SHARED_SHOWN = 5
# kinds of the public index that are not a piece of work (a person's page)
NOT_WORK = {"person"}
# kinds whose page shows a record of the school: (page model's field naming it, record's prefix)
RECORD_OF_KIND = {"topic": "topic_id", "output": "output_id"}


@dataclass
class Probe:
    """What the engine is asked for: entries holding any of these, best first."""

    words: list  # folded tokens
    pairs: list  # folded token pairs, each a phrase
    text: str  # the draft's folded text without its common phrases (more_like_this)
    exclude_kinds: frozenset = frozenset(NOT_WORK)


def common_phrases():
    """The office's common phrases as folded token tuples, longest first."""
    found = {tuple(tokens(p)) for p in CommonPhrase.objects.values_list("phrase", flat=True)}
    return sorted((p for p in found if p), key=len, reverse=True)


def common_mask(stream, phrases):
    """For each token of `stream`, whether it lies inside one of the common phrases."""
    mask = [False] * len(stream)
    for phrase in phrases:
        size = len(phrase)
        for start in range(len(stream) - size + 1):
            if tuple(stream[start : start + size]) == phrase:
                mask[start : start + size] = [True] * size
    return mask


def document_frequencies(words):
    """(entries in the index, {word: entries holding it, capped}) in one statement."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_searchentry")
        total = cursor.fetchone()[0]
    words = sorted(set(words))
    if not words or not total:
        return total, {}
    cap = max(DF_CAP_MIN, total // DF_CAP_SHARE)
    if connection.vendor == "postgresql":
        piece = (
            "(SELECT COUNT(*) FROM (SELECT 1 FROM search_searchentry WHERE text_vector @@ "
            "to_tsquery('simple', %s) LIMIT %s) c)"
        )
        params = [value for word in words for value in (word, cap)]
    else:
        piece = (
            "(SELECT COUNT(*) FROM (SELECT 1 FROM search_entry_fts WHERE search_entry_fts "
            "MATCH %s LIMIT %s) c)"
        )
        params = [value for word in words for value in (f'text_folded : "{word}"', cap)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([piece] * len(words)), params)
        counts = cursor.fetchone()
    return total, dict(zip(words, counts, strict=True))


class Weights:
    """Each word's weight: its inverse document frequency over the public index."""

    def __init__(self, words):
        self.total, counts = document_frequencies(words)
        self.known = {
            word: math.log((self.total + 1) / (count + 1)) + 0.1 for word, count in counts.items()
        }
        self.default = (
            sum(self.known.values()) / len(self.known) if self.known else 1.0
        )  # a word the draft does not hold: it only counts against the overlap

    def __call__(self, word):
        return self.known.get(word, self.default)


class Text:
    """A text's token stream and its weighted words and adjacent word pairs."""

    def __init__(self, stream, weights, phrases):
        self.stream = stream
        mask = common_mask(stream, phrases)
        self.grams = {}
        for position, word in enumerate(stream):
            weight = weights(word) / (COMMON_DIVISOR if mask[position] else 1)
            self.grams[word] = max(self.grams.get(word, 0), weight)
            if position:
                pair = (stream[position - 1], word)
                before = weights(pair[0]) / (COMMON_DIVISOR if mask[position - 1] else 1)
                self.grams[pair] = max(self.grams.get(pair, 0), (before + weight) / 2)
        self.mask = mask

    def shared(self, other):
        return sum(min(w, other.grams[g]) for g, w in self.grams.items() if g in other.grams)

    def dice(self, other):
        """The weight shared over both texts' weights."""
        whole = sum(self.grams.values()) + sum(other.grams.values())
        return 2 * self.shared(other) / whole if whole else 0.0

    def overlap(self, other):
        """The weight shared over the lighter text's: an extension holds all of the title."""
        lighter = min(sum(self.grams.values()), sum(other.grams.values()))
        return self.shared(other) / lighter if lighter else 0.0


@dataclass
class Candidate:
    ref: str
    kind: str
    kind_label: str
    title: str
    title_stream: list
    text_stream: list
    url: str = ""
    code: str = ""
    public: bool = False
    record: str = ""


def draft_words(draft):
    """(the title's tokens, every token of the draft, the original words of the draft: token →
    the word as written, for showing a shared phrase)."""
    written = {}
    streams = []
    for text in (draft.title, *draft.keywords, draft.summary):
        stream = []
        # composed first: a decomposed "ê" (e and a combining mark, as some keyboards type it)
        # would end a span at the mark
        for match in SPAN.finditer(unicodedata.normalize("NFC", text or "")):
            for token in span_tokens(fold(match.group())):
                stream.append(token)
                written.setdefault(token, match.group())
        streams.append(stream)
    everything = [token for stream in streams for token in stream]
    return streams[0], everything, written


def probe(everything, weights, mask):
    """The draft's most distinctive words and word pairs, outside the common phrases."""
    ranked = sorted(
        {word for word, common in zip(everything, mask, strict=True) if not common},
        key=lambda word: (-weights(word), word),
    )
    pairs = {
        (a, b): weights(a) + weights(b)
        for (a, b), common_a, common_b in zip(
            zip(everything, everything[1:], strict=False), mask, mask[1:], strict=False
        )
        if not (common_a and common_b)
    }
    best_pairs = sorted(pairs, key=lambda pair: (-pairs[pair], pair))[:PROBE_PAIRS]
    kept = [word for word, common in zip(everything, mask, strict=True) if not common]
    return Probe(words=ranked[:PROBE_WORDS], pairs=best_pairs, text=" ".join(kept))


def public_candidates(entries):
    """The engine's entries as candidates, with the school's record each one shows."""
    records = {}
    for kind, column in RECORD_OF_KIND.items():
        ids = [entry.page_id for entry in entries if entry.kind == kind]
        if ids and kind in KINDS:
            found = KINDS[kind].page_model.objects.filter(pk__in=ids).values_list("pk", column)
            records.update({page_id: f"{kind}:{record}" for page_id, record in found})
    names = kind_labels()
    return [
        Candidate(
            ref=f"entry:{entry.page_id}",
            kind=entry.kind,
            kind_label=str(names.get(entry.kind, entry.kind)),
            title=entry.title,
            title_stream=entry.title_folded.split(),
            text_stream=entry.title_folded.split() + tokens(entry.summary),
            url=entry.url,
            public=True,
            record=records.get(entry.page_id, ""),
        )
        for entry in entries
    ]


def private_candidates(records):
    return [
        Candidate(
            ref=record.ref,
            kind=record.kind,
            kind_label=str(record.kind_label),
            title=record.title,
            title_stream=tokens(record.title),
            text_stream=tokens(record.title) + tokens(record.text),
            url=record.url,
            code=record.code,
            record=record.ref,
        )
        for record in records
    ]


def shared_phrases(draft_text, other, written):
    """The draft's runs of words found, in order, in the other text, heaviest first, as the draft
    writes them: split where a common phrase sits, two words at least and not light words only
    (“ở các”), none inside one already given. Syllables are never cut from a run: a Vietnamese
    word is often two of them."""
    stream, mask, grams = draft_text.stream, draft_text.mask, draft_text.grams
    others = set(zip(other.stream, other.stream[1:], strict=False))
    light = 0.5 * sum(grams[word] for word in stream) / len(stream) if stream else 0
    runs, start = [], None
    for position in range(1, len(stream) + 1):
        linked = (
            position < len(stream)
            and (stream[position - 1], stream[position]) in others
            and not mask[position - 1]
            and not mask[position]
        )
        if linked and start is None:
            start = position - 1
        if not linked and start is not None:
            runs.append((start, position))
            start = None
    shown, seen = [], set()
    for begin, end in runs:
        words = tuple(stream[begin:end])
        weight = sum(grams[word] for word in words)
        if len(words) < 2 or words in seen or weight / len(words) < light:
            continue  # a single word, or light words only (“ở các”)
        seen.add(words)
        shown.append((weight, words))
    shown.sort(key=lambda item: -item[0])
    kept = []
    for _weight, words in shown:  # a phrase inside one already given says nothing more
        inside = f" {' '.join(words)} "
        if not any(inside in f" {' '.join(longer)} " for longer in kept):
            kept.append(words)
    return [" ".join(written.get(word, word) for word in words) for words in kept[:SHARED_SHOWN]]


def similarity(draft_title, other_title, draft_text, other_text):
    """From 0 to 1: the titles weigh 60 % (half Dice, half overlap: a title extended by a
    period or a place still holds the whole first title), the whole texts 40 % (Dice)."""
    titles = (draft_title.dice(other_title) + draft_title.overlap(other_title)) / 2
    return 0.6 * titles + 0.4 * draft_text.dice(other_text)


def find(request, engine=None):
    """research.core.similarity's finder: the request's draft against the public index (through
    `engine`) and the request's own records."""
    title, everything, written = draft_words(request.draft)
    if not everything:
        return []
    phrases = common_phrases()
    weights = Weights(set(everything))
    mask = common_mask(everything, phrases)
    engine = engine or get_engine()
    entries = engine.similar(probe(everything, weights, mask), CANDIDATES)
    candidates = public_candidates(entries) + private_candidates(request.records)
    draft_title = Text(title, weights, phrases)
    draft_text = Text(everything, weights, phrases)
    public_records = {c.record for c in candidates if c.public and c.record}
    distinctive = {word for word, common in zip(everything, mask, strict=True) if not common}
    found = []
    for candidate in candidates:
        if candidate.ref in request.exclude or candidate.record in request.exclude:
            continue
        if not candidate.public and candidate.record in public_records:
            continue  # the public entry of the same record is listed, with its page
        if distinctive.isdisjoint(candidate.text_stream):
            continue  # shares none of the draft's own words: not worth scoring
        other_title = Text(candidate.title_stream, weights, phrases)
        other_text = Text(candidate.text_stream, weights, phrases)
        score = round(100 * similarity(draft_title, other_title, draft_text, other_text))
        if score < MIN_SCORE:
            continue
        found.append(
            Similar(
                ref=candidate.ref,
                kind=candidate.kind,
                kind_label=candidate.kind_label,
                title=candidate.title,
                score=min(score, 100),
                shared=shared_phrases(draft_text, other_text, written),
                url=candidate.url,
                code=candidate.code,
                public=candidate.public,
                record=candidate.record,
            )
        )
    found.sort(key=lambda hit: (-hit.score, hit.title, hit.ref))
    return found[: request.limit]
