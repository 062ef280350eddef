"""A small exact event core, after SimPy: one heap of (due, sequence, event).

Events due at the same instant run in the order they were scheduled, so every run is
the same. Advancing the clock runs the due events in order, moving the clock to each
event's time first; an event may schedule further events, which run in the same
advance if they fall due within it.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from psso_sim.clock import ClockError, SimClock

__all__ = ["Event", "Scheduler"]


@dataclass(order=True)
class Event:
    due: datetime
    sequence: int
    name: str = field(compare=False)
    action: Callable[[], None] = field(compare=False, repr=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class Scheduler:
    def __init__(self, clock: SimClock, on_run: Callable[[Event], None] | None = None) -> None:
        self.clock = clock
        self._heap: list[Event] = []
        self._sequence = itertools.count()
        self._on_run = on_run

    def at(self, due: datetime, name: str, action: Callable[[], None]) -> Event:
        if due < self.clock.now():
            raise ClockError(f"event {name!r} scheduled in the past ({due.isoformat()})")
        event = Event(due, next(self._sequence), name, action)
        heapq.heappush(self._heap, event)
        return event

    def after(self, delay: timedelta, name: str, action: Callable[[], None]) -> Event:
        if delay < timedelta(0):
            raise ClockError(f"event {name!r} has a negative delay {delay}")
        return self.at(self.clock.now() + delay, name, action)

    def pending(self) -> list[Event]:
        """Events still to run, in the order they will run."""
        return sorted(e for e in self._heap if not e.cancelled)

    def next_due(self) -> datetime | None:
        self._drop_cancelled()
        return self._heap[0].due if self._heap else None

    def run_until(self, until: datetime) -> int:
        """Run every event due up to and including ``until``; leave the clock there."""
        ran = 0
        while (due := self.next_due()) is not None and due <= until:
            event = heapq.heappop(self._heap)
            self.clock.move_to(event.due)
            if self._on_run is not None:
                self._on_run(event)
            event.action()
            ran += 1
        # An injected latency may have run the clock past ``until`` from inside an event: never go back.
        self.clock.move_to(max(until, self.clock.now()))
        return ran

    def advance(self, by: timedelta) -> int:
        if by < timedelta(0):
            raise ClockError(f"cannot advance by a negative duration {by}")
        return self.run_until(self.clock.now() + by)

    def run_until_true(self, condition: Callable[[], bool], limit: timedelta) -> bool:
        """Run events one at a time until ``condition`` holds or ``limit`` has passed.

        Used for "wait to be prompted": the clock stops at the event that made the
        condition true, not at the limit.
        """
        deadline = self.clock.now() + limit
        while not condition():
            due = self.next_due()
            if due is None or due > deadline:
                self.clock.move_to(max(deadline, self.clock.now()))
                return condition()
            self.run_until(due)
        return True

    def _drop_cancelled(self) -> None:
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
