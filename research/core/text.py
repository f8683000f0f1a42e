"""Vietnamese text folding for matching: “Nguyễn Văn Hoà”, “nguyen van hòa” and the same name
typed in decomposed Unicode (NFD) all fold to “nguyen van hoa”. đ is a letter, folded to d."""

import re
import unicodedata


def fold(text):
    """Lower case, without diacritics; đ → d."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def folded_with_positions(text):
    """`text` in NFC, its folded form, and for each folded character the index of the NFC
    character it came from — so that a match found in the folded text maps back to the original."""
    composed = unicodedata.normalize("NFC", text or "")
    folded, positions = [], []
    for index, char in enumerate(composed):
        for piece in fold(char):
            folded.append(piece)
            positions.append(index)
    return composed, "".join(folded), positions


# Control characters no text of the portal holds: XML 1.0 cannot carry them (an OAI record or an
# .xlsx with one is broken) and no keyboard types them; tab, new line and carriage return stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text):
    """`text` without the control characters XML cannot hold (issue 19, item 6): the one cleaning
    used at the boundary (every submitted form, every imported cell) and on the way out (every
    spreadsheet written)."""
    return CONTROL_CHARACTERS.sub("", text) if isinstance(text, str) else text
