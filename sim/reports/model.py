"""One run as data: every scenario with its steps, real durations, simulated times, seed and trace.

Built from the run reporter's records (what pytest-bdd reported, step by step) and the recorder's
(what psso-sim's plugin put in pytest's reports). A step's simulated start and end come from the
trace's ``step`` entries when the trace has them, else from the times the run reporter read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from psso_sim.authoring.findings import display_path
from psso_sim.authoring.reporter import ScenarioRecord
from psso_sim.reports.recorder import ScenarioData

__all__ = ["RunReport", "ScenarioRun", "StepRun", "build_report", "failed_screen", "step_times"]

STATUSES = ("passed", "failed", "skipped")


@dataclass
class StepRun:
    keyword: str
    text: str
    line: int
    status: str  # passed | failed | undefined | skipped (not reached)
    duration: float | None = None  # real seconds
    simulated_start: str | None = None  # ISO 8601
    simulated_end: str | None = None
    error: str | None = None
    screen: str | None = None  # what the Mac showed when the step failed


@dataclass
class ScenarioRun:
    id: str
    seed: int | None
    feature: str
    feature_path: str
    feature_tags: list[str]
    keyword: str
    name: str
    line: int
    tags: list[str]
    example: dict[str, str]
    status: str  # passed | failed | skipped
    duration: float  # real seconds, as pytest timed set-up, call and teardown
    steps: list[StepRun] = field(default_factory=list)
    skip_reason: str | None = None
    errors: list[str] = field(default_factory=list)
    product: str | None = None
    simulated_start: str | None = None
    simulated_end: str | None = None
    trace: list[dict[str, Any]] = field(default_factory=list)
    trace_file: str | None = None
    trace_section: str | None = None  # the psso-sim trace report section of a failure


@dataclass
class RunReport:
    seed: int
    scenarios: list[ScenarioRun]
    duration: float  # real seconds of the whole run
    ok: bool = True
    exit_code: int = 0
    not_run: int = 0
    options: dict[str, object] = field(default_factory=dict)  # tags, names, macos, product, paths

    def counts(self, scenarios: Iterable[ScenarioRun] | None = None) -> dict[str, int]:
        tally = Counter(s.status for s in (self.scenarios if scenarios is None else scenarios))
        return {status: tally.get(status, 0) for status in STATUSES}

    def by_feature(self) -> dict[str, dict[str, int]]:
        features: dict[str, list[ScenarioRun]] = {}
        for scenario in self.scenarios:
            features.setdefault(scenario.feature, []).append(scenario)
        return {name: self.counts(runs) for name, runs in features.items()}

    def by_tag(self) -> dict[str, dict[str, int]]:
        tags: dict[str, list[ScenarioRun]] = {}
        for scenario in self.scenarios:
            for tag in sorted(set(scenario.tags) | set(scenario.feature_tags)):
                tags.setdefault(tag, []).append(scenario)
        return {tag: self.counts(tags[tag]) for tag in sorted(tags)}

    def step_counts(self) -> dict[str, int]:
        tally = Counter(step.status for s in self.scenarios for step in s.steps)
        return {status: tally.get(status, 0) for status in ("passed", "failed", "undefined", "skipped")}


def step_times(trace: Sequence[Mapping[str, Any]]) -> list[tuple[str | None, str | None]]:
    """(simulated start, end) of each step in order, from the trace's ``step`` entries."""
    times: list[tuple[str | None, str | None]] = []
    for entry in trace:
        if entry.get("kind") != "step":
            continue
        detail = entry.get("detail") if isinstance(entry.get("detail"), Mapping) else {}
        assert isinstance(detail, Mapping)
        at = str(entry.get("at")) if entry.get("at") is not None else None
        if detail.get("phase") == "start":
            times.append((at, None))
        elif detail.get("phase") == "end" and times and times[-1][1] is None:
            times[-1] = (times[-1][0], at)
    return times


def failed_screen(trace: Sequence[Mapping[str, Any]], step: str | None, error: str | None) -> str | None:
    """What the Mac showed at a failed step: the last ``screen`` entry of the trace up to the failure
    (the step's own first), else the screen the failure message describes."""
    screens = [e for e in trace if e.get("kind") == "screen"]
    own = [e for e in screens if step is not None and e.get("step") == step]
    for entry in reversed(own or screens):
        detail = entry.get("detail") if isinstance(entry.get("detail"), Mapping) else {}
        assert isinstance(detail, Mapping)
        text = detail.get("text") or detail.get("screen") or detail.get("content")
        return f"{entry.get('message', '')}\n{text}".strip() if text else str(entry.get("message", ""))
    if error and ("screen" in error.lower() or "window" in error.lower() or "showed" in error.lower()):
        return error
    return None


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def _status(record: ScenarioRecord) -> str:
    if record.skip_reason is not None and not record.steps:
        return "skipped"
    return "failed" if record.failed or any(s.status != "passed" for s in record.steps) else "passed"


def _scenario(record: ScenarioRecord, data: ScenarioData, shown: Mapping[str, str]) -> ScenarioRun:
    psso = data.psso or {}
    trace = data.trace
    from_trace = step_times(trace)
    steps: list[StepRun] = []
    for index, step in enumerate(record.scenario.steps):
        done = record.steps[index] if index < len(record.steps) else None
        run = StepRun(step.keyword.strip(), step.name, step.line_number, done.status if done else "skipped")
        if done is not None:
            run.duration = data.step_seconds[index] if index < len(data.step_seconds) else None
            start, end = from_trace[index] if index < len(from_trace) else (_iso(done.started), _iso(done.ended))
            run.simulated_start, run.simulated_end, run.error = start, end, done.error
            if done.status != "passed":
                run.screen = failed_screen(trace, f"{run.keyword} {run.text}", done.error)
        steps.append(run)
    filename = record.feature.filename
    sections = "\n".join(f"{title}\n{text}" for title, text in data.sections)
    return ScenarioRun(
        id=data.identity or record.nodeid, seed=data.seed, feature=record.feature.name,
        feature_path=shown.get(filename) or _display_path(filename),
        feature_tags=sorted(record.feature.tags), keyword=record.keyword, name=record.scenario.name,
        line=record.scenario.line_number, tags=sorted(record.scenario.tags), example=dict(record.example),
        status=_status(record), duration=round(data.seconds, 6), steps=steps, skip_reason=record.skip_reason,
        errors=list(record.errors), product=str(psso["product"]) if psso.get("product") else None,
        simulated_start=str(psso.get("simulated_start") or "") or _iso(record.origin),
        simulated_end=str(psso.get("simulated_end") or "") or _steps_end(steps),
        trace=trace, trace_file=data.trace_file, trace_section=sections or None)


def _steps_end(steps: Sequence[StepRun]) -> str | None:
    ends = [s.simulated_end or s.simulated_start for s in steps if s.simulated_end or s.simulated_start]
    return ends[-1] if ends else None


def _display_path(filename: str) -> str:
    return display_path(Path(filename)).as_posix()


def build_report(
    records: Iterable[ScenarioRecord], recorded: Mapping[str, ScenarioData], *, seed: int, duration: float,
    shown: Mapping[str, str] | None = None, **options: object,
) -> RunReport:
    """The run from the reporter's finished records (in the order they ran) and the recorder's data;
    ``shown`` names a feature file otherwise (``<stdin>``), keyed by its file name."""
    scenarios = [_scenario(r, recorded.get(r.nodeid) or ScenarioData(), shown or {}) for r in records]
    return RunReport(seed=seed, scenarios=scenarios, duration=round(duration, 6), options=dict(options))
