"""freezegun at the boundary: code under test that asks datetime for "now" sees simulated time.

Started around a run (a scenario, a CLI run), it follows every move of the SimClock.
The simulation itself never needs it: it reads the SimClock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time

from psso_sim.clock import SimClock

__all__ = ["frozen_at"]


@contextmanager
def frozen_at(clock: SimClock) -> Iterator[None]:
    with freeze_time(clock.now(), tick=False) as frozen:

        def follow(when: datetime) -> None:
            frozen.move_to(when)

        unsubscribe = clock.subscribe(follow)
        try:
            yield
        finally:
            unsubscribe()
