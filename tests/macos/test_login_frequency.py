"""LoginFrequency: an unlock logs in to Entra in full only once the last login is that old (18 hours by
default); in between, the 4-hourly refresh keeps the PRT. Lid closed, the refresh waits for the Mac to wake."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.world import World


def registered(method: str, seed: int = 61) -> tuple[World, Person]:
    world = World(seed=seed, product="current")
    world.target_platform_sso(method=method)
    user = world.add_user()
    person = Person(world, user, world.add_mac(owner=user, macos=14))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    world.advance(timedelta(minutes=10))
    assert person.mac.platform_sso.last_login is not None
    return world, person


def unlock(person: Person) -> None:
    mac = person.mac
    mac.lock_screen.lock()
    if mac.platform_sso.method is not None and mac.platform_sso.method.user_key == "secure-enclave":
        person.unlock_with_touch_id()
    else:
        assert mac.lock_screen.unlock(mac.account.password)
    assert not mac.lock_screen.locked


@pytest.mark.parametrize("method", ["UserSecureEnclaveKey", "Password"])
def test_an_unlock_logs_in_only_once_login_frequency_has_passed(method: str) -> None:
    world, person = registered(method)
    psso = person.mac.platform_sso
    first = psso.last_login
    world.advance(timedelta(hours=1))
    unlock(person)
    assert psso.last_login == first, "an unlock an hour after the login logged in again"
    world.advance(timedelta(hours=18))
    unlock(person)
    assert psso.last_login == world.now(), "an unlock 19 hours after the login did not log in"


def test_a_shorter_login_frequency_from_the_payload_logs_in_sooner() -> None:
    world, person = registered("UserSecureEnclaveKey")
    psso = person.mac.platform_sso
    assert psso.payload is not None and psso.payload.platform_sso is not None
    hourly = psso.payload.platform_sso.model_copy(update={"login_frequency": 3600})
    psso.payload = psso.payload.model_copy(update={"platform_sso": hourly})  # the profile's LoginFrequency: 3600
    world.advance(timedelta(hours=1, minutes=1))
    unlock(person)
    assert psso.last_login == world.now()


def test_a_refresh_that_fell_due_asleep_runs_when_the_mac_wakes() -> None:
    world, person = registered("Password")
    mac, refresh = person.mac, person.mac.prt_refresh
    mac.power.sleep()
    world.advance(timedelta(hours=9))
    assert refresh.missed and refresh.last_refresh is None
    mac.power.wake()
    assert refresh.last_refresh == world.now() and not refresh.missed
