"""The readable output of ``psso-sim run``: a pytest plugin fed by pytest-bdd's hooks.

For each scenario it prints the Feature and Scenario, then every step with its result and the
simulated time it started at, read from the scenario's World (``[+00:05:00]`` after the World's
start), like behave's pretty formatter::

    Feature: Intune MDM enrollment with Microsoft Entra join using Company Portal

      @negative
      Scenario: A wrong local password at Enroll leaves the Mac unmanaged  # features/enrollment/x.feature:55
        ✓ [+00:00:00] Given a user with Microsoft Authenticator registered for MFA
        ✗ [+00:01:00] Then the Mac is "compliant" in Intune
            at features/enrollment/x.feature:68
            expected: the Mac is "compliant" in Intune
            instead:  compliance is noncompliant: ['Platform SSO registration is not complete']
        - [ skipped ] And Platform SSO registration is complete

A scenario is printed when pytest has finished with it (outside pytest's output capture), so the
output stays in order and a failure in the World's teardown is reported with its scenario.
It reads no clock but the World's. On a terminal the marks and the summary are coloured; where the
output's encoding has no ✓ and ✗, the marks are ASCII (:data:`ASCII_MARKS`): see :mod:`psso_sim.console`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

import pytest
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

from psso_sim.authoring.findings import display_path
from psso_sim.console import Console
from psso_sim.steps.expectations import EXPECTED_FAILURE

__all__ = ["ASCII_MARKS", "MARKS", "RunReporter", "RunTotals", "ScenarioRecord", "StepOutcome", "format_offset",
           "scenario_name"]

MARKS = {"passed": "✓", "failed": "✗", "undefined": "?", "skipped": "-"}
ASCII_MARKS = {"passed": "+", "failed": "x", "undefined": "?", "skipped": "-"}
"""The marks where the output's encoding cannot print :data:`MARKS` (one character each, so columns align)."""
_STYLES = {"passed": ("green",), "failed": ("bold", "red"), "undefined": ("yellow",), "skipped": ("yellow",)}
_EXAMPLE_PARAM = "_pytest_bdd_example"  # how pytest-bdd parametrizes a Scenario Outline
_NEEDS = {"user": "the user", "mac": "the Mac", "person": "the user and their Mac"}


def scenario_name(item: pytest.Item) -> str | None:
    """The name of the scenario ``item`` runs (an outline's with its example's values), else ``None``."""
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
    if template is None:
        return None
    return str(template.render(_example(item)).name)


def _example(item: pytest.Item) -> dict[str, str]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params.get(_EXAMPLE_PARAM, {})) if callspec else {}


def format_offset(delta: timedelta) -> str:
    """``+HH:MM:SS`` (``+2d 03:00:00`` past a day) of simulated time since the World started."""
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"+{days}d {clock}" if days else f"+{clock}"


@dataclass
class StepOutcome:
    status: str  # passed | failed | undefined
    started: datetime | None
    ended: datetime | None
    error: str | None = None
    expected_failure: str | None = None  # "But the step ... is expected to fail": how the quoted step failed


@dataclass
class ScenarioRecord:
    nodeid: str
    feature: Feature
    scenario: Scenario
    keyword: str
    example: dict[str, str]
    origin: datetime | None = None  # the World's start: offsets count from here
    steps: list[StepOutcome] = field(default_factory=list)
    started: datetime | None = None  # when the current step started
    skip_reason: str | None = None
    errors: list[str] = field(default_factory=list)
    failed: bool = False


