"""The run's trace: what each simulated system did, stamped with simulated time and the step that caused it.

Two runs with the same seed produce the same trace, line for line and byte for byte.

Each :class:`TraceEntry` has a ``kind``: ``"http"`` (one exchange between a device or admin and a simulated
service), ``"event"`` (a scheduled event run), ``"screen"`` (a window shown, closed or changed),
``"notification"``, ``"step"`` (a Gherkin step started or ended) or ``"log"`` (anything else). Its
``detail`` holds the kind's data; an HTTP exchange's bodies are redacted (secrets become a short,
deterministic fingerprint, see :mod:`psso_sim.trace.redaction`) only when first read, so recording stays cheap.

A trace records everything by default (level ``"full"``). A run of thousands of Macs may ask for level
``"logs"`` (``World(trace_level="logs")``): only ``log`` and ``step`` entries and the HTTP exchanges that did not
succeed (an answer of 400 or more, an error, a timeout, an injected fault) are kept; screens, notifications,
scheduled events and successful exchanges are not, and the trace's first entry says so.

Files (:meth:`Trace.write`) are JSON Lines: a header object ``{"format": "psso-sim trace", "version": 1, ...}``
then one :meth:`TraceEntry.as_dict` object a line; :func:`read_trace` reads them back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from psso_sim.clock import SimClock
from psso_sim.errors import SimError

__all__ = ["FORMAT", "FORMAT_VERSION", "KINDS", "LEVELS", "LazyDetail", "Trace", "TraceEntry", "TraceFileError",
           "read_trace", "write_lines"]

KINDS = ("http", "event", "screen", "notification", "step", "log")
LEVELS = ("full", "logs")
"""What a trace records: ``"full"``, every entry; ``"logs"``, log and step entries and unsuccessful exchanges."""
_LOGS_MARKER = ("trace level 'logs': screens, notifications, scheduled events and successful HTTP exchanges "
                "are not recorded")
FORMAT = "psso-sim trace"
FORMAT_VERSION = 1

_EMPTY: Mapping[str, object] = MappingProxyType({})


class TraceFileError(SimError):
    """A file given as a trace is not one (a usage error)."""

    subsystem = "trace"
    exit_status = 2


class LazyDetail(Mapping[str, object]):
    """A detail computed on first read: recording an HTTP exchange keeps the raw bodies, not redacted text."""

    __slots__ = ("_data", "_make")

    def __init__(self, make: Callable[[], Mapping[str, object]]) -> None:
        self._make: Callable[[], Mapping[str, object]] | None = make
        self._data: Mapping[str, object] = _EMPTY

    def _resolved(self) -> Mapping[str, object]:
        if self._make is not None:
            self._data, self._make = self._make(), None
        return self._data

    def __getitem__(self, key: str) -> object:
        return self._resolved()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._resolved())

    def __len__(self) -> int:
        return len(self._resolved())

    def __repr__(self) -> str:
        return f"LazyDetail({dict(self._resolved())!r})"


@dataclass(frozen=True, slots=True)
class TraceEntry:
    at: datetime
    source: str
    message: str
    kind: str = "log"
    step: str | None = None
    """The Gherkin step running when the entry was recorded ("When the user selects Register"), if any."""
    detail: Mapping[str, object] = field(default_factory=lambda: _EMPTY)

    def __str__(self) -> str:
        return f"{self.at.strftime('%Y-%m-%d %H:%M:%S')} [{self.source}] {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable: ``at`` as ISO-8601, then kind, source, message, step and detail."""
        return {"at": self.at.isoformat(), "kind": self.kind, "source": self.source, "message": self.message,
                "step": self.step, "detail": dict(self.detail)}


