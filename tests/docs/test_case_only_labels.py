"""A label written in another case is a wording finding (label-case), not a step the product contradicts."""

from __future__ import annotations

from learn_documents import ENROLL_STEPS

from psso_sim.docs.markdown import parse_document
from psso_sim.docs.verify import verify_document

STEPS = ENROLL_STEPS


def _document(steps: list[str]) -> str:
    head = "---\ntitle: T\ndescription: D\nms.date: 11/06/2023\n---\n\n# T\n\n## Enroll and register the Mac\n\n"
    return head + "".join(f"1. {step}\n" for step in steps)


def test_a_label_in_another_case_verifies_and_is_reported_as_a_wording_finding() -> None:
    steps = [s.replace("**Download profile**", "**Download Profile**") for s in STEPS]
    text = _document(steps)
    report = verify_document(parse_document(text, path="case.md"), macos=(14,))
    line = next(n for n, line in enumerate(text.splitlines(), 1) if "Download Profile" in line)
    assert all(step.verdict == "verified" for p in report.procedures for step in p.steps)
    assert [(f.line, f.kind) for f in report.findings if f.kind == "label-case"] == [(line, "label-case")]


def test_a_label_with_another_spelling_still_fails() -> None:
    steps = [s.replace("**Download profile**", "**Download profil**") for s in STEPS]
    report = verify_document(parse_document(_document(steps), path="typo.md"), macos=(14,))
    assert [s.verdict for p in report.procedures for s in p.steps].count("failed") == 1
