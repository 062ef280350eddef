"""The verify-doc report as text (a test report for a terminal), JSON (for tools) and HTML (for writers).

JSON format, schema ``psso-sim/verify-doc/1`` (fields are only ever added)::

    {
      "schema": "psso-sim/verify-doc/1",
      "path": "docs/register.md",          # the file as given
      "title": "Register a Mac ...",       # the H1, or null
      "seed": 0,                           # the World seed: same seed, same report
      "macos": [13, 14],                   # versions procedures outside a version tab ran on
      "product": "2023-11",                # the product release the steps ran on (added in 0.2)
      "prerequisites": "Company Portal 5.2404.0 or later (line 23)",  # added: what the article states it
                                           #   requires, which chose the release and macOS versions, or ""
      "ok": false,                         # true only when the exit status is 0
      "exit_code": 1,
      "summary": {"steps": 32, "verified": 29, "failed": 1, "out-of-order": 1,
                  "not-available-on-version": 0, "not-understood": 0,
                  "cannot-check": 1,                # a verdict; added, as the fields below
                  "not-checked": 0,                 # added: after an earlier failure, not reached
                  "checked": 31,                    # added: steps checked (all but cannot-check
                                                    #   and not-understood)
                  "coverage": 96.9,                 # added: checked / steps in percent, or null
                  "min_coverage": null,             # added: --min-coverage, or null
                  "low_coverage": false,            # added: coverage below min_coverage (exit 1)
                  "findings": {"error": 2, "warning": 10, "info": 4}},
      "verdicts": {"verified": "what it means", ...},
      "procedures": [{
        "title": "Intune MDM enrollment ...",   # the heading the steps are under (not a tab's label)
        "line": 30,                             # where the procedure starts: its first step
        "heading_line": 28,                     # the line of that heading, or null
        "tab": "macOS 14" | null,               # the version tab the steps are in
        "macos": 14,                            # the macOS version the steps ran on
        "setup": "new" | "enrolled" | "registered",
        "setup_description": "...",             # the state the simulated Mac started in
        "intro": "..." ,                        # the sentence introducing the steps, or ""
        "ok": true,
        "steps": [{
          "line": 30, "number": 1,
          "text": "Open the Company Portal app and select Sign in.",
          "kind": "verified",                   # the verdict, one of "verdicts"
          "verdict": "verified",                # the same (kept for readability)
          "message": "...",                     # why (for a verdict other than verified), or notes
          "screen": "Company Portal: ..." | null,   # what the Mac showed at the failure
          "actions": ["open the 'Company Portal' app", "select 'Sign in'"],
          "notes": ["waited 0:00:30 (simulated): 'Register' appeared"],
          "not_understood": [],                 # clauses no grammar rule reads
          "blocked_by": null                    # not-checked: line of the earlier failure it comes after
        }]
      }],
      "findings": [{"line": 23, "kind": "todo", "severity": "warning", "message": "..."}]
    }

Every step and finding has a ``line`` (1-based, in the file), a ``kind`` and a ``message``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psso_sim.console import PLAIN, Console
from psso_sim.docs.learn_markdown import image_alt
from psso_sim.docs.markdown import load_document
from psso_sim.docs.results import CONTRADICTING, VERDICTS, ProcedureResult, Report, StepResult
from psso_sim.errors import SimError

__all__ = ["ASCII_MARKS", "MARKS", "SCHEMA", "ProcedureBlock", "StepRow", "coverage_text", "opening",
           "procedure_blocks", "render_html", "render_json", "render_text", "screenshots", "summary_line",
           "to_json", "versions_text"]

SCHEMA = "psso-sim/verify-doc/1"
MARKS = {"verified": "✓", "cannot-check": "○", "not-checked": "·", "failed": "✗", "out-of-order": "⇅",
         "not-available-on-version": "⊘", "not-understood": "?"}
ASCII_MARKS = {"verified": "ok", "cannot-check": "--", "not-checked": "..", "failed": "XX", "out-of-order": "<>",
               "not-available-on-version": "NA", "not-understood": "??"}
"""The marks where the output's encoding cannot print :data:`MARKS`."""
_STYLES = {"verified": ("green",), "cannot-check": ("cyan",), "not-checked": ("dim",), "failed": ("bold", "red"),
           "out-of-order": ("yellow",),
           "not-available-on-version": ("magenta",), "not-understood": ("yellow",)}
