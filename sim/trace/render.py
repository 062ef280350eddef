"""A trace as text a person reads: one line an entry, HTTP bodies under their exchange, steps as headings.

It renders entries as data (:meth:`psso_sim.trace.TraceEntry.as_dict`), so a live trace, a trace file and
a report's copy all read the same. When a filter hides the step entries, each entry still shows its step:
a heading is printed whenever the step changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from psso_sim.console import PLAIN, Console

__all__ = ["render_entries", "select_entries"]

_KIND_STYLE = {"http": ("cyan",), "event": ("magenta",), "screen": ("yellow",), "notification": ("yellow",),
               "step": ("bold",), "log": ("dim",)}
_KIND_WIDTH = 12


def select_entries(entries: Iterable[Mapping[str, Any]], kinds: Sequence[str] = (), step: str | None = None,
                   tail: int | None = None) -> list[Mapping[str, Any]]:
    """The entries of ``kinds`` (all if none) whose step contains ``step`` (any case); the last ``tail``."""
    needle = step.casefold() if step else None
    chosen = [e for e in entries
              if (not kinds or e.get("kind") in kinds)
              and (needle is None or needle in str(e.get("step") or "").casefold())]
    return chosen[-tail:] if tail is not None and tail > 0 else chosen


def _time(entry: Mapping[str, Any]) -> str:
    at = str(entry.get("at", ""))
    try:
        return datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


def _body(label: str, text: str, limit: int | None) -> list[str]:
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]} ...[{len(text) - limit} more characters: see the trace file]"
    lines = text.splitlines() or [""]
    return [f"    {label} {lines[0]}", *(f"    {' ' * len(label)} {line}" for line in lines[1:])]


def _http_lines(detail: Mapping[str, Any], limit: int | None) -> list[str]:
    lines = []
    client = detail.get("client")
    if client:
        lines.append(f"    from: {client}")
    if detail.get("authorization"):
        lines.append(f"    authorization: {detail['authorization']}")
    if detail.get("request_body"):
        lines += _body(">", str(detail["request_body"]), limit)
    if detail.get("response_body"):
        lines += _body("<", str(detail["response_body"]), limit)
    if detail.get("error"):
        lines.append(f"    error: {detail['error']}")
    return lines


def render_entries(entries: Iterable[Mapping[str, Any]], *, bodies: bool = True, body_limit: int | None = None,
                   console: Console = PLAIN) -> list[str]:
    """Lines for ``entries``; ``bodies=False`` leaves out HTTP bodies and headers, ``body_limit`` cuts them."""
    lines: list[str] = []
    current: object = None
    for entry in entries:
        kind = str(entry.get("kind", "log"))
        step = entry.get("step")
        detail: Mapping[str, Any] = entry.get("detail") or {}
        if kind == "step" and detail.get("phase") == "start":
            current = step
            lines.append(console.paint(f"== {step} ==", "bold"))
            continue
        if step != current and kind != "step":
            current = step
            lines.append(console.paint(f"== {step} ==" if step else "== (outside any step) ==", "bold"))
        message = str(entry.get("message", ""))
        if kind == "http" and detail.get("service"):
            message = f"{detail['service']}: {message}"
        if kind == "step" and detail.get("phase") == "end":  # under its heading: the outcome says enough
            outcome = str(detail.get("outcome"))
            message = console.paint(outcome, *(("red", "bold") if outcome == "failed" else ("green",)))
        label = console.paint(kind.ljust(_KIND_WIDTH), *_KIND_STYLE.get(kind, ()))
        lines.append(f"{_time(entry)}  {label}[{entry.get('source', '')}] {message}")
        if kind == "http" and bodies:
            lines += _http_lines(detail, body_limit)
    return lines