class Trace:
    def __init__(self, clock: SimClock, level: str = "full") -> None:
        if level not in LEVELS:
            raise SimError(f"unknown trace level {level!r}", hint=f"one of: {', '.join(LEVELS)}", subsystem="trace")
        self._clock = clock
        self.level = level
        self.entries: list[TraceEntry] = []
        self.step: str | None = None
        """The step running now (set by the pytest-bdd hooks of ``psso_sim.steps.trace_hooks``)."""
        self._stepped = False  # whether a step has begun: the first one claims what came before it
        if level == "logs":
            self.record("trace", _LOGS_MARKER)

    def record(self, source: str, message: str, *, kind: str = "log",
               detail: Mapping[str, object] | None = None, position: int | None = None) -> None:
        """Add an entry at the end, or at ``position`` (an index :attr:`entries` had earlier: an HTTP
        exchange goes before what the service recorded while answering it). At level ``"logs"`` an entry of
        another kind, or a successful exchange, is left out (so no position given earlier runs past the end)."""
        if self.level != "full" and kind != "log" and not (kind == "http" and _unsuccessful(message)):
            return
        entry = TraceEntry(self._clock.now(), source, message, kind, self.step, _EMPTY if detail is None else detail)
        if position is None:
            self.entries.append(entry)
        else:
            self.entries.insert(position, entry)

    # steps
    def begin_step(self, keyword: str, text: str) -> None:
        """A step starts: later entries name it. The first step of a scenario also claims what came before
        it in this World (the World was made while resolving that step's fixtures)."""
        name = f"{keyword} {text}"
        first, self._stepped = not self._stepped, True
        self.step = name
        at = self.entries[0].at if first and self.entries else self._clock.now()
        entry = TraceEntry(at, "step", name, "step", name,
                           MappingProxyType({"keyword": keyword, "text": text, "phase": "start", "outcome": None}))
        if first:
            self.entries[:] = [entry, *(replace(e, step=name) if e.step is None else e for e in self.entries)]
        else:
            self.entries.append(entry)

    def end_step(self, outcome: str) -> None:
        """The running step ended, ``"passed"`` or ``"failed"``."""
        name = self.step
        if name is None:
            return
        keyword, _, text = name.partition(" ")
        self.entries.append(TraceEntry(self._clock.now(), "step", f"{name}: {outcome}", "step", name,
                                       MappingProxyType({"keyword": keyword, "text": text, "phase": "end",
                                                         "outcome": outcome})))
        self.step = None

    # reading
    def lines(self, source: str | None = None, kind: str | None = None) -> list[str]:
        return [str(e) for e in self.entries
                if (source is None or e.source == source) and (kind is None or e.kind == kind)]

    def of_kind(self, kind: str) -> list[TraceEntry]:
        return [e for e in self.entries if e.kind == kind]

    def tail(self, n: int) -> list[TraceEntry]:
        """The last ``n`` entries (all of them if there are fewer)."""
        return self.entries[-n:] if n > 0 else []

    def as_data(self) -> list[dict[str, Any]]:
        """Every entry as :meth:`TraceEntry.as_dict`: what reports and files hold."""
        return [e.as_dict() for e in self.entries]

    def write(self, path: Path | str, header: Mapping[str, object] | None = None) -> Path:
        """Write the trace as JSON Lines (a header line, then an entry a line); return the path."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="\n") as stream:
            levelled = {**(header or {}), "level": self.level} if self.level != "full" else header
            write_lines(stream, self.as_data(), levelled)
        return target

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _unsuccessful(message: str) -> bool:
    """Whether an exchange's line ("POST https://... -> 200") tells of no success: 4xx, 5xx, an error, a fault."""
    _, arrow, outcome = message.rpartition(" -> ")
    return not arrow or outcome[:1] not in ("1", "2", "3") or "(injected)" in outcome


def write_lines(stream: TextIO, entries: list[dict[str, Any]], header: Mapping[str, object] | None = None) -> None:
    stream.write(json.dumps({"format": FORMAT, "version": FORMAT_VERSION, **(header or {})}, ensure_ascii=False))
    stream.write("\n")
    for entry in entries:
        stream.write(json.dumps(entry, ensure_ascii=False))
        stream.write("\n")


def read_trace(text: str, name: str = "<trace>") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A trace file's header and entries; :class:`TraceFileError` naming the line if it is not one."""
    header: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    hint = "give a file written by Trace.write, --psso-trace-dir or a failing scenario (JSON Lines)"
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise TraceFileError(f"{name}:{number}: not JSON ({error.msg})", hint=hint) from None
        if not isinstance(data, dict):
            raise TraceFileError(f"{name}:{number}: a trace line is a JSON object, not {type(data).__name__}",
                                 hint=hint)
        if data.get("format") == FORMAT and not entries:
            header = data
            continue
        missing = [key for key in ("at", "kind", "source", "message") if key not in data]
        if missing:
            raise TraceFileError(f"{name}:{number}: not a trace entry: no {', '.join(missing)}", hint=hint)
        entries.append(data)
    if not header and not entries:
        raise TraceFileError(f"{name}: holds no trace", hint=hint)
    return header, entries
