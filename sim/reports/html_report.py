"""The run report as one self-contained HTML page (``psso-sim run --html OUT.html``), for people.

At the top the summary: scenarios passed, failed and skipped, by feature and by tag. Then each
scenario in a ``<details>`` (a failed one open): its seed and id (with the replay command), its steps
with the simulated time each ran at and the real time it took, the screen at a failed step, a
timeline of the simulated clock and a sequence diagram of its HTTP exchanges (:mod:`.svg`), and for a
failure the psso-sim trace section and the trace file. No script, no external stylesheet or image:
the page opens offline. The look follows verify-doc's HTML report.
"""

from __future__ import annotations

import html
from datetime import datetime

from psso_sim.authoring.reporter import MARKS, format_offset
from psso_sim.reports.model import RunReport, ScenarioRun, StepRun
from psso_sim.reports.outputs import replay_command
from psso_sim.reports.svg import sequence_svg, timeline_svg

__all__ = ["CSS", "render_html"]

CSS = """
body { font: 15px/1.45 -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 80em; color: #1b1b1b; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1em; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; } td, th { padding: .35em .6em; vertical-align: top;
  text-align: left; border-bottom: 1px solid #eee; } th { font-weight: 600; }
.meta, .line { color: #555; } .num, .time { white-space: nowrap; font-variant-numeric: tabular-nums; }
.mark.passed, .num.passed, span.passed { color: #107c10; }
.mark.failed, .mark.undefined, .num.failed, span.failed, pre.error, tr.failed td { color: #c50f1f; }
.mark.skipped, .num.skipped, span.skipped, p.skipped, tr.skipped td { color: #8a3707; }
.mark { font-weight: 600; width: 1.5em; }
details.scenario { border: 1px solid #ddd; border-radius: 4px; margin: .6em 0; padding: .3em .8em; }
details.scenario.failed { border-color: #c50f1f; border-width: 2px; } summary { cursor: pointer; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6em; overflow-x: auto; font-size: 13px; }
.ok { color: #107c10; font-weight: 600; } .bad { color: #c50f1f; font-weight: 600; }
.figure { overflow-x: auto; border: 1px solid #eee; padding: .3em; }
svg text { font: 11px -apple-system, "Segoe UI", sans-serif; fill: #333; }
svg .party { font-weight: 600; font-size: 12px; } svg .bad { fill: #c50f1f; } svg .break { fill: #8a3707; }
svg .lane { fill: #555; } svg .tick { fill: #555; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _counts(counts: dict[str, int]) -> str:
    return "".join(f'<td class="num {status}">{n}</td>' for status, n in counts.items())


def _summary(report: RunReport) -> list[str]:
    counts = report.counts()
    out = ['<section id="summary"><h2>Summary</h2>',
           f"<p>{', '.join(f'<span class={chr(34)}{s}{chr(34)}>{n} {s}</span>' for s, n in counts.items())}"
           + (f", {report.not_run} not run (stopped at the first failure)" if report.not_run else "") + "</p>"]
    head = "<tr><th>{}</th><th>passed</th><th>failed</th><th>skipped</th></tr>"
    out.append('<h3>By feature</h3><table class="by-feature">' + head.format("Feature"))
    out += [f"<tr><td>{_e(name)}</td>{_counts(c)}</tr>" for name, c in report.by_feature().items()]
    out.append('</table><h3>By tag</h3><table class="by-tag">' + head.format("Tag"))
    out += [f"<tr><td>@{_e(tag)}</td>{_counts(c)}</tr>" for tag, c in report.by_tag().items()]
    return [*out, "</table></section>"]


def _offset(origin: datetime | None, when: str | None) -> str:
    if when is None or origin is None:
        return ""
    try:
        return format_offset(datetime.fromisoformat(when) - origin)
    except (TypeError, ValueError):
        return when


def _step(step: StepRun, number: int, origin: datetime | None) -> str:
    start, end = _offset(origin, step.simulated_start), _offset(origin, step.simulated_end)
    simulated = start + (f" → {end}" if end and end != start else "")
    real = f"{step.duration * 1000:.1f} ms" if step.duration is not None else ""
    extra = ""
    if step.error:
        extra += f'<pre class="error">{_e(step.error)}</pre>'
    if step.screen:
        extra += f'<div class="screen"><h3>The screen when the step failed</h3><pre>{_e(step.screen)}</pre></div>'
    return (f'<tr class="step {step.status}"><td class="mark {step.status}">{_e(MARKS.get(step.status, "?"))}</td>'
            f'<td class="num">{number}</td><td>{_e(step.keyword)} {_e(step.text)}{extra}</td>'
            f'<td class="time">{_e(simulated)}</td><td class="time">{_e(real)}</td></tr>')


def _scenario(scenario: ScenarioRun) -> list[str]:
    origin = None
    if scenario.simulated_start:
        try:
            origin = datetime.fromisoformat(scenario.simulated_start)
        except ValueError:
            origin = None
    tags = " ".join(f"@{t}" for t in scenario.tags)
    example = ", ".join(f"{k}={v}" for k, v in scenario.example.items())
    title = f"{scenario.keyword}: {scenario.name}" + (f" ({example})" if example else "")
    opened = " open" if scenario.status == "failed" else ""
    replay = replay_command(scenario.id, scenario.seed)
    out = [f'<details class="scenario {scenario.status}"{opened} data-status="{scenario.status}">',
           f'<summary><span class="mark {scenario.status}">{_e(MARKS.get(scenario.status, "-"))}</span> '
           f'{_e(title)} <span class="meta">{_e(tags)} &middot; {_e(scenario.feature_path)}:{scenario.line} '
           f'&middot; {scenario.duration:.3f} s</span></summary>',
           f'<p class="meta">seed {scenario.seed} &middot; id <code>{_e(scenario.id)}</code>'
           + (f" &middot; product {_e(scenario.product)}" if scenario.product else "")
           + (f" &middot; simulated start {_e(scenario.simulated_start)}" if scenario.simulated_start else "")
           + f"<br>replay: <code>{_e(replay)}</code></p>"]
    if scenario.skip_reason and scenario.status == "skipped":
        return [*out, f'<p class="skipped">skipped: {_e(scenario.skip_reason)}</p>', "</details>"]
    out.append('<table class="steps"><tr><th></th><th>#</th><th>Step</th><th>Simulated time</th>'
               "<th>Real time</th></tr>")
    out += [_step(step, n, origin) for n, step in enumerate(scenario.steps, 1)]
    out.append("</table>")
    out += [f'<pre class="error">{_e(error)}</pre>' for error in scenario.errors]
    out += ['<h3>Timeline (simulated clock; quiet stretches compressed)</h3>',
            f'<div class="figure">{timeline_svg(origin, scenario.steps, scenario.trace)}</div>',
            '<h3>HTTP exchanges</h3>', f'<div class="figure">{sequence_svg(scenario.trace)}</div>']
    if scenario.trace_section:
        out.append(f'<h3>Trace before the failure</h3><pre class="trace">{_e(scenario.trace_section)}</pre>')
    if scenario.trace_file:
        out.append(f'<p class="meta">full trace: <code>{_e(scenario.trace_file)}</code></p>')
    return [*out, "</details>"]


def render_html(report: RunReport) -> str:
    title = "psso-sim run"
    paths = report.options.get("paths")
    where = ", ".join(str(p) for p in paths) if isinstance(paths, list) else ""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{_e(title)}</title>",
             f"<style>{CSS}</style></head><body>", f"<h1>{_e(title)}</h1>",
             f'<p class="meta">{_e(where)} &middot; seed {report.seed} &middot; {report.duration:.2f} s (real)</p>',
             f'<p class="{"ok" if report.ok else "bad"}">{"OK" if report.ok else "FAILED"} '
             f"(exit {report.exit_code})</p>",
             *_summary(report), '<section id="scenarios"><h2>Scenarios</h2>']
    for scenario in report.scenarios:
        parts += _scenario(scenario)
    parts.append("</section></body></html>")
    return "\n".join(parts) + "\n"