@dataclass
class RunTotals:
    scenarios: dict[str, int] = field(default_factory=lambda: {"passed": 0, "failed": 0, "skipped": 0})
    steps: dict[str, int] = field(
        default_factory=lambda: {"passed": 0, "failed": 0, "undefined": 0, "skipped": 0})
    collection_errors: int = 0
    failures: list[str] = field(default_factory=list)  # "path:line  Scenario: name"
    selected: int = 0  # scenarios left to run after --tags and -k
    stopped: bool = False  # pytest stopped early (-x) and some selected scenarios did not run

    @property
    def not_run(self) -> int:
        return max(self.selected - self.ran, 0) if self.stopped else 0

    @property
    def ran(self) -> int:
        return sum(self.scenarios.values())

    @property
    def ok(self) -> bool:
        return not self.scenarios["failed"] and not self.collection_errors


class RunReporter:
    """Collects what pytest-bdd reports about each scenario and prints it readably to ``out``.

    ``console`` says whether ``out`` takes colour and Unicode marks (default: as ``out`` is);
    ``names`` shows a feature file under another name (``<stdin>`` for a temporary copy of stdin),
    keyed by the resolved path.
    """

    def __init__(
        self, out: TextIO, *, console: Console | None = None, names: Mapping[Path, str] | None = None,
        annotate: Callable[[str, bool], list[str]] | None = None, progress: bool = False,
    ) -> None:
        self.out = out
        self.console = Console.of(out) if console is None else console
        self.marks = MARKS if self.console.unicode else ASCII_MARKS
        self.names = dict(names or {})
        self.totals = RunTotals()
        self._records: dict[str, ScenarioRecord] = {}
        self._last_feature: str | None = None
        self.finished: list[ScenarioRecord] = []  # in the order they ran
        self.annotate = annotate  # more lines under a scenario (node id, failed): seed, id, trace
        self.progress = progress  # "12/56 scenarios done, 44 to go" under the output (a terminal)
        self._status_line = ""
        self._ended = False
        self.reader_gone = False  # the output pipe closed (psso-sim run | head): write nothing more

    # -- collection ----------------------------------------------------------------------------

    def pytest_itemcollected(self, item: pytest.Item) -> None:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is None:
            return
        example = _example(item)
        self._records[item.nodeid] = ScenarioRecord(
            item.nodeid, template.feature, template.render(example), template.keyword, example)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.totals.selected = sum(1 for item in session.items if item.nodeid in self._records)
        if self.progress:
            self._write("")  # "0/56 scenarios done, 56 to go" before the first one ends

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        # -x sets shouldfail once a scenario fails; the scenarios after it are never run.
        self.totals.stopped = bool(session.shouldfail or session.shouldstop)
        self._ended = True
        self._write("")  # clears the progress line (-x may leave scenarios to go: none will run)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.totals.collection_errors += 1
            self._write(f"error: pytest could not collect {report.nodeid or 'the features'}:\n"
                        f"{_indent(report.longreprtext, 4)}\n\n")

    # -- pytest-bdd ----------------------------------------------------------------------------

    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, scenario: Scenario) -> None:
        record = self._records.get(request.node.nodeid)
        if record is not None:
            record.scenario = scenario
            clock = _clock(request)
            record.origin = clock.start if clock is not None else None

    def pytest_bdd_before_step(self, request: pytest.FixtureRequest, step: Step) -> None:
        record = self._records.get(request.node.nodeid)
        if record is not None:
            record.started = _now(request)

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Step) -> None:
        self._finish_step(request, "passed", None)
        expected = request.node.stash.get(EXPECTED_FAILURE, None)
        record = self._records.get(request.node.nodeid)
        if expected is not None and record is not None and record.steps:
            del request.node.stash[EXPECTED_FAILURE]
            record.steps[-1].expected_failure = expected

    def pytest_bdd_step_error(
        self, request: pytest.FixtureRequest, step: Step, exception: BaseException
    ) -> None:
        self._finish_step(request, "failed", _describe(exception))

    def pytest_bdd_step_func_lookup_error(self, request: pytest.FixtureRequest, step: Step) -> None:
        record = self._records.get(request.node.nodeid)
        if record is not None:
            record.started = _now(request)
        self._finish_step(request, "undefined", "no step definition matches this line: run 'psso-sim lint' "
                                                "for suggestions, 'psso-sim steps' for the catalogue")

    def _finish_step(self, request: pytest.FixtureRequest, status: str, error: str | None) -> None:
        record = self._records.get(request.node.nodeid)
        if record is not None:
            record.steps.append(StepOutcome(status, record.started, _now(request), error))

    # -- results -------------------------------------------------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self._records.get(report.nodeid)
        if record is None:
            return
        if report.skipped:
            record.skip_reason = _skip_reason(report)
        elif report.failed:
            record.failed = True
            failed_in_step = any(s.status != "passed" for s in record.steps)
            if report.when != "call" or not failed_in_step:
                record.errors.append(f"error in {report.when}: {_crash_message(report)}")

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        record = self._records.get(nodeid)
        if record is not None:
            self.finished.append(record)
            self._write(self._render(record))

    # -- rendering -----------------------------------------------------------------------------

    def _render(self, record: ScenarioRecord) -> str:
        out: list[str] = []
        path = self._shown(record.feature.filename)
        if record.feature.filename != self._last_feature:
            self._last_feature = record.feature.filename
            out += [*_tags(record.feature.tags), f"Feature: {record.feature.name}  # {path}", ""]
        scenario = record.scenario
        title = f"{record.keyword}: {scenario.name}"
        if record.example:
            title += "  (" + ", ".join(f"{k}={v}" for k, v in record.example.items()) + ")"
        out += [f"  {t}" for t in _tags(scenario.tags)]
        out.append(f"  {title}  # {path}:{scenario.line_number}")
        if record.skip_reason is not None and not record.steps:
            out += [f"    skipped: {record.skip_reason}", ""]
            self.totals.scenarios["skipped"] += 1
            return "\n".join(out) + "\n"
        if record.origin is not None:
            out.append(f"    simulated start {record.origin:%Y-%m-%d %H:%M:%S %Z}")
        for index, step in enumerate(scenario.steps):
            outcome = record.steps[index] if index < len(record.steps) else None
            out += self._render_step(record, step, outcome, path)
        out += [f"    {_indent(error, 6).lstrip()}" for error in record.errors]
        failed = record.failed or any(s.status != "passed" for s in record.steps)
        if self.annotate is not None:
            out += [f"    {line}" for line in self.annotate(record.nodeid, failed)]
        self.totals.scenarios["failed" if failed else "passed"] += 1
        if failed:
            self.totals.failures.append(f"{path}:{scenario.line_number}  {record.keyword}: {scenario.name}")
        out.append("")
        return "\n".join(out) + "\n"

    def _shown(self, filename: str) -> str:
        name = self.names.get(Path(filename).resolve()) if self.names else None
        return name if name is not None else display_path(Path(filename)).as_posix()

    def _mark(self, status: str) -> str:
        return self.console.paint(self.marks[status], *_STYLES[status])

    def _render_step(
        self, record: ScenarioRecord, step: Step, outcome: StepOutcome | None, path: str
    ) -> list[str]:
        line = f"{step.keyword.strip()} {step.name}"
        if outcome is None:
            self.totals.steps["skipped"] += 1
            return [f"    {self._mark('skipped')} [ skipped ] {line}"]
        self.totals.steps[outcome.status] += 1
        started = self._offset(record, outcome.started)
        text = f"    {self._mark(outcome.status)} [{started}] {line}"
        if outcome.started and outcome.ended and outcome.ended > outcome.started:
            text += f"  {self.console.text('→', '->')} {self._offset(record, outcome.ended)}"
        lines = [text]
        if outcome.expected_failure is not None:
            # its first line: the check's message (pytest's assertion detail after it names object addresses)
            lines.append(f"        failed as expected: {outcome.expected_failure.splitlines()[0]}")
        if outcome.error is not None:
            then = step.type == "then"
            lines += [f"        at {path}:{step.line_number}",
                      f"        {'expected:' if then else 'could not:'} {step.name}",
                      f"        {'instead:' if then else 'because:'}  {_indent(outcome.error, 18).lstrip()}"]
        return lines

    @staticmethod
    def _offset(record: ScenarioRecord, when: datetime | None) -> str:
        if when is None or record.origin is None:
            return "    ?    "
        return format_offset(when - record.origin)

    def summary(self) -> str:
        t = self.totals
        paint = self.console.paint
        out: list[str] = []
        if t.failures:
            out += [paint("Failed scenarios:", "bold", "red"), *(f"  {f}" for f in t.failures), ""]
        if t.collection_errors:
            out.append(paint(f"{t.collection_errors} feature module(s) could not be collected", "red"))
        if t.not_run:
            out.append(paint(f"stopped at the first failed scenario (-x): {t.not_run} "
                             f"scenario{'s' if t.not_run != 1 else ''} not run", "yellow"))
        steps = ", ".join(self._count(n, name) for name, n in t.steps.items() if n or name in ("passed", "failed"))
        out.append(f"steps: {steps}")
        scenarios = [self._count(t.scenarios["passed"], "passed"), self._count(t.scenarios["failed"], "failed")]
        if t.scenarios["skipped"]:
            scenarios.append(self._count(t.scenarios["skipped"], "skipped"))
        if t.not_run:
            scenarios.append(paint(f"{t.not_run} not run", "yellow"))
        out.append(f"scenarios: {', '.join(scenarios)}")
        return "\n".join(out) + "\n"

    def _count(self, n: int, status: str) -> str:
        """``"3 failed"``, coloured as its mark when there are any."""
        return self.console.paint(f"{n} {status}", *_STYLES[status]) if n else f"{n} {status}"

    def _write(self, text: str) -> None:
        if self.reader_gone:
            return
        if self.progress:  # rewrite the status line under the output, erased before anything else
            clear = "\r\x1b[K" if self._status_line else ""
            done = len(self.finished)
            left = max(self.totals.selected - done, 0)
            self._status_line = "" if self._ended or not left else \
                f"{done}/{self.totals.selected} scenarios done, {left} to go"
            text = clear + text + self._status_line
        try:
            self.out.write(text)
            self.out.flush()  # before pytest captures output again
        except BrokenPipeError:
            self.reader_gone = True


