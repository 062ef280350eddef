"""Apple Push Notification service: how Intune wakes a Mac to check in.

The push carries no data; the Mac answers it by checking in over HTTP, as real MDM
clients do. Delivery takes a little simulated time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from psso_sim.faults import FaultPlan
from psso_sim.scheduler import Scheduler
from psso_sim.trace import Trace

__all__ = ["PUSH_DELAY", "PushService"]

PUSH_DELAY = timedelta(seconds=30)  # APNs delivery plus the Mac's wake-up


class PushService:
    def __init__(self, scheduler: Scheduler, trace: Trace) -> None:
        self._scheduler = scheduler
        self._trace = trace
        self._devices: dict[str, Callable[[], None]] = {}
        self.faults: FaultPlan | None = None  # set by the World: a dropped push is a fault

    def register(self, push_token: str, wake: Callable[[], None]) -> None:
        self._devices[push_token] = wake

    def unregister(self, push_token: str) -> None:
        self._devices.pop(push_token, None)

    def notify(self, push_token: str, reason: str, delay: timedelta = timedelta(0)) -> bool:
        """Send a push; ``delay`` holds it back first (a slow MDM command). True if APNs accepted it,
        even when a fault then loses it: the sender cannot tell."""
        wake = self._devices.get(push_token)
        if wake is None:
            return False
        self._trace.record("apns", f"push ({reason})")
        if self.faults is not None and self.faults.drops_push(reason):
            return True
        self._scheduler.after(PUSH_DELAY + delay, f"APNs push: {reason}", wake)
        return True
