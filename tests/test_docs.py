import re
from pathlib import Path

from django.conf import settings

from research.models import ALLOWED_TRANSITIONS

WORKFLOWS = Path(settings.BASE_DIR) / "docs" / "workflows.md"


def table_after(heading, text):
    """Rows of the first Markdown table under `## heading`, as {first cell: second cell}."""
    section = text.split(f"## {heading}\n", 1)[1]
    rows = {}
    for line in section.splitlines():
        if line.startswith("## "):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and not re.fullmatch(r"-+", cells[0]):
            rows[cells[0]] = cells[1]
    rows.pop("From", None)
    return rows


def test_topic_table_in_docs_matches_the_code():
    documented = {
        status: [] if moves == "—" else [m.strip() for m in moves.split(",")]
        for status, moves in table_after("Topic", WORKFLOWS.read_text()).items()
    }
    assert documented == {status: list(moves) for status, moves in ALLOWED_TRANSITIONS.items()}


def test_topic_diagram_in_docs_matches_the_code():
    arrows = set(re.findall(r"^\s+(\w+) --> (\w+)$", WORKFLOWS.read_text(), re.MULTILINE))
    assert arrows == {(src, dst) for src, moves in ALLOWED_TRANSITIONS.items() for dst in moves}
