"""Smart lockout and account state: the sign-in rules Entra applies before it looks at anything else.

Smart lockout (Entra's defaults): after 10 failed sign-ins the account is locked for 60 seconds; each
further failure while the count stays at the threshold locks it again, for longer each time (doubling
here). Entra tracks the last three bad password hashes: the same wrong password again does not count.
A correct password resets the count. Time is the World's simulated clock. A locked account answers
AADSTS50053 even to the right password.

Account state: a disabled user (AADSTS50057) or a disabled device (AADSTS135011) no longer refreshes its
refresh tokens or PRTs, nor logs in with Platform SSO (any method).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from psso_sim.entra.errors import AccountLocked, DeviceDisabled, UserDisabled
from psso_sim.entra.models import DeviceObject, User

__all__ = ["LOCKOUT_DURATION", "LOCKOUT_THRESHOLD", "AccountLocked", "DeviceDisabled", "SmartLockout", "UserDisabled",
           "check_enabled"]

LOCKOUT_THRESHOLD = 10
LOCKOUT_DURATION = timedelta(seconds=60)
_REMEMBERED_HASHES = 3


@dataclass
class _Failures:
    count: int = 0
    hashes: list[str] = field(default_factory=list)
    locked_until: datetime | None = None
    lockouts: int = 0


class SmartLockout:
    def __init__(self, threshold: int = LOCKOUT_THRESHOLD, duration: timedelta = LOCKOUT_DURATION) -> None:
        self.threshold = threshold
        self.duration = duration
        self._users: dict[str, _Failures] = {}

    def check(self, user: User, now: datetime) -> None:
        """Before the password is compared: a locked account is refused whatever it sends."""
        state = self._users.get(user.object_id)
        if state is not None and state.locked_until is not None and now < state.locked_until:
            raise AccountLocked(
                "Your account is locked because you've tried to sign in too many times with an incorrect user ID "
                "or password.", hint=f"locked until {state.locked_until.isoformat()} (simulated time)")

    def failed(self, user: User, password: str, now: datetime) -> None:
        state = self._users.setdefault(user.object_id, _Failures())
        digest = hashlib.sha256(password.encode()).hexdigest()
        if digest in state.hashes:
            return  # the same bad password again: not another attempt
        state.hashes = [*state.hashes, digest][-_REMEMBERED_HASHES:]
        state.count += 1
        if state.count >= self.threshold:
            state.locked_until = now + self.duration * (2 ** state.lockouts)
            state.lockouts += 1

    def succeeded(self, user: User) -> None:
        self._users.pop(user.object_id, None)


def check_enabled(user: User | None, device: DeviceObject | None) -> None:
    """At refresh and at Platform SSO's login: the user and the device must be enabled (None: not known yet)."""
    if user is not None and not user.account_enabled:
        raise UserDisabled("The user account is disabled.")
    if device is not None and not device.account_enabled:
        raise DeviceDisabled(f"The device '{device.device_id}' used during the authentication is disabled.")
