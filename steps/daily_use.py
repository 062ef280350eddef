"""A Mac's life over weeks: closing and opening the lid, ordinary working days, and what asked for attention.

Source: Microsoft Entra ID > Primary Refresh Token (renewed while in use, expires after 14 days unused); Apple's
Platform SSO LoginFrequency; MacOS Platform single sign-on known issues and troubleshooting > Password change events
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_bdd import then, when

from psso_sim.actors import Person
from psso_sim.daily_use import WorkingDays
from psso_sim.macos.mac import Mac
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__: list[str] = []  # a step plugin: its steps are public by their sentences (see psso_sim.steps)


@pytest.fixture
def working_days(person: Person) -> WorkingDays:
    """The scenario's working days: what asked for the user's attention, over every "uses the Mac" step."""
    return WorkingDays(person)


@when(step_parser("the user closes the Mac's lid"))
def close_lid(mac: Mac) -> None:
    """The Mac sleeps: the screen locks, and background work (the PRT refresh) waits until it wakes.

    Example: When the user closes the Mac's lid
    """
    mac.power.sleep()


@when(step_parser("the user opens the Mac's lid"))
def open_lid(mac: Mac) -> None:
    """The Mac wakes at the lock screen, and makes the PRT refresh it missed asleep.

    Example: When the user opens the Mac's lid
    """
    mac.power.wake()


@when(step_parser("the user leaves the Mac closed for {duration:Duration}"))
def leave_closed(world: World, mac: Mac, duration: timedelta) -> None:
    """Close the lid, let the time pass, open the lid.

    Example: When the user leaves the Mac closed for 15 days
    """
    mac.power.sleep()
    world.advance(duration)
    mac.power.wake()


@when(step_parser("the user waits until the instant the Mac's PRT expires"))
def wait_until_prt_expires(world: World, mac: Mac) -> None:
    """Let simulated time run to the very instant the Mac's PRT expires, by what Entra ID told the Mac when it
    issued or renewed it (refresh_token_expires_in): the boundary where a refresh is refused (AADSTS700082).

    Example: When the user waits until the instant the Mac's PRT expires
    """
    _wait_until_before_expiry(world, mac, timedelta(0))


@when(step_parser("the user waits until {duration:Duration} before the Mac's PRT expires"))
def wait_until_before_prt_expires(world: World, mac: Mac, duration: timedelta) -> None:
    """Let simulated time run to that long before the Mac's PRT expires: the last moments a refresh renews it.

    Example: When the user waits until 1 second before the Mac's PRT expires
    """
    _wait_until_before_expiry(world, mac, duration)


def _wait_until_before_expiry(world: World, mac: Mac, before: timedelta) -> None:
    tokens = mac.platform_sso.tokens
    if tokens is None:
        pytest.fail(f"{mac.name} has no PRT: a Platform SSO login gives it one", pytrace=False)
    wait = tokens.expiration - before - world.clock.now()
    if wait < timedelta(0):
        pytest.fail(f"{mac.name}'s PRT expires at {tokens.expiration:%Y-%m-%d %H:%M:%S}, less than {before} from now",
                    pytrace=False)
    world.advance(wait)


@when(step_parser("the user uses the Mac every working day for {days:Number} days"))
def use_every_working_day(working_days: WorkingDays, days: int) -> None:
    """Ordinary use, day after day: on weekdays the lid opens at 9:00 and the user unlocks the Mac by its
    method (Touch ID, the card's PIN, the Entra password), locks it for lunch, opens a web app at 15:00 and
    closes the lid at 17:30; weekends the lid stays closed. What asks for the user's attention is noted.

    Example: When the user uses the Mac every working day for 90 days
    """
    working_days.run(days)


@when(step_parser("the user's next working day begins"))
def next_working_day(world: World, working_days: WorkingDays) -> None:
    """The next weekday at 9:00: the lid opens and the user unlocks the Mac by its method.

    Example: When the user's next working day begins
    """
    working_days.begin_next_day()


@then(step_parser("nothing asked for the user's attention on those days"))
def nothing_asked(working_days: WorkingDays) -> None:
    """No notification, password prompt, refused unlock or sign-in page on any working day so far.

    Example: Then nothing asked for the user's attention on those days
    """
    assert working_days.days_worked, "the user has not used the Mac on any working day yet"
    seen = "\n".join(f"  {a.at:%a %Y-%m-%d %H:%M}: {a.what}" for a in working_days.seen)
    assert not working_days.seen, f"over {working_days.days_worked} working days the user was asked:\n{seen}"


@then(step_parser("the user worked on the Mac on {days:Number} days"))
def worked_days(working_days: WorkingDays, days: int) -> None:
    """How many working days the "uses the Mac" steps covered (weekends and the days already begun excluded).

    Example: Then the user worked on the Mac on 64 days
    """
    assert working_days.days_worked == days, f"the user worked on {working_days.days_worked} days"
