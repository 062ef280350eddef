"""What ``psso-sim lint`` reports: findings, their kinds and severities, and how they are printed.

JSON output of :func:`format_findings` (``"schema": "psso-sim/lint/1"``)::

    {
      "schema": "psso-sim/lint/1",
      "findings": [
        {"path": str, "line": int, "column": int, "kind": str, "severity": "error" | "warning" | "info",
         "message": str, "suggestions": [str]}
      ],
      "counts": {"error": int, "warning": int, "info": int}
    }

Lines and columns count from 1; a finding about a whole file is at 1:1.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from psso_sim.console import PLAIN, Console
from psso_sim.errors import SimError

__all__ = [
    "KINDS",
    "LINT_SCHEMA",
    "LintFinding",
    "LintUsageError",
    "Severity",
    "display_path",
    "exit_code",
    "format_findings",
    "renamed",
]

LINT_SCHEMA = "psso-sim/lint/1"

Severity = Literal["error", "warning", "info"]

KINDS: dict[str, Severity] = {
    "syntax": "error",  # not valid Gherkin, unreadable, no Feature, or rejected by pytest-bdd
    "undefined-step": "error",
    "ambiguous-step": "error",
    "unknown-tag": "error",
    "duplicate-scenario": "error",
    "duplicate-scenario-across-files": "warning",  # both run, but their names cannot tell them apart
    "unknown-placeholder": "error",
    "bad-table": "error",  # a data table the step's definition would refuse
    "unused-example-column": "warning",
    "empty-examples": "warning",
    "empty-feature": "warning",  # a Feature without scenarios
    "empty-scenario": "warning",
    "suspicious-description": "warning",
    "unused-step": "info",
}
"""Every finding kind and its severity."""


class LintUsageError(SimError):
    """``psso-sim lint`` was called wrongly (a path that does not exist)."""

    subsystem = "lint"
    exit_status = 2  # the CLI's exit status for usage errors


@dataclass(frozen=True)
class LintFinding:
    """One problem at one place: ``path:line:column``."""

    path: Path
    line: int
    column: int
    kind: str
    severity: Severity
    message: str
    suggestions: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, kind: str, path: Path, line: int, column: int, message: str,
           suggestions: Sequence[str] = ()) -> LintFinding:
        """A finding of ``kind`` with the severity :data:`KINDS` gives it."""
        return cls(path, max(line, 1), max(column, 1), kind, KINDS[kind], message, list(suggestions))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (str(self.path), self.line, self.column, self.kind, self.message)


def display_path(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it, else as given."""
    try:
        return path.relative_to(Path.cwd()) if path.is_absolute() else path
    except ValueError:
        return path


def renamed(findings: Sequence[LintFinding], path: Path, name: Path) -> list[LintFinding]:
    """``findings`` with those about ``path`` (as given or as displayed) said to be about ``name``.

    For a temporary file that stands for standard input: its name would mean nothing to the user.
    """
    same = {path, display_path(path)}
    return [dataclasses.replace(f, path=name) if f.path in same else f for f in findings]


def exit_code(findings: Sequence[LintFinding]) -> int:
    """0 when clean or only info findings, 1 when any warning or error."""
    return 1 if any(f.severity in ("error", "warning") for f in findings) else 0


def _counts(findings: Sequence[LintFinding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


_SEVERITY_STYLES = {"error": ("bold", "red"), "warning": ("yellow",), "info": ("cyan",)}


def format_findings(
    findings: Sequence[LintFinding], fmt: Literal["text", "json"] = "text", *, console: Console = PLAIN
) -> str:
    """Findings one per line (``path:line:col: severity: kind: message``) or as JSON.

    ``console`` colours the severities in text (JSON is for tools: never coloured).
    """
    counts = _counts(findings)
    if fmt == "json":
        document = {
            "schema": LINT_SCHEMA,
            "findings": [
                {"path": f.path.as_posix(), "line": f.line, "column": f.column, "kind": f.kind,
                 "severity": f.severity, "message": f.message, "suggestions": list(f.suggestions)}
                for f in findings
            ],
            "counts": counts,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown lint format {fmt!r}; expected text or json")
    out = []
    for f in findings:
        severity = console.paint(f.severity, *_SEVERITY_STYLES[f.severity])
        out.append(f"{f.path.as_posix()}:{f.line}:{f.column}: {severity}: {f.kind}: {f.message}")
        for i, suggestion in enumerate(f.suggestions):
            out.append(f"    {'did you mean:' if i == 0 else '             '} {suggestion}")
    if findings:
        plural = {"error": "errors", "warning": "warnings", "info": "info"}
        parts = [f"{n} {plural[name] if n != 1 else name}" for name, n in counts.items() if n]
        worst = next(name for name in ("error", "warning", "info") if counts[name])
        out.append("lint: " + console.paint(", ".join(parts), *_SEVERITY_STYLES[worst]))
    else:
        out.append("lint: " + console.paint("no findings", "green"))
    return "\n".join(out) + "\n"
