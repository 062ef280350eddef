"""What verifying a document found: a verdict per step, per procedure, plus the static findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from psso_sim.docs.findings import Finding
from psso_sim.product import DEFAULT_PRODUCT

__all__ = ["VERDICTS", "ProcedureResult", "Report", "StepResult", "Verdict"]

Verdict = Literal["verified", "failed", "out-of-order", "not-available-on-version", "not-understood"]

# Each verdict with what it means; the order is the order of importance (a step shows its worst).
VERDICTS: dict[Verdict, str] = {
    "verified": "every action of the step worked on the simulated product",
    "not-understood": "text the verifier cannot map to an action (reported, never skipped)",
    "failed": "an action did not work: a label not on screen, an expectation not met",
    "out-of-order": "the step only works after a later step: the steps are in the wrong order",
    "not-available-on-version": "the step uses what the product offers only on the other macOS version",
}


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
    blocked_by: int | None = None  # line of an earlier failed step this failure may follow from

    @property
    def ok(self) -> bool:
        return self.verdict == "verified"


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
        return all(step.ok for step in self.steps)


@dataclass(frozen=True)
class Report:
    path: str
    procedures: tuple[ProcedureResult, ...]
    findings: tuple[Finding, ...]
    title: str | None = None
    seed: int = 0
    macos: tuple[int, ...] = field(default=(13, 14))
    product: str = DEFAULT_PRODUCT

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.procedures) and not any(f.severity == "error" for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
        for procedure in self.procedures:
            for step in procedure.steps:
                counts[step.verdict] += 1
        return counts
