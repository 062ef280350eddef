"""An administrator's password reset issues a temporary password that only sets a new one
(psso_sim.entra.directory); Platform SSO cannot sync it (known issue), the new password it sets syncs."""

from __future__ import annotations

import pytest

from psso_sim.actors import Person
from psso_sim.entra.errors import InvalidCredentials, PasswordExpired
from psso_sim.macos.platform_sso import UserState
from psso_sim.macos.prt_refresh import PRT_REFRESH_INTERVAL, SIGN_IN_REQUIRED
from psso_sim.world import World

TEMPORARY = "Temp-2468-Pass"
NEW = "N3w-Passw0rd-After-Reset"


def registered(seed: int = 41) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(macos=14, owner=user))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    return person


def test_a_reset_retires_the_old_password_and_the_temporary_one_only_changes_it() -> None:
    world = World(seed=3)
    user = world.add_user(password="Old-Passw0rd-123")
    directory = world.entra.directory
    reset = directory.reset_password(user, TEMPORARY, at=world.now())
    assert directory.must_change_password(user)
    assert reset.password not in ("Old-Passw0rd-123", TEMPORARY)
    assert reset.password_changed_at == world.now()
    with pytest.raises(InvalidCredentials):
        world.entra.tokens.password_grant(user.user_principal_name, "Old-Passw0rd-123", client_id="c", resource="r")
    with pytest.raises(PasswordExpired) as expired:  # AADSTS50055: right, but only to set a new password
        world.entra.tokens.password_grant(user.user_principal_name, TEMPORARY, client_id="c", resource="r")
    assert expired.value.body()["error_codes"] == [50055]


def test_the_temporary_password_sets_a_new_one_once() -> None:
    world = World(seed=4)
    user = world.add_user()
    directory = world.entra.directory
    directory.reset_password(user, TEMPORARY, at=world.now())
    with pytest.raises(InvalidCredentials, match="invalid username or password") as raised:
        directory.change_password(user, "a guess", NEW, at=world.now())
    assert raised.value.hint == "after a reset, the current password is the temporary one"
    changed = directory.change_password(user, TEMPORARY, NEW, at=world.now())
    assert changed.password == NEW and not directory.must_change_password(user)
    assert directory.temporary_passwords[user.object_id].changed_at == world.now()
    with pytest.raises(InvalidCredentials):  # used: the current password is the new one now
        directory.change_password(user, TEMPORARY, "Another-0ne-Passw0rd", at=world.now())
    assert world.entra.tokens.password_grant(user.user_principal_name, NEW, client_id="c", resource="r")


def test_platform_sso_does_not_sync_a_temporary_password_and_syncs_the_new_one() -> None:
    person = registered()
    world, mac = person.world, person.mac
    previous = mac.account.password
    user = world.entra.directory.reset_password(person.user, TEMPORARY, at=world.now())
    world.entra.tokens.revoke_sessions(user)
    assert world.wait_until(lambda: bool(mac.notifications.active(SIGN_IN_REQUIRED)), PRT_REFRESH_INTERVAL)
    assert not mac.platform_sso.login(user.user_principal_name, TEMPORARY)
    assert mac.account.password == previous and mac.platform_sso.user_state is UserState.LOGIN_NEEDED
    assert "AADSTS50055: The password is expired." in (mac.platform_sso.last_error or "")
    world.entra.directory.change_password(user, TEMPORARY, NEW, at=world.now())
    assert mac.platform_sso.login(user.user_principal_name, NEW)
    assert mac.account.password == NEW and mac.platform_sso.user_state is UserState.NORMAL