_SEVERITY_STYLES = {"error": ("bold", "red"), "warning": ("yellow",), "info": ("cyan",)}


def _summary(report: Report) -> dict[str, Any]:
    counts = report.counts()
    severities = Counter(f.severity for f in report.findings)
    return {"steps": sum(counts.values()), **counts, "checked": report.checked, "coverage": report.coverage,
            "min_coverage": report.min_coverage, "low_coverage": report.low_coverage,
            "findings": {level: severities.get(level, 0) for level in ("error", "warning", "info")}}


def _step_json(step: StepResult) -> dict[str, Any]:
    return {
        "line": step.line, "number": step.number, "text": step.text, "kind": step.verdict, "verdict": step.verdict,
        "message": step.message, "screen": step.screen, "actions": list(step.actions), "notes": list(step.notes),
        "not_understood": list(step.not_understood), "blocked_by": step.blocked_by,
    }


def _procedure_json(procedure: ProcedureResult) -> dict[str, Any]:
    return {
        "title": procedure.title, "line": procedure.line, "heading_line": procedure.heading_line,
        "tab": procedure.tab, "macos": procedure.macos,
        "setup": procedure.setup, "setup_description": procedure.setup_description, "intro": procedure.intro,
        "ok": procedure.ok, "steps": [_step_json(step) for step in procedure.steps],
    }


def to_json(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA, "path": report.path, "title": report.title, "seed": report.seed,
        "macos": list(report.macos), "product": report.product,
        "prerequisites": report.prerequisites, "ok": report.ok, "exit_code": report.exit_code,
        "summary": _summary(report),
        "verdicts": dict(VERDICTS), "procedures": [_procedure_json(p) for p in report.procedures],
        "findings": [{"line": f.line, "kind": f.kind, "severity": f.severity, "message": f.message}
                     for f in report.findings],
    }


def render_json(report: Report) -> str:
    return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"


# ---- text ----------------------------------------------------------------------------------


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def _findings_counts(report: Report) -> str:
    found = _summary(report)["findings"]
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    return ", ".join(f"{found[level]} {level if found[level] == 1 else plural[level]}" for level in found)


def summary_line(report: Report) -> str:
    summary = _summary(report)
    parts = [f"{summary[v]} {v}" for v in VERDICTS if summary[v]]
    return f"{summary['steps']} steps: {', '.join(parts) or 'none'}; findings: {_findings_counts(report)}"


def coverage_text(report: Report) -> str:
    """'12 of 15 steps checked (80.0%)', with the minimum asked for, if any."""
    if report.coverage is None:
        return "no steps to check"
    text = f"{report.checked} of {report.steps} steps checked ({report.coverage:.1f}%)"
    if report.min_coverage is not None:
        below = "below" if report.low_coverage else "at least"
        text += f"; {below} the minimum of {report.min_coverage:g}%"
    return text


def opening(report: Report) -> list[tuple[str, str]]:
    """The summary a report opens with: its counts, then each contradicted step, error and warning at its line."""
    counts = report.counts()
    shown = [v for v in ("failed", "out-of-order", "not-available-on-version") if counts[v] or v == "failed"]
    verdicts = ", ".join(f"{counts[v]} {v}" for v in [*shown, "cannot-check", "not-understood"])
    if counts["not-checked"]:
        verdicts += f", {counts['not-checked']} not-checked"
    rows = [("summary", f"{verdicts}; coverage: {coverage_text(report)}; findings: {_findings_counts(report)}")]
    seen: set[tuple[int, str]] = set()
    for procedure in report.procedures:
        for step in procedure.steps:
            if step.verdict in CONTRADICTING and (step.line, step.verdict) not in seen:
                seen.add((step.line, step.verdict))
                rows.append((step.verdict, f"line {step.line:<4} {step.verdict}: {_first_line(step.message)}"))
    # info findings are advice: counted above, listed with the other findings at the end
    rows += [(f.severity, f"line {f.line:<4} {f.severity} {f.kind}: {_first_line(f.message)}")
             for f in report.findings if f.severity != "info"]
    return rows


