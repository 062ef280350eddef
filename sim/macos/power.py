"""Sleep and wake: a Mac whose lid is closed runs no background work of the user's session.

Platform SSO's 4-hourly PRT refresh is such work: asleep, the Mac misses it, and on waking it refreshes at once
if one fell due meanwhile. So a Mac in daily use keeps its PRT alive, and one left closed longer than the PRT's
inactivity window finds it expired when it wakes. Closing the lid locks the screen (macOS's default: a
password is required immediately after sleep); opening it shows the lock screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from psso_sim.errors import SimError

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["NotAsleep", "Power"]


class NotAsleep(SimError):
    subsystem = "macos"


class Power:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.asleep = False
        self._on_wake: list[Callable[[], None]] = []

    def when_woken(self, action: Callable[[], None]) -> None:
        """Run ``action`` each time the Mac wakes (after the screen shows, before the user unlocks)."""
        self._on_wake.append(action)

    def sleep(self) -> None:
        """The lid closes (or Apple menu > Sleep): the screen locks and background work stops."""
        if self.asleep:
            return
        mac = self._mac
        if mac.account.signed_in and not mac.lock_screen.locked:
            mac.lock_screen.lock()
        self.asleep = True
        mac.runtime.trace.record(mac.name, "asleep (lid closed)")

    def wake(self) -> None:
        """The lid opens: the lock screen is showing, and what was missed while asleep runs now."""
        if not self.asleep:
            raise NotAsleep(f"{self._mac.name} is not asleep", hint="close the lid first")
        self.asleep = False
        self._mac.runtime.trace.record(self._mac.name, "awake (lid opened)")
        for action in self._on_wake:
            action()
