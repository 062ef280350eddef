"""The lock screen: the local account's password, Touch ID, or a paired smart card's PIN unlocks the Mac.

With Platform SSO's password method that password is the Entra password: unlocking with it logs in to
Entra and syncs it (as at the login window), so after a change made elsewhere the new password unlocks
the Mac at once and the old one, still the local one, unlocks it until the next refresh asks for the new. A smart
card unlocks only once paired with the account (``sc_auth pair``), with its PIN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.errors import SimError
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["LockScreen", "NotLocked"]

WRONG_PASSWORD = "Incorrect password"


class NotLocked(SimError):
    subsystem = "macos"


class LockScreen:
    name = "Lock Screen"

    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.locked = False
        self.error: str | None = None
        self._password = ""

    def lock(self) -> None:
        """Apple menu > Lock Screen."""
        self.locked = True
        self.error = None
        self._mac.desktop.show(self)
        self._mac.touch_id.waiting = self._unlocked
        self._mac.runtime.trace.record(self._mac.name, "screen locked")

    def unlock_with_pin(self, pin: str) -> bool:
        """The paired smart card, and its PIN."""
        if not self.locked:
            raise NotLocked(f"{self._mac.name} is not locked", hint="lock the Mac first")
        refused = self._mac.smart_card_reader.unlock_with_pin(self._mac.account.short_name, pin)
        if refused is not None:
            self.error = refused
            self._mac.runtime.trace.record(self._mac.name, f"unlock refused: {refused}")
            return False
        self._unlocked()
        return True

    def unlock(self, password: str) -> bool:
        if not self.locked:
            raise NotLocked(f"{self._mac.name} is not locked", hint="lock the Mac first")
        if not self._mac.login_window.accepts(password):
            self.error = WRONG_PASSWORD
            self._mac.runtime.trace.record(self._mac.name, "unlock refused: wrong password")
            return False
        self._unlocked()
        return True

    def _unlocked(self) -> None:
        self.locked = False
        self.error = None
        self._mac.desktop.close(self)
        if self._mac.touch_id.waiting == self._unlocked:
            self._mac.touch_id.waiting = None
        self._mac.runtime.trace.record(self._mac.name, "screen unlocked")
        self._mac.platform_sso.unlocked()

    def view(self) -> View | None:
        if not self.locked:
            return None
        return view(self.name, self._mac.account.full_name, text=[self.error or "Enter Password"],
                    fields={"Password": self._set_password}, buttons={"Unlock": self._unlock})

    def _set_password(self, value: str) -> None:
        self._password = value

    def _unlock(self) -> None:
        self.unlock(self._password)