def _first_line(text: str, limit: int = 160) -> str:
    line = text.split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 3] + "..."


# ---- layout shared by text and HTML: versions side by side, screenshots by step -----------------


@dataclass(frozen=True)
class StepRow:
    """One step of a procedure across the macOS versions it ran on."""

    line: int
    number: int
    text: str
    by_version: dict[int, StepResult]

    def outcomes(self) -> list[tuple[list[int], StepResult]]:
        """Each distinct outcome (verdict, message, screen) once, with the versions that had it."""
        grouped: dict[tuple[str, str, str | None], tuple[list[int], StepResult]] = {}
        for version, step in self.by_version.items():
            grouped.setdefault((step.verdict, step.message, step.screen), ([], step))[0].append(version)
        return list(grouped.values())


@dataclass(frozen=True)
class ProcedureBlock:
    """A procedure as the report shows it: once, whatever the number of versions it ran on."""

    runs: tuple[ProcedureResult, ...]
    rows: tuple[StepRow, ...]

    @property
    def versions(self) -> list[int]:
        return [run.macos for run in self.runs]

    @property
    def first(self) -> ProcedureResult:
        return self.runs[0]


def procedure_blocks(report: Report) -> list[ProcedureBlock]:
    """The procedures grouped by where they are in the document (one run per macOS version)."""
    runs: dict[tuple[str, int, str | None], list[ProcedureResult]] = {}
    for procedure in report.procedures:
        runs.setdefault((procedure.title, procedure.line, procedure.tab), []).append(procedure)
    blocks = []
    for group in runs.values():
        rows: dict[tuple[int, int], StepRow] = {}
        for run in group:
            for step in run.steps:
                row = rows.setdefault((step.line, step.number), StepRow(step.line, step.number, step.text, {}))
                row.by_version[run.macos] = step
        blocks.append(ProcedureBlock(tuple(group), tuple(rows.values())))
    return blocks


def versions_text(versions: list[int]) -> str:
    return "macOS " + ", ".join(str(v) for v in versions)


def screenshots(report: Report) -> dict[int, list[str]]:
    """The screenshots' alt texts by the line of the step they illustrate (an image indented under it).

    Read from the document itself (a report only keeps its path); a document no longer readable has none."""
    try:
        lines = Path(report.path).read_text(encoding="utf-8").splitlines()
        doc = load_document(report.path)
    except (OSError, SimError, UnicodeDecodeError):
        return {}
    found = [(link.line, link.text) for link in doc.links if link.image]
    found += [(i + 1, image_alt(line)) for i, line in enumerate(lines) if line.lstrip().startswith(":::image")]
    steps = sorted({step.line for procedure in report.procedures for step in procedure.steps})
    by_step: dict[int, list[str]] = {}
    for line, alt in sorted(found):
        before = [s for s in steps if s <= line]
        indented = 0 < line <= len(lines) and lines[line - 1][:1] in (" ", "\t")
        nxt = [s for s in steps if s > line]
        # an image under a step is indented into its list item, before the next step
        if before and (line == before[-1] or indented) and (not nxt or line < nxt[0]):
            by_step.setdefault(before[-1], []).append(alt or "(no alt text)")
    return by_step


def _marks(row: StepRow, versions: list[int], marks: dict[str, str], paint: Any) -> str:
    """'13 ✓  14 ✗': the step's verdict on each version the procedure ran on."""
    cells = []
    for version in versions:
        step = row.by_version.get(version)
        mark = paint(marks[step.verdict], *_STYLES[step.verdict]) if step else "-"
        cells.append(f"{version} {mark}")
    return "  ".join(cells)


