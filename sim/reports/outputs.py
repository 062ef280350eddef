"""The report options of ``psso-sim run`` and what they write after the run.

``--junitxml`` and ``--cucumberjson`` are pytest's and pytest-bdd's own writers (maintained, and what
CI tools already read); psso-sim adds each scenario's seed and id to them (JUnit: test-suite
properties ``psso-sim.seed NODEID`` and ``psso-sim.id NODEID``; cucumber: a ``psso_sim`` object on each
scenario element). ``--json`` and
``--html`` are psso-sim's (:mod:`~psso_sim.reports.json_report`, :mod:`~psso_sim.reports.html_report`).
``--trace FILE`` writes the trace of every scenario run as JSON Lines, one entry a line with its
scenario's id: a replay (``--replay ID --seed N``) writes the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from psso_sim.console import output_path, write_report
from psso_sim.errors import SimError
from psso_sim.reports.model import RunReport, ScenarioRun
from psso_sim.reports.recorder import RunRecorder, ScenarioData

__all__ = ["LAST_ENTRIES", "ReportUsageError", "add_report_arguments", "annotate_cucumber", "annotator",
           "failure_lines", "pytest_report_arguments", "replay_command", "trace_lines",
           "write_reports"]

LAST_ENTRIES = 20
"""Trace entries shown under a failed scenario when the report carries no psso-sim trace section."""


class ReportUsageError(SimError):
    subsystem = "run"
    exit_status = 2


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reports (each written when the run ends)")
    group.add_argument("--json", type=output_path, metavar="FILE",
                       help="the run as JSON (schema psso-sim/run/1, docs/running.md)")
    group.add_argument("--junitxml", type=output_path, metavar="FILE", help="JUnit XML (pytest's), for CI")
    group.add_argument("--cucumberjson", type=output_path, metavar="FILE", help="cucumber JSON (pytest-bdd's)")
    group.add_argument("--html", type=output_path, metavar="FILE",
                       help="one self-contained HTML page: summary, steps, timeline, HTTP sequence diagram")
    group.add_argument("--trace", type=output_path, metavar="FILE",
                       help="every scenario's trace as JSON Lines (one entry a line, with the scenario id)")
    group.add_argument("--replay", metavar="SCENARIO_ID",
                       help="run one scenario again, exactly: its id and, with --seed, its seed, as a report "
                            "prints them ('replay: psso-sim run --replay ID --seed N')")


def pytest_report_arguments(args: argparse.Namespace) -> list[str]:
    out: list[str] = []
    if args.junitxml is not None:
        out += ["--junitxml", str(args.junitxml), "-o", "junit_suite_name=psso-sim"]
    if args.cucumberjson is not None:
        out += ["--cucumberjson", str(args.cucumberjson)]
    return out


def trace_lines(trace: list[dict[str, Any]]) -> list[str]:
    """Trace entries as the text report shows them: ``time [source] message``."""
    lines = []
    for entry in trace:
        at = str(entry.get("at", "")).replace("T", " ")[:19]
        lines.append(f"{at} [{entry.get('source', '')}] {entry.get('message', '')}")
    return lines


def failure_lines(data: ScenarioData | None) -> list[str]:
    """Under a failed scenario: the psso-sim trace section (or the last entries) and the trace file."""
    if data is None:
        return []
    out: list[str] = []
    if data.sections:
        for title, text in data.sections:
            out += [f"{title}:", *(f"  {line}" for line in text.rstrip().splitlines())]
    elif data.trace:
        out += [f"psso-sim trace (last {min(LAST_ENTRIES, len(data.trace))} entries):",
                *(f"  {line}" for line in trace_lines(data.trace[-LAST_ENTRIES:]))]
    if data.trace_file and not any(data.trace_file in text for _, text in data.sections):
        out.append(f"full trace: {data.trace_file}")
    return out


def replay_command(identity: str, seed: int | None) -> str:
    """The command that replays a scenario, its id quoted for a POSIX shell (an Outline example's id has
    single quotes: double quotes read better where nothing in it is special inside them)."""
    quoted = shlex.quote(identity)
    if "'" in identity and not any(c in identity for c in '"$`\\!'):
        quoted = f'"{identity}"'
    return f"psso-sim run --replay {quoted} --seed {seed}"


def annotator(recorder: RunRecorder) -> Any:
    """The run reporter's ``annotate``: the replay line under every scenario, the trace under a failure."""

    def annotate(nodeid: str, failed: bool) -> list[str]:
        data = recorder.scenarios.get(nodeid)
        if data is None or data.identity is None:
            return []
        replay = f"seed {data.seed}, id {data.identity}  (replay: {replay_command(data.identity, data.seed)})"
        return [replay, *(failure_lines(data) if failed else [])]

    return annotate


def annotate_cucumber(path: Path, report: RunReport, called: Mapping[str, bool]) -> None:
    """Add ``"psso_sim": {"seed", "id"}`` to each scenario pytest-bdd wrote, in the order they ran."""
    try:
        features = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # pytest-bdd wrote nothing (no scenario ran): nothing to add to
    groups: dict[str, list[ScenarioRun]] = {}  # pytest-bdd: features in the order each first ended
    for scenario in report.scenarios:
        if called.get(scenario.id, False):
            groups.setdefault(scenario.feature_path, []).append(scenario)
    for feature, scenarios in zip(features, groups.values(), strict=False):
        for element, scenario in zip(feature.get("elements", []), scenarios, strict=False):
            element["psso_sim"] = {"seed": scenario.seed, "id": scenario.id}
    path.write_text(json.dumps(features, indent=4, ensure_ascii=False) + "\n", encoding="utf-8")


def write_reports(args: argparse.Namespace, report: RunReport) -> list[str]:
    """Write the psso-sim reports asked for; the lines saying where."""
    from psso_sim.reports.html_report import render_html
    from psso_sim.reports.json_report import render_json

    written: list[str] = []
    for path, render in ((args.json, render_json), (args.html, render_html)):
        if path is not None:
            _write(path, render(report))
            written.append(str(path))
    if args.trace is not None:
        lines = [json.dumps({"scenario": s.id, **entry}, ensure_ascii=False, sort_keys=True, default=str)
                 for s in report.scenarios for entry in s.trace]
        _write(args.trace, "".join(line + "\n" for line in lines))
        written.append(str(args.trace))
    return written


def _write(path: Path, text: str) -> None:
    write_report(path, text, ReportUsageError)
