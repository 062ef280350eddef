"""A forgotten local password reset with the FileVault recovery key, and what it does to each method's
Platform SSO registration (psso_sim.macos.password_recovery, the login window's reset offer)."""

from __future__ import annotations

import pytest

from psso_sim.actors import Person
from psso_sim.macos.device_configuration import device_configuration
from psso_sim.macos.password_recovery import (
    RESET_PASSWORD,
    RESET_WITH_RECOVERY_KEY,
    WRONG_PASSWORDS_BEFORE_RESET,
    FileVault,
)
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED, RegistrationStatus, UserState
from psso_sim.macos.smart_card import issue_smart_card
from psso_sim.ui.desktop import SurfaceNotOnScreen
from psso_sim.world import World


def registered(method: str = "UserSecureEnclaveKey", seed: int = 41) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method=method)
    person = Person(world, user, world.add_mac(owner=user))
    if method == "SmartCard":
        cba = world.entra.tokens.certificate_auth
        cba.trust(world.entra.tokens.organisation_ca.pem)
        cba.enable()
        person.insert_smart_card(issue_smart_card(world.entra.tokens.organisation_ca, user, world.runtime.seeds))
    person.enroll_with_company_portal()
    if method == "SmartCard":
        person.pair_smart_card()
    person.register_with_company_portal()
    assert person.mac.platform_sso.status is RegistrationStatus.REGISTERED
    return person


def forget_and_reset(person: Person, key: str | None = None) -> None:
    mac = person.mac
    mac.restart()
    for _ in range(WRONG_PASSWORDS_BEFORE_RESET):
        mac.sign_in("not my password")
    mac.desktop.select(RESET_WITH_RECOVERY_KEY, "Login Window")
    person.reset_local_password(mac.filevault.personal_recovery_key if key is None else key)


def test_recovery_keys_look_like_apples_and_come_from_the_seed() -> None:
    first, again = World(seed=1).add_mac(), World(seed=1).add_mac()
    key = first.filevault.personal_recovery_key
    assert key == again.filevault.personal_recovery_key
    assert [len(group) for group in key.split("-")] == [4] * 6 and not set(key) & set("01IO")
    assert first.filevault.accepts(f" {key.lower()} ")
    assert isinstance(first.filevault, FileVault)


def test_the_login_window_offers_the_reset_only_after_three_wrong_passwords() -> None:
    mac = World(seed=2).add_mac()
    mac.restart()
    for _ in range(WRONG_PASSWORDS_BEFORE_RESET - 1):
        assert not mac.sign_in("wrong")
    assert not mac.desktop.is_on_screen(RESET_WITH_RECOVERY_KEY)
    mac.sign_in("wrong")
    assert mac.desktop.is_on_screen(RESET_WITH_RECOVERY_KEY, "Login Window")
    assert mac.sign_in(mac.account.password)
    mac.restart()
    assert mac.login_window.wrong_passwords == 0 and not mac.desktop.is_on_screen(RESET_WITH_RECOVERY_KEY)


def test_the_reset_window_refuses_a_wrong_key_and_mismatched_passwords() -> None:
    mac = World(seed=3).add_mac()
    before = mac.account.password
    mac.restart()
    for _ in range(3):
        mac.sign_in("wrong")
    mac.desktop.select(RESET_WITH_RECOVERY_KEY)
    desktop = mac.desktop
    desktop.enter("Recovery Key", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", RESET_PASSWORD)
    desktop.enter("New password", "New-Local-1", RESET_PASSWORD)
    desktop.enter("Verify password", "New-Local-1", RESET_PASSWORD)
    desktop.select(RESET_PASSWORD, RESET_PASSWORD)
    assert desktop.shows_text("recovery key you entered is incorrect", RESET_PASSWORD)
    desktop.enter("Recovery Key", mac.filevault.personal_recovery_key, RESET_PASSWORD)
    desktop.enter("Verify password", "New-Local-2", RESET_PASSWORD)
    desktop.select(RESET_PASSWORD, RESET_PASSWORD)
    assert desktop.shows_text("don't match", RESET_PASSWORD)
    assert mac.account.password == before and not mac.account.signed_in
    desktop.select("Cancel", RESET_PASSWORD)
    with pytest.raises(SurfaceNotOnScreen):
        desktop.select(RESET_PASSWORD, RESET_PASSWORD)


def test_a_reset_erases_the_secure_enclave_key_and_platform_sso_asks_to_register_again() -> None:
    person = registered()
    mac, psso = person.mac, person.mac.platform_sso
    forget_and_reset(person)
    assert mac.account.signed_in and mac.account.password != mac.account.original_password
    assert mac.secure_enclave.tags == []
    assert psso.status is RegistrationStatus.REQUIRED and psso.tokens is None
    assert psso.user_state is UserState.LOGIN_NEEDED and "Secure Enclave key is gone" in (psso.last_error or "")
    assert mac.notifications.active(REGISTRATION_REQUIRED)
    assert device_configuration(mac).read() is None and mac.prt_refresh.next_refresh is None


def test_a_reset_removes_a_password_methods_registration() -> None:
    person = registered("Password")
    forget_and_reset(person)
    psso = person.mac.platform_sso
    assert psso.status is RegistrationStatus.REQUIRED and psso.user_name is None
    assert "removed during password recovery" in (psso.last_error or "")
    assert person.mac.notifications.active(REGISTRATION_REQUIRED)


def test_a_smart_card_keeps_its_key_and_the_mac_its_registration() -> None:
    person = registered("SmartCard")
    forget_and_reset(person)
    psso = person.mac.platform_sso
    assert psso.status is RegistrationStatus.REGISTERED and psso.tokens is not None
    assert not person.mac.notifications.active(REGISTRATION_REQUIRED)


def test_signing_in_with_the_password_keeps_the_key() -> None:
    person = registered()
    mac = person.mac
    mac.restart()
    assert mac.sign_in(mac.account.password)
    assert mac.secure_enclave.tags and mac.platform_sso.status is RegistrationStatus.REGISTERED
