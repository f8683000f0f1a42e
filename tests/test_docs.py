import re
from pathlib import Path

import pytest
from django.conf import settings

from research.models import ALLOWED_PROPOSAL_TRANSITIONS, ALLOWED_TRANSITIONS
from research.orders.models import ORDER_TRANSITIONS

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


TABLES = [
    ("Topic", ALLOWED_TRANSITIONS),
    ("Proposal", ALLOWED_PROPOSAL_TRANSITIONS),
    ("Order", ORDER_TRANSITIONS),
]


def section(heading, text):
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(("heading", "table"), TABLES)
def test_state_table_in_docs_matches_the_code(heading, table):
    documented = {
        status: [] if moves == "—" else [m.strip() for m in moves.split(",")]
        for status, moves in table_after(heading, WORKFLOWS.read_text()).items()
    }
    assert documented == {status: list(moves) for status, moves in table.items()}


@pytest.mark.parametrize(("heading", "table"), TABLES)
def test_state_diagram_in_docs_matches_the_code(heading, table):
    text = section(heading, WORKFLOWS.read_text())
    arrows = set(re.findall(r"^\s+(\w+) --> (\w+)$", text, re.MULTILINE))
    assert arrows == {(src, dst) for src, moves in table.items() for dst in moves}
