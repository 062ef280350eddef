"""What a procedure run keeps per step: the verdict entries, notes and the failure that may yet prove an
ordering problem; and the result a report shows (``psso_sim.docs.procedure_run`` fills them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from psso_sim.docs.action_types import Action, Navigate, Select, StepPlan
from psso_sim.docs.results import VERDICTS, StepResult, Verdict
from psso_sim.docs.unmodelled import Unmodelled

__all__ = ["Entry", "Record", "cannot_check", "expand"]

_RANK = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


@dataclass
class Entry:
    verdict: Verdict
    message: str
    screen: str | None = None
    clause: str | None = None  # for cannot-check: the clause naming what the simulation lacks


@dataclass
class Record:
    plan: StepPlan
    actions: list[Action]
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blocked_by: int | None = None
    pending: Entry | None = None  # the failure that may yet prove to be an ordering problem
    stopped: bool = False  # the step stopped at a failure and its remaining actions were not done

    @property
    def line(self) -> int:
        return self.plan.step.line

    def result(self) -> StepResult:
        step = self.plan.step
        worst = max(self.entries, key=lambda e: _RANK[e.verdict], default=None)
        verdict: Verdict = worst.verdict if worst else "verified"
        if verdict == "failed" and self.blocked_by is not None:  # unreachable after that failure: says nothing
            verdict = "not-checked"
        messages = [e.message for e in sorted(self.entries, key=lambda e: -_RANK[e.verdict])]
        return StepResult(
            line=step.line,
            number=step.number,
            text=step.plain,
            verdict=verdict,
            message=_message(messages, self.notes, self.blocked_by if verdict == "not-checked" else None),
            screen=worst.screen if worst else None,
            actions=tuple(a.describe() for a in self.plan.actions),
            notes=tuple(self.notes),
            not_understood=tuple(self.plan.not_understood),
            blocked_by=self.blocked_by if verdict == "not-checked" else None,
        )


def _message(messages: list[str], notes: list[str], blocked_by: int | None) -> str:
    if not messages:
        return "; ".join(notes)
    text = "; ".join(messages)
    return f"not checked (after line {blocked_by}): {text}" if blocked_by is not None else text


def cannot_check(clause: str, row: Unmodelled) -> Entry:
    return Entry("cannot-check", f"cannot check {clause!r} ({row.area}): {row.reason}", clause=clause)


def expand(actions: Sequence[Action]) -> list[Action]:
    """A navigation is one select per label, so a failure points at the label that failed."""
    out: list[Action] = []
    for action in actions:
        if isinstance(action, Navigate):
            out += [Select(source=action.source, label=label, optional=action.optional, when=action.when,
                           path=action.path, at=k) for k, label in enumerate(action.path)]
        else:
            out.append(action)
    return out