def _tags(tags: set[str]) -> list[str]:
    return [" ".join(f"@{t}" for t in sorted(tags))] if tags else []


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line else line for line in text.rstrip().splitlines())


def _clock(request: pytest.FixtureRequest) -> Any:
    """The scenario World's clock, or ``None`` when the scenario has no World."""
    try:
        world = request.getfixturevalue("world")
    except Exception:  # no World in this scenario, or its set-up failed (pytest reports that)
        return None
    return getattr(world, "clock", None)


def _now(request: pytest.FixtureRequest) -> datetime | None:
    clock = _clock(request)
    now: Callable[[], datetime] | None = getattr(clock, "now", None)
    return now() if now is not None else None


def _describe(exception: BaseException) -> str:
    if isinstance(exception, pytest.FixtureLookupError):
        needed = _NEEDS.get(str(exception.argname), f"'{exception.argname}'")
        return (f"this step needs {needed}, and no earlier step of the scenario created it; "
                "start the scenario with a Given step that does ('psso-sim steps' lists them)")
    text = str(exception).strip()
    if isinstance(exception, AssertionError | pytest.fail.Exception):
        # A step's own message says what the model held; pytest's "assert ... where ..." adds only noise.
        message, rewritten, _ = text.partition("\nassert ")
        return (message if rewritten and message else text) or "the check failed (no message)"
    return text if text.startswith("SIM/") else f"{type(exception).__name__}: {text}"


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return "skipped"


def _crash_message(report: pytest.TestReport) -> str:
    crash: Any = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    return str(message) if message else report.longreprtext
