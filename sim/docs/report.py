"""The verify-doc report as text (a test report for a terminal), JSON (for tools) and HTML (for writers).

JSON format, schema ``psso-sim/verify-doc/1`` (fields are only ever added)::

    {
      "schema": "psso-sim/verify-doc/1",
      "path": "docs/register.md",          # the file as given
      "title": "Register a Mac ...",       # the H1, or null
      "seed": 0,                           # the World seed: same seed, same report
      "macos": [13, 14],                   # versions procedures outside a version tab ran on
      "product": "2023-11",                # the product release the steps ran on (added in 0.2)
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

import html
import json
from collections import Counter
from typing import Any

from psso_sim.console import PLAIN, Console
from psso_sim.docs.results import CONTRADICTING, VERDICTS, ProcedureResult, Report, StepResult

__all__ = ["ASCII_MARKS", "MARKS", "SCHEMA", "coverage_text", "render_html", "render_json", "render_text", "to_json"]

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
        "macos": list(report.macos), "product": report.product, "ok": report.ok, "exit_code": report.exit_code,
        "summary": _summary(report),
        "verdicts": dict(VERDICTS), "procedures": [_procedure_json(p) for p in report.procedures],
        "findings": [{"line": f.line, "kind": f.kind, "severity": f.severity, "message": f.message}
                     for f in report.findings],
    }


def render_json(report: Report) -> str:
    return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"


# ---- text ----------------------------------------------------------------------------------


def _heading(procedure: ProcedureResult) -> str:
    where = f"tab '{procedure.tab}', " if procedure.tab else ""
    return f"{procedure.title} (steps at line {procedure.line}; {where}macOS {procedure.macos})"


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def _findings_counts(report: Report) -> str:
    found = _summary(report)["findings"]
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    return ", ".join(f"{found[level]} {level if found[level] == 1 else plural[level]}" for level in found)


def _summary_line(report: Report) -> str:
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


def _opening(report: Report) -> list[tuple[str, str]]:
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


def render_text(
    report: Report, *, marks: dict[str, str] | None = None, verbose: bool = False, console: Console = PLAIN
) -> str:
    """The report for a terminal; ``console`` colours the verdicts and, without Unicode, picks ASCII marks."""
    if marks is None:
        marks = MARKS if console.unicode else ASCII_MARKS
    paint = console.paint
    out = [f"verify-doc {report.path}" + (f": {report.title}" if report.title else "")]
    versions = ", ".join(str(v) for v in report.macos)
    out.append(f"product {report.product}; seed {report.seed}; procedures outside a version tab run on macOS "
               f"{versions}")
    (_, summary), *lines = _opening(report)
    out += ["", f"Summary: {summary}"]
    for kind, line in lines:
        out.append("  " + paint(line, *(_STYLES.get(kind) or _SEVERITY_STYLES.get(kind, ()))))
    if not report.procedures:
        out += ["", "(no numbered procedure in the document)"]
    for procedure in report.procedures:
        out += ["", _heading(procedure), f"  starts from: {procedure.setup_description}"]
        for step in procedure.steps:
            mark = paint(f"{marks[step.verdict]:>2}", *_STYLES[step.verdict])
            out.append(f"  {mark} line {step.line:<4} {step.number}. {step.text}")
            if not step.ok:
                verdict = paint(step.verdict, *_STYLES[step.verdict])
                out.append(_indent(f"{verdict}: {step.message}", "        "))
            if step.screen and step.verdict != "not-understood":
                out.append("        screen:")
                out.append(_indent(step.screen, "          | "))
            if verbose:
                out += [f"        - {action}" for action in step.actions]
                out += [f"        {console.text('·', '*')} {note}" for note in step.notes]
    if report.findings:
        out += ["", "Findings (no run needed)"]
        for f in report.findings:
            severity = paint(f.severity, *_SEVERITY_STYLES.get(f.severity, ())) + " " * (7 - len(f.severity))
            out.append(f"  line {f.line:<4} {severity} {f.kind}: {f.message}")
    result = paint("OK", "bold", "green") if report.ok else paint("FAILED", "bold", "red")
    out += ["", _summary_line(report), f"Coverage: {coverage_text(report)}",
            f"Result: {result} (exit {report.exit_code})"]
    return "\n".join(out) + "\n"


# ---- HTML ----------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.45 -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 70em; color: #1b1b1b; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; } td, th { padding: .35em .6em; vertical-align: top;
  text-align: left; border-bottom: 1px solid #eee; } th { font-weight: 600; }
.line { color: #666; white-space: nowrap; } .meta { color: #555; }
.verdict { font-weight: 600; white-space: nowrap; } .verified { color: #107c10; } .failed { color: #c50f1f; }
.cannot-check { color: #555; } .not-checked { color: #777; }
.out-of-order { color: #8a3707; } .not-available-on-version { color: #5c2e91; } .not-understood { color: #004e8c; }
.error { color: #c50f1f; } .warning { color: #8a3707; } .info { color: #555; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6em; overflow-x: auto; font-size: 13px; }
.ok { color: #107c10; font-weight: 600; } .bad { color: #c50f1f; font-weight: 600; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _step_row(step: StepResult, marks: dict[str, str]) -> str:
    detail = f"<div>{_e(step.message)}</div>" if step.message and not step.ok else ""
    if step.ok and step.notes:
        detail = f'<div class="meta">{_e("; ".join(step.notes))}</div>'
    if step.screen:
        detail += f'<div class="meta">What the simulated Mac showed:</div><pre class="screen">{_e(step.screen)}</pre>'
    return (f'<tr class="step {_e(step.verdict)}"><td class="line">line {step.line}</td><td>{step.number}.</td>'
            f'<td>{_e(step.text)}{detail}</td>'
            f'<td class="verdict {_e(step.verdict)}">{_e(marks[step.verdict])} {_e(step.verdict)}</td></tr>')


def _html_opening(report: Report) -> list[str]:
    (_, summary), *lines = _opening(report)
    out = ['<section class="summary"><h2>Summary</h2>', f"<p>{_e(summary)}</p>"]
    if lines:
        out.append("<ul>" + "".join(f'<li class="{_e(kind)}">{_e(line)}</li>' for kind, line in lines) + "</ul>")
    return [*out, "</section>"]


def render_html(report: Report, *, marks: dict[str, str] = MARKS) -> str:
    title = f"verify-doc: {report.title or report.path}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style></head><body>", f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(report.path)} &middot; seed {report.seed} &middot; {_e(_summary_line(report))}</p>',
        f'<p class="{"ok" if report.ok else "bad"}">{"OK" if report.ok else "FAILED"} (exit {report.exit_code})</p>',
        *_html_opening(report),
    ]
    for procedure in report.procedures:
        parts.append(f"<h2>{_e(_heading(procedure))}</h2>")
        parts.append(f'<p class="meta">Starts from: {_e(procedure.setup_description)}</p>')
        if procedure.intro:
            parts.append(f'<p class="meta">{_e(procedure.intro)}</p>')
        parts.append("<table><tr><th>Line</th><th>Step</th><th>Text</th><th>Verdict</th></tr>")
        parts += [_step_row(step, marks) for step in procedure.steps]
        parts.append("</table>")
    parts.append("<h2>Findings (no run needed)</h2>")
    if report.findings:
        parts.append("<table><tr><th>Line</th><th>Severity</th><th>Kind</th><th>Message</th></tr>")
        parts += [f'<tr><td class="line">line {f.line}</td><td class="{_e(f.severity)}">{_e(f.severity)}</td>'
                  f"<td>{_e(f.kind)}</td><td>{_e(f.message)}</td></tr>" for f in report.findings]
        parts.append("</table>")
    else:
        parts.append("<p>None.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
