"""Vietnamese alphabetical order for lists of people, in one place.

A Vietnamese name sorts by the given name (its last word), then by the rest from the family
name on. Letters follow the Vietnamese alphabet — a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t
u ư v x y — and tones count only after the letters (An, Anh, Ánh, Ăn, Âu). The order is ICU's
Vietnamese collation (CLDR), not a table of our own.

`name_key()` is the key for sorting in Python; `name_sort_key()` is the same order as a string
of hexadecimal digits that any database orders byte by byte, stored on each person
(`Person.sort_key`) so that paginated lists are ordered by the database.
"""

from functools import lru_cache

import icu

_COLLATOR = icu.Collator.createInstance(icu.Locale("vi_VN"))


@lru_cache(maxsize=4096)
def _collation_key(text):
    return _COLLATOR.getSortKey(text)


def split_name(full_name):
    """(given name, the rest): "Nguyễn Văn An" → ("An", "Nguyễn Văn")."""
    words = (full_name or "").split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def name_key(full_name):
    """Sort key of a person's full name: the given name, then the rest, in Vietnamese order."""
    given, rest = split_name(full_name)
    return (_collation_key(given), _collation_key(rest))


def text_key(text):
    """Sort key of any Vietnamese text (a title, a unit's name) in Vietnamese order."""
    return _collation_key(text or "")


def name_sort_key(full_name):
    """`name_key` as hexadecimal text: ordering these strings orders the names the Vietnamese way.

    ICU's sort keys end with a zero byte that no other byte of a key can be, so the given
    name's key followed by the rest's sorts by the given name first, the rest only on a tie.
    """
    given, rest = name_key(full_name)
    return (given + rest).hex()


def sort_people(items, name=lambda item: item.full_name):
    """`items` ordered by the Vietnamese order of `name(item)`; ties keep their order."""
    return sorted(items, key=lambda item: name_key(name(item)))
