"""The verify-doc report as HTML (for writers): the text report's layout, a table per procedure.

A procedure run on several macOS versions is one table with a verdict column per version; the screens
are in closed ``<details>``; a screenshot shows as its alt text."""

from __future__ import annotations

import html

from psso_sim.docs.report import (
    MARKS,
    ProcedureBlock,
    StepRow,
    opening,
    procedure_blocks,
    screenshots,
    summary_line,
    versions_text,
)
from psso_sim.docs.results import VERDICTS, Report

__all__ = ["html_report"]

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
.image { font-style: italic; } summary { color: #555; cursor: pointer; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6em; overflow-x: auto; font-size: 13px; }
.ok { color: #107c10; font-weight: 600; } .bad { color: #c50f1f; font-weight: 600; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _worst(row: StepRow) -> str:
    """The row's most important verdict (VERDICTS is in order of importance)."""
    order = list(VERDICTS)
    return max((step.verdict for step in row.by_version.values()), key=order.index)


def _html_row(row: StepRow, versions: list[int], images: dict[int, list[str]], marks: dict[str, str]) -> str:
    detail = "".join(f'<div class="meta image">[image: {_e(alt)}]</div>' for alt in images.get(row.line, []))
    outcomes = row.outcomes()
    for on, step in outcomes:
        tag = f" ({_e(versions_text(on))})" if len(outcomes) > 1 or len(on) < len(versions) else ""
        if step.message and not step.ok:
            detail += f"<div>{_e(step.verdict)}{tag}: {_e(step.message)}</div>"
        elif step.notes:
            detail += f'<div class="meta">{_e("; ".join(step.notes))}{tag}</div>'
        if step.screen:
            # closed by default: a writer opens the screen of the step they look at
            detail += (f"<details><summary>What the simulated Mac showed{tag}</summary>"
                       f'<pre class="screen">{_e(step.screen)}</pre></details>')
    cells = ""
    for version in versions:
        ran = row.by_version.get(version)
        cells += (f'<td class="verdict {_e(ran.verdict)}">{_e(marks[ran.verdict])} {_e(ran.verdict)}</td>'
                  if ran else '<td class="verdict">-</td>')
    return (f'<tr class="step {_e(_worst(row))}"><td class="line">line {row.line}</td><td>{row.number}.</td>'
            f"<td>{_e(row.text)}{detail}</td>{cells}</tr>")


def _html_block(block: ProcedureBlock, images: dict[int, list[str]], marks: dict[str, str]) -> list[str]:
    first, versions = block.first, block.versions
    where = f"tab '{first.tab}', " if first.tab else ""
    parts = [f"<h2>{_e(first.title)} (steps at line {first.line}; {_e(where)}{_e(versions_text(versions))})</h2>"]
    starts = {run.setup_description for run in block.runs}
    parts += ([f'<p class="meta">Starts from: {_e(first.setup_description)}</p>'] if len(starts) == 1 else
              [f'<p class="meta">Starts from ({_e(versions_text([run.macos]))}): {_e(run.setup_description)}</p>'
               for run in block.runs])
    if first.intro:
        parts.append(f'<p class="meta">{_e(first.intro)}</p>')
    heads = "".join(f"<th>macOS {version}</th>" for version in versions)
    parts.append(f"<table><tr><th>Line</th><th>Step</th><th>Text</th>{heads}</tr>")
    parts += [_html_row(row, versions, images, marks) for row in block.rows]
    return [*parts, "</table>"]


def _html_opening(report: Report) -> list[str]:
    (_, summary), *lines = opening(report)
    out = ['<section class="summary"><h2>Summary</h2>', f"<p>{_e(summary)}</p>"]
    if lines:
        out.append("<ul>" + "".join(f'<li class="{_e(kind)}">{_e(line)}</li>' for kind, line in lines) + "</ul>")
    return [*out, "</section>"]


def html_report(report: Report, *, marks: dict[str, str] = MARKS) -> str:
    title = f"verify-doc: {report.title or report.path}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style></head><body>", f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(report.path)} &middot; seed {report.seed} &middot; {_e(summary_line(report))}</p>',
        f'<p class="{"ok" if report.ok else "bad"}">{"OK" if report.ok else "FAILED"} (exit {report.exit_code})</p>',
        *_html_opening(report),
    ]
    images = screenshots(report)
    for block in procedure_blocks(report):
        parts += _html_block(block, images, marks)
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
