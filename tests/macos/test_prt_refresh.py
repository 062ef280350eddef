"""Platform SSO's PRT refresh every 4 hours, and how it brings a password change to the Mac
(psso_sim.macos.prt_refresh, psso_sim.macos.password_prompt, psso_sim.macos.lock_screen)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.macos.lock_screen import NotLocked
from psso_sim.macos.password_prompt import PASSWORD_CHANGED
from psso_sim.macos.platform_sso import UserState
from psso_sim.macos.prt_refresh import PRT_REFRESH_INTERVAL, SIGN_IN_REQUIRED
from psso_sim.world import World


def registered(macos: int = 14, seed: int = 31) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(macos=macos, owner=user))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    assert person.mac.platform_sso.user_state is UserState.NORMAL
    return person


def reset_password(person: Person, new_password: str = "N3w-Entra-Passw0rd!") -> str:
    previous = person.entra_password
    person.world.entra.reset_password(person.user.user_principal_name, new_password)
    return previous


def test_the_refresh_interval_is_the_documented_4_hours() -> None:
    assert timedelta(hours=4) == PRT_REFRESH_INTERVAL


def test_a_login_schedules_the_next_refresh_4_hours_later_and_a_refresh_the_one_after() -> None:
    person = registered()
    world, refresh = person.world, person.mac.prt_refresh
    assert refresh.next_refresh is not None and refresh.next_refresh.due == world.now() + PRT_REFRESH_INTERVAL
    world.advance(PRT_REFRESH_INTERVAL)
    assert refresh.last_refresh == world.now()
    assert refresh.next_refresh is not None and refresh.next_refresh.due == world.now() + PRT_REFRESH_INTERVAL
    assert person.mac.platform_sso.user_state is UserState.NORMAL


def test_a_password_change_is_noticed_at_the_next_refresh_and_asks_for_the_new_password() -> None:
    person = registered()
    world, mac = person.world, person.mac
    reset_password(person)
    world.advance(PRT_REFRESH_INTERVAL - timedelta(seconds=1))
    assert not mac.notifications.active(SIGN_IN_REQUIRED)
    world.advance(timedelta(seconds=1))
    assert mac.notifications.active(SIGN_IN_REQUIRED)
    assert mac.platform_sso.user_state is UserState.LOGIN_NEEDED
    assert "50173" in (mac.platform_sso.last_error or "")
    assert mac.prt_refresh.next_refresh is None  # nothing to refresh until the user signs in


def test_signing_in_with_the_new_password_syncs_it_and_restarts_the_refresh() -> None:
    person = registered(macos=13)
    world, mac = person.world, person.mac
    previous = reset_password(person)
    world.advance(PRT_REFRESH_INTERVAL)
    mac.desktop.select("Sign In", "Notification")
    assert mac.password_prompt.message == PASSWORD_CHANGED
    assert mac.password_prompt.sign_in(person.entra_password)
    assert not mac.password_prompt.open
    assert mac.platform_sso.user_state is UserState.NORMAL
    assert mac.account.verify(person.entra_password) and not mac.account.verify(previous)
    assert mac.prt_refresh.next_refresh is not None


def test_the_old_password_in_the_prompt_is_refused_and_the_prompt_stays() -> None:
    person = registered()
    world, mac = person.world, person.mac
    previous = reset_password(person)
    world.advance(PRT_REFRESH_INTERVAL)
    mac.password_prompt.ask(PASSWORD_CHANGED)
    assert not mac.password_prompt.sign_in(previous)
    assert mac.password_prompt.open and mac.password_prompt.error == "The password you entered is incorrect."
    assert mac.account.verify(previous)  # still the old local password


def test_a_deleted_device_object_stops_the_refresh_without_asking_for_a_password() -> None:
    person = registered()
    world, mac = person.world, person.mac
    registration = mac.platform_sso.registration
    assert registration is not None
    world.entra.directory.delete_device(registration.device_id)
    world.advance(PRT_REFRESH_INTERVAL)
    assert "700003" in (mac.platform_sso.last_error or "")
    assert mac.prt_refresh.next_refresh is None
    assert not mac.notifications.active(SIGN_IN_REQUIRED)


def test_the_lock_screen_takes_the_local_password_only() -> None:
    person = registered()
    lock = person.mac.lock_screen
    lock.lock()
    assert person.mac.desktop.is_on_screen("Unlock", "Lock Screen")
    assert not lock.unlock("not the password") and lock.locked and lock.error
    assert lock.unlock(person.mac.account.password) and not lock.locked
    with pytest.raises(NotLocked, match="is not locked"):
        lock.unlock(person.mac.account.password)
