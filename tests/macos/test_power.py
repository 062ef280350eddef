"""The lid: sleep locks a signed-in Mac's screen and is traced; waking a Mac that is awake is a clear error."""

from __future__ import annotations

import pytest

from psso_sim.macos.power import NotAsleep
from psso_sim.world import World


def test_closing_the_lid_locks_a_signed_in_mac_and_opening_it_is_traced() -> None:
    world = World(seed=41)
    mac = world.add_mac()
    mac.power.sleep()
    assert mac.power.asleep is True and mac.lock_screen.locked
    mac.power.wake()
    assert mac.power.asleep is False and mac.lock_screen.locked  # awake at the lock screen
    assert [line.split("] ", 1)[1] for line in world.trace.lines(mac.name)[-3:]] == [
        "screen locked", "asleep (lid closed)", "awake (lid opened)"]


def test_a_signed_out_mac_sleeps_at_the_login_window_without_a_lock_screen() -> None:
    mac = World(seed=42).add_mac()
    mac.sign_out()
    mac.power.sleep()
    assert mac.power.asleep and not mac.lock_screen.locked


def test_opening_the_lid_of_an_awake_mac_says_what_to_do() -> None:
    mac = World(seed=43).add_mac()
    with pytest.raises(NotAsleep) as refused:
        mac.power.wake()
    assert refused.value.message == f"{mac.name} is not asleep"
    assert refused.value.hint == "close the lid first" and refused.value.subsystem == "macos"
