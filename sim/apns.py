"""Apple Push Notification service: how Intune wakes a Mac to check in.

The push carries no data; the Mac answers it by checking in over HTTP, as real MDM
clients do. Delivery takes a little simulated time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from psso_sim.scheduler import Scheduler
from psso_sim.trace import Trace

__all__ = ["PUSH_DELAY", "PushService"]

PUSH_DELAY = timedelta(seconds=30)  # APNs delivery plus the Mac's wake-up


class PushService:
    def __init__(self, scheduler: Scheduler, trace: Trace) -> None:
        self._scheduler = scheduler
        self._trace = trace
        self._devices: dict[str, Callable[[], None]] = {}

    def register(self, push_token: str, wake: Callable[[], None]) -> None:
        self._devices[push_token] = wake

    def unregister(self, push_token: str) -> None:
        self._devices.pop(push_token, None)

    def notify(self, push_token: str, reason: str) -> bool:
        wake = self._devices.get(push_token)
        if wake is None:
            return False
        self._trace.record("apns", f"push ({reason})")
        self._scheduler.after(PUSH_DELAY, f"APNs push: {reason}", wake)
        return True
