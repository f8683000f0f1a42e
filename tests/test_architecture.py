"""The layout's rules, checked on the real code: the import-linter contracts of pyproject.toml
hold, a deliberate violation of each breaks it (so the contracts cannot pass vacuously), and no
module outside migrations is longer than 500 lines; docs/architecture.md's diagram shows the
real dependencies."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ["portal", "research", "cms", "search", "bench", "tests"]
MAX_LINES = 500
SKIPPED_FOLDERS = {"migrations", "node_modules", "__pycache__"}

LAYERS = "Apps in layers"
INFRASTRUCTURE = "Infrastructure and settings import no app"
SHIPPED = "Nothing that ships imports the benchmarks or the tests"
ACYCLIC = "No cycles between the packages and modules inside an app"
RESEARCH_LAYERS = "research's capabilities in layers"
WIRING = "No capability of research imports its wiring modules"
CORE = "research.core imports no capability package of research"
CONTRACTS = [LAYERS, INFRASTRUCTURE, SHIPPED, ACYCLIC, RESEARCH_LAYERS, WIRING, CORE]


def lint_imports(where):
    """lint-imports as `make lint` runs it, on the tree at `where`: (exit code, its report)."""
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=where, capture_output=True, text=True, timeout=300
    )
    return result.returncode, " ".join((result.stdout + result.stderr).split())


def verdict(report, contract):
    """KEPT or BROKEN, as the report's summary states it for the contract named so."""
    summary = report.split("Contracts: ", 1)[0]
    return re.search(re.escape(contract) + r".*? (KEPT|BROKEN)", summary)[1]


def broken(report):
    return {contract for contract in CONTRACTS if verdict(report, contract) == "BROKEN"}


def test_the_contracts_hold():
    code, report = lint_imports(BASE)
    assert code == 0, report
    assert broken(report) == set(), report


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """The packages and pyproject.toml in a folder of their own, to break the rules in."""
    root = tmp_path_factory.mktemp("layout")
    for package in PACKAGES:
        shutil.copytree(
            BASE / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(BASE / "pyproject.toml", root)
    return root


VIOLATIONS = [
    # (module added, its one import, the contracts it breaks: those and no other)
    ("research/_violation.py", "import cms.models", {LAYERS}),
    ("cms/_violation.py", "from search import views", {LAYERS}),
    # the plumbing asking the domain directly (it goes through settings.PERMISSION_CHECK)
    (
        "portal/operations/_violation.py",
        "from research import permissions",
        {LAYERS, INFRASTRUCTURE},
    ),
    ("portal/settings/_violation.py", "import cms.models", {INFRASTRUCTURE}),
    ("search/_violation.py", "import bench.corpus", {SHIPPED}),
    # cms.models → cms.opendata → cms.models: the cycle this layout broke, back again
    ("cms/models/_violation.py", "import cms.opendata.records", {ACYCLIC}),
    # cms.models → cms.stats (the counters) → cms.models
    ("cms/stats/_violation.py", "import cms.models", {ACYCLIC}),
    # a lower capability of research importing a higher one (calls sit below the criterion),
    # without closing a cycle: only the order of research's layers says no
    ("research/calls/_violation.py", "import research.standard.counting", {RESEARCH_LAYERS}),
    # a capability going through the module Django loads: research.models ⇄ topics, and through
    # it every capability above topics
    (
        "research/topics/_violation.py",
        "from research.models import Topic",
        {WIRING, ACYCLIC, RESEARCH_LAYERS},
    ),
    # the core asking a capability
    (
        "research/core/_violation.py",
        "import research.proposals.models",
        {CORE, RESEARCH_LAYERS, ACYCLIC},
    ),
]


@pytest.mark.parametrize(("module", "line", "contracts"), VIOLATIONS)
def test_a_deliberate_violation_breaks_its_contract(copy, module, line, contracts):
    path = copy / module
    path.write_text(f"{line}\n")
    try:
        code, report = lint_imports(copy)
    finally:
        path.unlink()
    assert code != 0, report
    assert broken(report) == contracts, report


def python_modules():
    """Every Python module of the repository, migrations and installed packages left out."""
    for folder, subfolders, files in os.walk(BASE):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS
            and not name.startswith(".")
            and not (Path(folder) / name).is_symlink()
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder) / name


def test_no_module_is_longer_than_500_lines():
    """A module past 500 lines becomes a package that re-exports its public names (as
    cms/models/ does): the whole repository, tests and benchmarks included."""
    too_long = {
        str(path.relative_to(BASE)): lines
        for path in python_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_the_line_count_reaches_every_package():
    """The walk above finds the apps' modules (a walk that found nothing would pass)."""
    found = {str(path.relative_to(BASE)) for path in python_modules()}
    assert {"cms/models/records.py", "research/core/permissions.py", "search/views.py"} <= found
    assert "bench/corpus.py" in found and "portal/operations/health.py" in found
    assert not any("/migrations/" in name or name.startswith(".") for name in found)


UNITS = ["portal.urls", "portal.operations", "research", "cms", "search", "bench"]
DIAGRAM = BASE / "docs" / "architecture.md"


def unit_of(module):
    return next((u for u in UNITS if module == u or module.startswith(u + ".")), None)


def test_the_diagram_shows_the_real_imports():
    """The edges listed under the diagram are those of the import graph, no more, no fewer."""
    graph = grimp.build_graph("portal", "research", "cms", "search", "bench", cache_dir=None)
    real = {
        (unit_of(importer), unit_of(imported))
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if unit_of(importer) and unit_of(imported) and unit_of(importer) != unit_of(imported)
    }
    block = DIAGRAM.read_text().split("<!-- edges: checked by tests/test_architecture.py -->")[1]
    listed = {tuple(line.split(" -> ")) for line in block.split("```")[1].strip().splitlines()}
    assert ("cms", "research") in real  # the graph was read
    assert listed == real
