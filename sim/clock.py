"""The simulated clock: the only source of time in ``sim/``.

It never reads the wall clock. It only moves forward, when the scheduler runs an
event or finishes an advance; listeners (the freezegun boundary) follow each move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from psso_sim.errors import SimError

__all__ = ["DEFAULT_START", "ClockError", "SimClock"]

# A fixed, documented start so that a run with no start given is still reproducible.
DEFAULT_START = datetime(2023, 11, 6, 9, 0, tzinfo=UTC)


class ClockError(SimError):
    subsystem = "clock"


class SimClock:
    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ClockError(f"start time {start.isoformat()} has no time zone", hint="pass an aware UTC datetime")
        self._now = start.astimezone(UTC)
        self.start = self._now
        self._listeners: list[Callable[[datetime], None]] = []

    def now(self) -> datetime:
        return self._now

    @property
    def elapsed(self) -> timedelta:
        return self._now - self.start

    def subscribe(self, listener: Callable[[datetime], None]) -> Callable[[], None]:
        """Call ``listener`` after every move; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def move_to(self, when: datetime) -> None:
        """Move the clock forward. Only the scheduler calls this."""
        if when < self._now:
            raise ClockError(f"cannot go back from {self._now.isoformat()} to {when.isoformat()}")
        if when == self._now:
            return
        self._now = when
        for listener in list(self._listeners):
            listener(when)

    def __repr__(self) -> str:
        return f"SimClock({self._now.isoformat()})"
