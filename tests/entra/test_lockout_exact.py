"""Smart lockout to the second and to the word: what the mutation sample (docs/mutation.md) found unchecked.

Each lockout doubles the one before (60 s, 120 s, 240 s); a lock ends exactly at its instant; the refusals
say what Entra says."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from psso_sim.entra.lockout import (
    LOCKOUT_DURATION,
    LOCKOUT_THRESHOLD,
    AccountLocked,
    DeviceDisabled,
    SmartLockout,
    UserDisabled,
    check_enabled,
)
from psso_sim.entra.models import User
from psso_sim.world import World

NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)


def a_user() -> User:
    return World(seed=31).add_user(password="Right-2024!")


def lock(lockout: SmartLockout, user: User, now: datetime, round_: int) -> None:
    """The threshold's wrong passwords the first time; after a lockout one more failure locks again."""
    for n in range(LOCKOUT_THRESHOLD if round_ == 0 else 1):
        lockout.failed(user, f"wrong-{round_}-{n}", now)


def test_each_lockout_doubles_the_one_before_and_ends_at_its_instant() -> None:
    lockout, user, now = SmartLockout(), a_user(), NOW
    for round_, length in enumerate((1, 2, 4)):
        lock(lockout, user, now, round_)
        until = now + LOCKOUT_DURATION * length
        with pytest.raises(AccountLocked) as refused:
            lockout.check(user, until - timedelta(microseconds=1))
        assert refused.value.message == ("Your account is locked because you've tried to sign in too many times "
                                         "with an incorrect user ID or password.")
        assert refused.value.hint == f"locked until {until.isoformat()} (simulated time)"
        lockout.check(user, until)  # the lock is over at its instant
        now = until


def test_ten_distinct_wrong_passwords_lock_and_nine_do_not() -> None:
    lockout, user = SmartLockout(), a_user()  # Entra's default threshold: 10
    for n in range(9):
        lockout.failed(user, f"wrong-{n}", NOW)
    lockout.check(user, NOW)
    lockout.failed(user, "wrong-9", NOW)
    with pytest.raises(AccountLocked):
        lockout.check(user, NOW)


def test_a_wrong_password_older_than_the_last_three_counts_again() -> None:
    lockout, user = SmartLockout(threshold=5), a_user()
    for password in ("a", "b", "c", "d", "a"):  # "a" has left the last three (b, c, d): the fifth attempt
        lockout.failed(user, password, NOW)
    with pytest.raises(AccountLocked):
        lockout.check(user, NOW)


def test_the_last_three_wrong_passwords_are_remembered_not_only_the_last() -> None:
    lockout, user = SmartLockout(threshold=4), a_user()
    for password in ("a", "b", "c", "a", "b", "c"):  # three distinct, then the same three again
        lockout.failed(user, password, NOW)
    lockout.check(user, NOW)  # still three attempts: not locked
    lockout.failed(user, "d", NOW)
    with pytest.raises(AccountLocked):
        lockout.check(user, NOW)


def test_a_disabled_user_and_device_are_refused_with_entras_words() -> None:
    with pytest.raises(UserDisabled) as refused:
        check_enabled(replace(a_user(), account_enabled=False), None)
    assert refused.value.message == "The user account is disabled."
    device = SimpleNamespace(device_id="d-1", account_enabled=False)  # only what the check reads
    with pytest.raises(DeviceDisabled) as refused_device:
        check_enabled(None, device)  # type: ignore[arg-type]
    assert refused_device.value.message == "The device 'd-1' used during the authentication is disabled."
