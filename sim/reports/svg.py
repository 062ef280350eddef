"""Inline SVG for the HTML run report: a scenario's simulated-clock timeline and its HTTP sequence diagram.

Both are drawn here, as text: no script, no stylesheet from elsewhere, so the report stays one file
that opens offline. The timeline compresses the quiet stretches of the simulated clock (a 3-hour wait
takes the width of a few seconds, labelled with what it skipped); the sequence diagram has one lane
per party (the Mac, Company Portal, the SSO extension, Entra ID, Intune, then any other service).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from psso_sim.authoring.reporter import format_offset

__all__ = ["LANES", "MAX_EXCHANGES", "client_lane", "sequence_svg", "service_lane", "timeline_svg"]

LANES = ("Mac", "Company Portal", "SSO extension", "Entra ID", "Intune")
MAX_EXCHANGES = 150
"""The exchanges a sequence diagram draws; the rest are counted under it (the JSON report has all)."""
_QUIET = 300.0  # seconds of simulated time drawn to scale; a longer gap is drawn as a break
_COLOURS = {"http": "#0f6cbd", "event": "#8a3707", "screen": "#5c2e91", "notification": "#107c10",
            "step": "#555", "log": "#888"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _when(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _detail(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    detail = entry.get("detail")
    return detail if isinstance(detail, Mapping) else {}


def _gap(seconds: float) -> float:
    """How wide a gap of simulated time is drawn: to scale up to five minutes, then a fixed break."""
    if seconds <= 0:
        return 0.0
    return 10 + 60 * seconds / _QUIET if seconds <= _QUIET else 90.0


def _events(steps: Sequence[Any], trace: Sequence[Mapping[str, Any]]) -> list[tuple[datetime, str, int, str]]:
    """(when, kind, step number, tooltip) in the order things happened: the trace's own order, its
    ``step`` entries marking each step's start and end; without them, the steps' simulated times."""
    events: list[tuple[datetime, str, int, str]] = []
    has_steps = any(e.get("kind") == "step" for e in trace)
    number = 0
    for entry in trace:
        at = _when(entry.get("at"))
        if at is None:
            continue
        kind = str(entry.get("kind") or "log")
        if kind == "step":
            phase = _detail(entry).get("phase")
            number += phase == "start"
            kind = "step-start" if phase == "start" else "step-end"
        events.append((at, kind, number, f"{entry.get('source', '')}: {entry.get('message', '')}"))
    if not has_steps:
        for n, step in enumerate(steps, 1):
            start, end = _when(step.simulated_start), _when(step.simulated_end or step.simulated_start)
            if start is not None and end is not None:
                events += [(start, "step-start", n, ""), (max(start, end), "step-end", n, "")]
        events.sort(key=lambda e: e[0])  # stable: a step's start before what it caused
    return events


def timeline_svg(origin: datetime | None, steps: Sequence[Any], trace: Sequence[Mapping[str, Any]]) -> str:
    """The scenario on its simulated clock: a bar per step (numbered), a dot per trace entry in its row.

    Things at the same instant stand a few pixels apart, in order; up to five minutes of simulated time
    is drawn to scale; a longer quiet stretch is a fixed-width break labelled with what it skipped."""
    events = _events(steps, trace)
    if not events:
        return '<p class="meta">No simulated time recorded.</p>'
    first = events[0][0]
    origin = origin if origin is not None and origin <= first else first
    xs: list[float] = []
    breaks: list[tuple[float, timedelta]] = []
    ticks: list[tuple[float, datetime]] = [(20.0, first)]
    x, before = 20.0, first
    for at, *_ in events:
        seconds = (at - before).total_seconds()
        if seconds > 0:
            if seconds > _QUIET:
                breaks.append((x + 45, at - before))
            x += _gap(seconds)
            ticks.append((x, at))
        xs.append(x)
        x += 6
        before = at
    width = x + 140
    rows = ["step", *sorted({kind for _, kind, _, _ in events if not kind.startswith("step")})]
    height = 50 + 22 * len(rows)
    y = {row: 30 + 22 * i for i, row in enumerate(rows)}
    parts = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
             f'viewBox="0 0 {width:.0f} {height}" role="img" aria-label="simulated timeline">']
    for row, top in y.items():
        parts.append(f'<text x="{width - 115:.0f}" y="{top + 4}" class="lane">{_e(row)}</text>')
        parts.append(f'<line x1="15" y1="{top}" x2="{width - 120:.0f}" y2="{top}" stroke="#eee"/>')
    started: dict[int, float] = {}
    for left, (_, kind, number, tip) in zip(xs, events, strict=True):
        if kind == "step-start":
            started[number] = left
        elif kind == "step-end" and number in started:
            step = steps[number - 1] if 0 < number <= len(steps) else None
            title = f"{number}. {step.keyword} {step.text} ({step.status})" if step is not None else tip
            colour = "#fde7e9" if step is not None and step.status != "passed" else "#c7e0f4"
            begin = started.pop(number)
            parts.append(f'<rect x="{begin:.1f}" y="{y["step"] - 6}" width="{max(left - begin, 3):.1f}" height="12" '
                         f'fill="{colour}" stroke="#0f6cbd"><title>{_e(title)}</title></rect>'
                         f'<text x="{begin:.1f}" y="{y["step"] - 9}" class="num">{number}</text>')
        elif not kind.startswith("step"):
            parts.append(f'<circle cx="{left:.1f}" cy="{y[kind]}" r="3.5" fill="{_COLOURS.get(kind, "#888")}">'
                         f"<title>{_e(tip)}</title></circle>")
    for left, skipped in breaks:
        parts.append(f'<text x="{left:.1f}" y="{height - 22}" class="break" text-anchor="middle">'
                     f"⋯ {_e(_duration(skipped))} ⋯</text>")
    last = -100.0
    for left, when in ticks:
        if left - last >= 70:
            offset = format_offset(when - origin)
            parts.append(f'<text x="{left:.1f}" y="{height - 6}" class="tick">{_e(offset)}</text>')
            last = left
    return "".join(parts) + "</svg>"


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    text = " ".join(f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n)
    return text or f"{int(delta.total_seconds())}s"


def client_lane(entry: Mapping[str, Any]) -> str:
    """Who on the Mac sent a request. The User-Agent names the Mac; what was asked says which part:
    MDM check-ins are the Mac's own MDM client; Intune enrollment calls and the user's password sign-in
    are Company Portal's; the PSSO nonce, PRT, discovery and device registration are the SSO extension's."""
    detail = _detail(entry)
    client = f"{detail.get('client', '')} {entry.get('source', '')}".lower()
    if "company portal" in client or "companyportal" in client:
        return "Company Portal"
    if "extension" in client or "appssoagent" in client:
        return "SSO extension"
    url = str(detail.get("url") or "").lower()
    body = str(detail.get("request_body") or "").lower()
    if "/mdm/" in url:
        return "Mac"
    if "/enrollment/" in url or "grant_type=password" in body:
        return "Company Portal"
    if ("enterpriseregistration" in url or "openid-configuration" in url or "srv_challenge" in body
            or "jwt-bearer" in body or "/oauth2/" in url):
        return "SSO extension"
    return "Mac"


def service_lane(entry: Mapping[str, Any]) -> str:
    """Which service answered: its simulated service name, Entra ID or Intune by host otherwise."""
    detail = _detail(entry)
    service = str(detail.get("service") or "")
    url = str(detail.get("url") or entry.get("message") or "").lower()
    if service:
        return service
    if "login.microsoftonline" in url or "enterpriseregistration" in url:
        return "Entra ID"
    if "manage.microsoft" in url or "intune" in url:
        return "Intune"
    return "other service"


def _path(url: str) -> str:
    rest = url.split("://", 1)[-1]
    path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    return path if len(path) <= 48 else path[:45] + "..."


def sequence_svg(trace: Sequence[Mapping[str, Any]]) -> str:
    """The HTTP exchanges in order, request and response arrows between the parties' lanes."""
    exchanges = [e for e in trace if e.get("kind") == "http"]
    if not exchanges:
        return '<p class="meta">No HTTP exchange in this scenario.</p>'
    shown = exchanges[:MAX_EXCHANGES]
    lanes = list(LANES) + sorted({service_lane(e) for e in shown} - set(LANES))
    gap = 150
    x = {lane: 80 + gap * i for i, lane in enumerate(lanes)}
    width = 80 + gap * (len(lanes) - 1) + 80
    height = 50 + 46 * len(shown) + 20
    parts = [f'<svg class="sequence" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="HTTP sequence diagram">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>']
    for lane, left in x.items():
        parts.append(f'<text x="{left}" y="20" text-anchor="middle" class="party">{_e(lane)}</text>')
        parts.append(f'<line x1="{left}" y1="28" x2="{left}" y2="{height - 10}" stroke="#bbb" '
                     'stroke-dasharray="4 3"/>')
    for row, entry in enumerate(shown):
        detail = _detail(entry)
        top = 50 + 46 * row
        sender, receiver = x[client_lane(entry)], x[service_lane(entry)]
        if sender == receiver:
            receiver += 40
        label = f"{detail.get('method', '')} {_path(str(detail.get('url', '')))}".strip() \
            or str(entry.get("message", ""))
        status = detail.get("status")
        bad = isinstance(status, int) and status >= 400
        tip = f"{entry.get('at', '')} {entry.get('step') or ''}\n{entry.get('message', '')}"
        middle = (sender + receiver) / 2
        answer, shown_status = ("#c50f1f", "status bad") if bad else ("#777", "status")
        parts.append(f'<g><title>{_e(tip)}</title>'
                     f'<line x1="{sender}" y1="{top}" x2="{receiver}" y2="{top}" stroke="#333" '
                     'marker-end="url(#arrow)"/>'
                     f'<text x="{middle:.0f}" y="{top - 4}" text-anchor="middle" class="call">{_e(label)}</text>'
                     f'<line x1="{receiver}" y1="{top + 14}" x2="{sender}" y2="{top + 14}" stroke="{answer}" '
                     'stroke-dasharray="5 3" marker-end="url(#arrow)"/>'
                     f'<text x="{middle:.0f}" y="{top + 26}" text-anchor="middle" class="{shown_status}">'
                     f'{_e(status if status is not None else "")}</text></g>')
    svg = "".join(parts) + "</svg>"
    if len(exchanges) > len(shown):
        svg += f'<p class="meta">{len(exchanges) - len(shown)} more exchanges (in the JSON report).</p>'
    return svg
