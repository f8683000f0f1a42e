"""Vietnamese folding and tokenisation, defined once and applied on both sides of every engine:
the folded text written into the index and the visitor's query go through the same `tokens()`,
so "2.400", "11-QĐ/TW" or "1,5" meet themselves whatever the engine (each engine's own tokenizer
then only splits on spaces: see docs/search.md).

- Folding: Unicode NFD, combining marks removed, đ → d, lower case.
- A *span* is a word, a number or a code: letter-or-digit runs joined by single `.`, `,`, `/` or
  `-` ("11-QĐ/TW", "2021-2025", "1,5", "2.400").
- A number grouped by thousands with dots ("2.400", "1.250.000") becomes one token without them
  ("2400"), so it also meets "2400". Every other span becomes its runs ("11-QĐ/TW" → 11 qd tw,
  "1,5" → 1 5), which a query holds together as a phrase: "11-QĐ/TW" finds "11-QĐ/TW" and
  "11 QĐ TW", never 11, QĐ and TW scattered.
- A quoted part of a query is one phrase as well.
"""

import functools
import re
import sys
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

RUN = r"[^\W_]+"  # letters and digits of any script
RUNS = re.compile(RUN)
SPAN = re.compile(rf"{RUN}(?:[.,/\-]{RUN})*")
# 2.400, 25.000, 1.250.000 — not 2.4, 2.4000, v1.250 or 1.250.7
THOUSANDS = re.compile(r"(?<![^\W_])(?<!\.)\d{1,3}(?:\.\d{3})+(?![^\W_])(?!\.[^\W_])")
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
MAX_QUERY_LENGTH = 200
MAX_TERMS = 16  # tokens of a query
MAX_TOKEN_LENGTH = 100


@functools.cache
def folding_table():
    """str.translate's table: every combining mark removed (built once, ~0.1 s: a translate is
    several times faster than testing each character, and a rebuild folds millions)."""
    return dict.fromkeys(
        code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))
    )


# after NFD: a character other than ASCII and the combining marks of U+0300–U+036F (all but
# U+034F, the grapheme joiner, which is not one)
BEYOND_COMBINING_DIACRITICS = re.compile("[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def fold(text):
    """Lower case, without diacritics; đ → d. Vietnamese text is ASCII once decomposed but for
    the marks of U+0300–U+036F: those are dropped by an ASCII encoding, about three times as fast as
    `folding_table()`'s translate, which any other script goes through."""
    text = unicodedata.normalize("NFD", text or "").lower().replace("đ", "d")
    if text.isascii():
        return text
    if BEYOND_COMBINING_DIACRITICS.search(text):
        return text.translate(folding_table())
    return text.encode("ascii", "ignore").decode("ascii")


def span_tokens(span):
    """The tokens of one folded span."""
    if not any(separator in span for separator in ".,/-"):
        return [span[:MAX_TOKEN_LENGTH]]  # one run: most spans
    span = THOUSANDS.sub(lambda number: number.group().replace(".", ""), span)
    return [token[:MAX_TOKEN_LENGTH] for token in RUNS.findall(span)]


# THOUSANDS over a whole text rather than one span: a number that starts a span may follow a
# separator that is not part of it (“…2.400”), never a letter or digit and a dot (“v1.250”)
THOUSANDS_IN_TEXT = re.compile(r"(?<![^\W_])(?<![^\W_]\.)\d{1,3}(?:\.\d{3})+(?![^\W_])(?!\.[^\W_])")


def tokens(text):
    """The tokens of a text, in order: what the index holds, space-separated. The same as each
    span's `span_tokens` (the test holds them together), in one pass over the text: a rebuild
    folds millions of spans."""
    text = THOUSANDS_IN_TEXT.sub(lambda number: number.group().replace(".", ""), fold(text))
    return [token[:MAX_TOKEN_LENGTH] for token in RUNS.findall(text)]


def index_text(*texts):
    """The folded, tokenised form of `texts` that the engines index (tokens joined by spaces); a
    list among them (keywords) counts as its items."""
    flat = [item for text in texts for item in (text if isinstance(text, list | tuple) else [text])]
    return " ".join(token for text in flat if text for token in tokens(str(text)))


def query_groups(query):
    """A visitor's query as groups of tokens: every group must be in an entry, a group of several
    tokens as a phrase (a quoted part, a code, a decimal). Markup, operators and stray quotes are
    not words, so nothing reaches an engine's query syntax."""
    text = fold(strip_tags((query or "")[:MAX_QUERY_LENGTH]).translate(QUOTES))
    groups, room = [], MAX_TERMS
    for position, part in enumerate(text.split('"')):
        spans = [tokens for span in SPAN.findall(part) if (tokens := span_tokens(span))]
        quoted = position % 2 == 1
        for group in [[token for span in spans for token in span]] if quoted else spans:
            group = group[:room]
            if group:
                groups.append(tuple(group))
                room -= len(group)
    return groups


def highlight(text, words):
    """`text` escaped, with the spans holding a query token in <mark>."""
    text = unicodedata.normalize("NFC", text or "")
    if not words:
        return escape(text)
    wanted = set(words)
    pieces, position = [], 0
    for match in SPAN.finditer(text):
        if wanted.intersection(span_tokens(fold(match.group()))):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
