"""The run's trace: what each simulated system did, stamped with simulated time.

Two runs with the same seed produce the same trace, line for line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psso_sim.clock import SimClock

__all__ = ["Trace", "TraceEntry"]


@dataclass(frozen=True)
class TraceEntry:
    at: datetime
    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.at.strftime('%Y-%m-%d %H:%M:%S')} [{self.source}] {self.message}"


class Trace:
    def __init__(self, clock: SimClock) -> None:
        self._clock = clock
        self.entries: list[TraceEntry] = []

    def record(self, source: str, message: str) -> None:
        self.entries.append(TraceEntry(self._clock.now(), source, message))

    def lines(self, source: str | None = None) -> list[str]:
        return [str(e) for e in self.entries if source is None or e.source == source]

    def __str__(self) -> str:
        return "\n".join(self.lines())
