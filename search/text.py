"""Vietnamese folding, the same on both sides of every engine: “Nghiên cứu Đảng” and
“nghien cuu dang” fold to the same words, whatever Unicode form the text arrives in."""

import re
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

WORD = re.compile(r"\w+")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12


def fold(text):
    """Lower case, without diacritics; đ → d."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def terms(query):
    """The folded words of a visitor's query: operators, quotes and markup are not words."""
    return WORD.findall(fold(strip_tags(query[:MAX_QUERY_LENGTH])))[:MAX_TERMS]


def highlight(text, words):
    """`text` escaped, with the words whose folded form starts with a query term in <mark>."""
    if not words:
        return escape(text)
    pieces, position = [], 0
    for match in WORD.finditer(text or ""):
        if any(fold(match.group()).startswith(word) for word in words):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape((text or "")[position:]))
    return mark_safe("".join(pieces))
