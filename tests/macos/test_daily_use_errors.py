"""Working days that go wrong: an unlock the lock screen refuses and a web app that does not open are written
down; the next working day after a Friday is Monday (psso_sim.daily_use)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from psso_sim.actors import Person
from psso_sim.daily_use import WorkingDays
from psso_sim.macos.power import NotAsleep
from psso_sim.world import World


def test_an_unlock_the_lock_screen_refuses_is_seen_and_the_mac_stays_locked(registered: Callable[..., Person]) -> None:
    someone = registered(71)
    mac = someone.mac
    days = WorkingDays(someone, unlock=lambda: mac.lock_screen.unlock("not-the-password"))
    seen = days.run(2)  # Monday has begun: Tuesday is the one working day
    assert days.days_worked == 1
    refused = [a for a in seen if a.what == "the lock screen refused the unlock: Incorrect password"]
    assert [a.at.strftime("%a %H:%M") for a in refused] == ["Tue 13:30"]
    assert mac.lock_screen.locked
    (web,) = [a for a in seen if a.what.startswith("Office 365: ")]
    assert web.at.strftime("%a %H:%M") == "Tue 15:00" and not web.what.startswith("Office 365: granted")
    assert days.seen == seen


def test_the_next_working_day_after_friday_is_monday_and_an_open_lid_is_closed_first(
    registered: Callable[..., Person],
) -> None:
    someone = registered(72)
    world, mac = someone.world, someone.mac
    friday_evening = datetime(2023, 11, 10, 18, 0, tzinfo=world.now().tzinfo)
    world.scheduler.run_until(friday_evening)
    assert not mac.power.asleep
    days = WorkingDays(someone)
    days.begin_next_day()
    assert world.now() == datetime(2023, 11, 13, 9, 0, tzinfo=world.now().tzinfo)
    assert not mac.power.asleep and not mac.lock_screen.locked
    slept = [e.at for e in world.trace.entries if e.source == mac.name and e.message == "asleep (lid closed)"]
    assert slept[-1] == friday_evening  # closed first, then opened on Monday


def test_closing_a_closed_lid_does_nothing_and_opening_an_open_one_is_an_error() -> None:
    world = World(seed=73)
    mac = world.add_mac()
    mac.lock_screen.lock()
    mac.power.sleep()  # already locked: it stays locked
    mac.power.sleep()
    assert sum(e.message == "asleep (lid closed)" for e in world.trace.entries) == 1
    mac.power.wake()
    with pytest.raises(NotAsleep, match="is not asleep"):
        mac.power.wake()
    assert mac.lock_screen.locked
