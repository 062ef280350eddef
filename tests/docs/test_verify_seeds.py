"""verify-doc on the two product documents in ../shared/seeds, read where they are (never copied here).

Skipped when the seeds are not next to the repository.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from psso_sim.docs.markdown import load_document, parse_document
from psso_sim.docs.model import Document, Procedure
from psso_sim.docs.results import Report
from psso_sim.docs.verify import product_of, verify_file, verify_procedure

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
GUIDE = SEEDS / "000_fbe2513d7720a27a.txt"  # registering a Mac with Platform SSO through Company Portal
TROUBLESHOOTING = SEEDS / "004_47368003a94eff1f.txt"  # known issues and troubleshooting

pytestmark = pytest.mark.skipif(not GUIDE.exists() or not TROUBLESHOOTING.exists(), reason="no ../shared/seeds")


@pytest.fixture(scope="module")
def guide() -> Report:
    return verify_file(GUIDE)


@pytest.fixture(scope="module")
def troubleshooting() -> Report:
    return verify_file(TROUBLESHOOTING)


def titled(report: Report, start: str) -> list[tuple[int, bool]]:
    return [(p.macos, p.ok) for p in report.procedures if p.title.startswith(start)]


def test_the_enrollment_and_jitr_procedures_verify_end_to_end_on_13_and_14(guide: Report) -> None:
    assert titled(guide, "Intune MDM enrollment") == [(13, True), (14, True)]
    assert titled(guide, "Just In Time") == [(13, True), (14, True)]
    jitr = next(p for p in guide.procedures if p.title.startswith("Just In Time"))
    assert jitr.setup == "enrolled"


def test_the_guide_reports_its_known_defects(guide: Report) -> None:
    found = {(f.kind, f.severity) for f in guide.findings}
    assert ("incomplete-procedure", "error") in found  # "Initiate PSSO registration" stops at "Open Info menu"
    assert ("todo", "warning") in found
    incomplete = next(f for f in guide.findings if f.kind == "incomplete-procedure")
    assert "Initiate PSSO registration" in incomplete.message
    assert guide.exit_code == 1


def test_the_troubleshooting_procedures_verify_and_its_defects_are_reported(troubleshooting: Report) -> None:
    assert all(p.ok for p in troubleshooting.procedures), [
        (s.line, s.verdict, s.message) for p in troubleshooting.procedures for s in p.steps if not s.ok]
    tabs = [(p.tab, p.macos) for p in troubleshooting.procedures if p.tab]
    assert tabs == [("macOS 14", 14), ("macOS 14", 14), ("macOS 13", 13)]
    kinds = {f.kind for f in troubleshooting.findings if f.severity == "error"}
    assert {"missing-command", "shell-syntax"} <= kinds  # no command after "Run the following"; a stray quote
    assert any(f.kind == "cut-off-sentence" for f in troubleshooting.findings)
    assert troubleshooting.exit_code == 1


# ---- the seeds changed as a reviewer would: each change is reported at its line ---------------


def _procedure(doc: Document, title: str) -> Procedure:
    return next(p for p in doc.procedures if p.section and p.section.title.startswith(title))


def _step_lines(title: str) -> list[int]:
    return [step.line for step in _procedure(load_document(GUIDE), title).steps]


def _reported(lines: list[str], title: str) -> set[tuple[int, str]]:
    changed = parse_document("\n".join(lines), path="changed.md")
    result = verify_procedure(_procedure(changed, title), macos=14, doc_title=changed.title,
                              product=product_of(changed).name)
    return {(step.line, step.verdict) for step in result.steps if not step.ok}


@pytest.mark.parametrize("title", ["Intune MDM enrollment", "Just In Time"])
def test_swapping_two_neighbouring_steps_is_out_of_order_at_both(title: str) -> None:
    original = GUIDE.read_text(encoding="utf-8").split("\n")
    lines = _step_lines(title)
    for a, b in pairwise(lines):
        changed = list(original)
        changed[a - 1], changed[b - 1] = changed[b - 1], changed[a - 1]
        assert _reported(changed, title) == {(a, "out-of-order"), (b, "out-of-order")}, (a, b)


def test_removing_a_step_is_reported_where_it_was() -> None:
    original = GUIDE.read_text(encoding="utf-8").split("\n")
    lines = _step_lines("Intune MDM enrollment")
    for line in lines:
        changed = original[: line - 1] + original[line:]
        reported = _reported(changed, "Intune MDM enrollment")
        where = line if line != lines[-1] else line - 1  # the last step gone: its predecessor ends the procedure
        assert (where, "failed") in reported, line
        assert min(n for n, _ in reported) == where, line
