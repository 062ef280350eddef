"""What verifying a document found: a verdict per step, per procedure, plus the static findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from psso_sim.docs.findings import Finding
from psso_sim.product import DEFAULT_PRODUCT

__all__ = ["CONTRADICTING", "NOT_CHECKED", "VERDICTS", "ProcedureResult", "Report", "StepResult", "Verdict"]

Verdict = Literal["verified", "cannot-check", "not-checked", "failed", "out-of-order", "not-available-on-version",
                  "not-understood"]

# Each verdict with what it means; the order is the order of importance (a step shows its worst).
VERDICTS: dict[Verdict, str] = {
    "verified": "every action of the step worked on the simulated product",
    "cannot-check": "the step acts in an app or area the simulation does not model (Finder, a browser, Outlook...)",
    "not-checked": "an earlier failure left the product where this step cannot be reached: not checked",
    "not-understood": "text the verifier cannot map to an action (reported, never skipped)",
    "failed": "an action did not work: a label not on screen, an expectation not met",
    "out-of-order": "the step only works after a later step: the steps are in the wrong order",
    "not-available-on-version": "the step uses what the product offers only on the other macOS version",
}

NOT_CHECKED: frozenset[Verdict] = frozenset({"cannot-check", "not-checked", "not-understood"})
"""Verdicts of steps the run could not check: coverage counts every other step as checked."""
CONTRADICTING: frozenset[Verdict] = frozenset({"failed", "out-of-order", "not-available-on-version"})
"""Verdicts that make the exit status 1: the simulated product contradicts the document. A step the
verifier could not read (not-understood) or check (cannot-check, not-checked) lowers the coverage
instead; --min-coverage turns low coverage into a failure."""


@dataclass(frozen=True)
class StepResult:
    line: int
    number: int
    text: str  # the step's plain text
    verdict: Verdict
    message: str  # why, for anything but "verified"; may carry notes for a verified step
    screen: str | None = None  # what the simulated Mac showed when the step failed
    actions: tuple[str, ...] = ()  # the actions the step was read as
    notes: tuple[str, ...] = ()  # waits, recognised sentences with nothing to check
    not_understood: tuple[str, ...] = ()  # clauses no grammar rule matched
    blocked_by: int | None = None  # for not-checked: the line of the earlier failure the run could not get past

    @property
    def ok(self) -> bool:
        return self.verdict == "verified"

    @property
    def checked(self) -> bool:
        return self.verdict not in NOT_CHECKED


@dataclass(frozen=True)
class ProcedureResult:
    title: str  # the heading the steps are under (for steps in a tab, the heading the tabs are under)
    line: int  # where the procedure starts: its first step
    tab: str | None
    macos: int
    steps: tuple[StepResult, ...]
    heading_line: int | None = None  # the line of that heading
    setup: str = "new"
    setup_description: str = ""
    intro: str = ""  # the sentence that introduces the steps, if any

    @property
    def ok(self) -> bool:
        return not any(step.verdict in CONTRADICTING for step in self.steps)


@dataclass(frozen=True)
class Report:
    path: str
    procedures: tuple[ProcedureResult, ...]
    findings: tuple[Finding, ...]
    title: str | None = None
    seed: int = 0
    macos: tuple[int, ...] = field(default=(13, 14))
    product: str = DEFAULT_PRODUCT
    min_coverage: float | None = None  # percent: a lower coverage makes the exit status 1 (--min-coverage)
    prerequisites: str = ""  # what the article states it requires, as it set up the run

    @property
    def contradicted(self) -> bool:
        """A step the product contradicts (or the verifier cannot read), or a finding that is an error."""
        return not all(p.ok for p in self.procedures) or any(f.severity == "error" for f in self.findings)

    @property
    def steps(self) -> int:
        return sum(len(p.steps) for p in self.procedures)

    @property
    def checked(self) -> int:
        """Steps the run checked: all but cannot-check, not-checked and not-understood."""
        return sum(step.checked for p in self.procedures for step in p.steps)

    @property
    def coverage(self) -> float | None:
        """Percent of the steps checked, one decimal; None for a document without steps."""
        return round(100 * self.checked / self.steps, 1) if self.steps else None

    @property
    def low_coverage(self) -> bool:
        return self.min_coverage is not None and self.coverage is not None and self.coverage < self.min_coverage

    @property
    def ok(self) -> bool:
        return not self.contradicted and not self.low_coverage

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
        for procedure in self.procedures:
            for step in procedure.steps:
                counts[step.verdict] += 1
        return counts