def _text_block(block: ProcedureBlock, images: dict[int, list[str]], marks: dict[str, str], verbose: bool,
                console: Console) -> list[str]:
    paint, versions = console.paint, block.versions
    where = f"tab '{block.first.tab}', " if block.first.tab else ""
    out = ["", f"{block.first.title} (steps at line {block.first.line}; {where}{versions_text(versions)})"]
    starts = {run.setup_description for run in block.runs}
    out += ([f"  starts from: {block.first.setup_description}"] if len(starts) == 1 else
            [f"  starts from ({versions_text([run.macos])}): {run.setup_description}" for run in block.runs])
    for row in block.rows:
        out.append(f"  {_marks(row, versions, marks, paint)} line {row.line:<4} {row.number}. {row.text}")
        out += [paint(f"        [image: {alt}]", "dim") for alt in images.get(row.line, [])]
        outcomes = row.outcomes()
        for on, step in outcomes:
            tag = f" ({versions_text(on)})" if len(outcomes) > 1 or len(on) < len(versions) else ""
            if not step.ok:
                out.append(_indent(f"{paint(step.verdict, *_STYLES[step.verdict])}{tag}: {step.message}", "        "))
            if step.screen and step.verdict != "not-understood":
                if verbose:
                    out += [f"        screen{tag}:", _indent(step.screen, "          | ")]
                else:
                    shown = step.screen.count("\n") + 1
                    out.append(paint(f"        screen{tag}: {shown} lines, not shown (-v shows them)", "dim"))
            if verbose:
                out += [f"        - {action}" for action in step.actions]
                out += [f"        {console.text('·', '*')} {note}{tag}" for note in step.notes]
    return out


def render_text(
    report: Report, *, marks: dict[str, str] | None = None, verbose: bool = False, console: Console = PLAIN
) -> str:
    """The report for a terminal; ``console`` colours the verdicts and, without Unicode, picks ASCII marks.

    A procedure run on several macOS versions is one block: a row per step with a mark per version, each
    distinct outcome once. Screens show with ``verbose`` only."""
    if marks is None:
        marks = MARKS if console.unicode else ASCII_MARKS
    paint = console.paint
    out = [f"verify-doc {report.path}" + (f": {report.title}" if report.title else "")]
    versions = ", ".join(str(v) for v in report.macos)
    out.append(f"product {report.product}; seed {report.seed}; procedures outside a version tab run on macOS "
               f"{versions}")
    if report.prerequisites:
        out.append(f"as the article requires: {report.prerequisites}")
    (_, summary), *lines = opening(report)
    out += ["", f"Summary: {summary}"]
    for kind, line in lines:
        out.append("  " + paint(line, *(_STYLES.get(kind) or _SEVERITY_STYLES.get(kind, ()))))
    if not report.procedures:
        out += ["", "(no numbered procedure in the document)"]
    images = screenshots(report)
    for block in procedure_blocks(report):
        out += _text_block(block, images, marks, verbose, console)
    if report.findings:
        out += ["", "Findings (no run needed)"]
        for f in report.findings:
            severity = paint(f.severity, *_SEVERITY_STYLES.get(f.severity, ())) + " " * (7 - len(f.severity))
            out.append(f"  line {f.line:<4} {severity} {f.kind}: {f.message}")
    result = paint("OK", "bold", "green") if report.ok else paint("FAILED", "bold", "red")
    out += ["", summary_line(report), f"Coverage: {coverage_text(report)}",
            f"Result: {result} (exit {report.exit_code})"]
    return "\n".join(out) + "\n"


def render_html(report: Report, *, marks: dict[str, str] = MARKS) -> str:
    """The report for writers (``psso_sim.docs.report_html``, which builds on the layout above)."""
    from psso_sim.docs.report_html import html_report  # imported here: that module imports this one

    return html_report(report, marks=marks)
