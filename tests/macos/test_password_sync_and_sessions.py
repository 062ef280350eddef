"""Password sync under the local password policy, signing out and in of the Mac, and the
registration rules of the known issues: cancelled until the next sign-in, offered again after a
failure (the macOS release's registration_retry_prompt)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.entra.models import JoinPermission
from psso_sim.intune.passcode import PasscodeSettings
from psso_sim.macos.login_window import SessionError
from psso_sim.macos.password_policy import LocalPasswordPolicy
from psso_sim.macos.password_sync import SYNC_FAILED_TITLE, sync_local_password
from psso_sim.macos.platform_sso import RegistrationStatus, UserState
from psso_sim.product import MACOS
from psso_sim.world import World

ENTRA_PASSWORD = "Contoso2023Sync"  # 15 letters and digits, no special character


def make_person(macos: int = 14, *, seed: int = 3, **user: object) -> Person:
    world = World(seed=seed, product="2023-11")  # the seed documents' flow: Register in Company Portal
    entra_user = world.add_user(password=ENTRA_PASSWORD, **user)  # type: ignore[arg-type]
    world.target_platform_sso()
    return Person(world, entra_user, world.add_mac(macos=macos, owner=entra_user))


def test_sync_sets_the_local_password_when_the_policy_allows_it() -> None:
    mac = make_person().mac
    assert sync_local_password(mac, ENTRA_PASSWORD) == []
    assert mac.account.verify(ENTRA_PASSWORD)
    assert sync_local_password(mac, ENTRA_PASSWORD) == []  # already in sync: nothing to do
    assert not mac.notifications.history


def test_sync_fails_under_a_stricter_policy_and_says_so() -> None:
    mac = make_person().mac
    before = mac.account.password
    mac.password_policy = LocalPasswordPolicy(min_length=16, min_complex_chars=2)
    violations = sync_local_password(mac, ENTRA_PASSWORD)
    assert violations == ["shorter than 16 characters",
                          "has 0 of the 2 required special characters (other than letters and numbers)"]
    assert mac.account.password == before
    (shown,) = mac.notifications.active(SYNC_FAILED_TITLE)
    assert "shorter than 16 characters" in shown.body and ENTRA_PASSWORD not in shown.body


@pytest.mark.parametrize("macos", [13, 14])
def test_a_passcode_profile_stricter_than_entra_breaks_sync_until_the_admin_aligns_it(macos: int) -> None:
    person = make_person(macos)
    world, mac = person.world, person.mac
    world.intune.create_passcode_profile("Mac passcode", PasscodeSettings(min_length=16, min_complex_chars=2))
    with world.frozen_time():
        person.enroll_with_company_portal()
        assert mac.password_policy == LocalPasswordPolicy(min_length=16, min_complex_chars=2)
        person.register_with_company_portal()
        psso = mac.platform_sso
        assert psso.registration_completed and psso.tokens is not None  # Entra accepted the login...
        assert psso.user_state is UserState.LOGIN_NEEDED  # ...but the Mac could not take the password
        assert not mac.account.verify(ENTRA_PASSWORD)

        aligned = PasscodeSettings(min_length=8, min_complex_chars=0)
        world.intune.update_passcode_profile("Mac passcode", aligned)
        world.advance(timedelta(minutes=1))
        assert mac.password_policy == LocalPasswordPolicy(min_length=8)
        assert [p.payload_display_name for p in mac.profiles.values()].count("Mac passcode") == 1

        mac.sign_out()
        assert mac.sign_in(ENTRA_PASSWORD)
        assert mac.account.verify(ENTRA_PASSWORD) and psso.user_state is UserState.NORMAL


def test_per_user_mfa_fails_the_platform_sso_login_and_the_sync() -> None:
    person = make_person(per_user_mfa=True)
    world, mac = person.world, person.mac
    with world.frozen_time():
        person.enroll_with_company_portal()
        person.register_with_company_portal()
        psso = mac.platform_sso
        assert psso.registration_completed and psso.tokens is None
        assert psso.user_state is UserState.LOGIN_NEEDED and "AADSTS50076" in (psso.last_error or "")
        (shown,) = mac.notifications.active(SYNC_FAILED_TITLE)
        assert "AADSTS50076" in shown.body
        assert not mac.account.verify(ENTRA_PASSWORD)


def test_signing_out_closes_everything_and_signing_in_checks_the_password() -> None:
    person = make_person()
    mac = person.mac
    mac.open_app("Company Portal")
    mac.open_app("Terminal")
    mac.notifications.post("Test", "Banner", "a banner")
    mac.sign_out()
    assert [s.surface for s in mac.desktop.screens()] == ["Login Window"]
    with pytest.raises(SessionError, match="is not signed in"):
        mac.sign_out()
    assert not mac.sign_in("wrong")
    assert mac.login_window.error == "The password you entered is incorrect."  # Apple's words, exactly
    mac.desktop.enter("Password", mac.account.password, "Login Window")
    mac.desktop.select("Log In", "Login Window")
    assert mac.account.signed_in and mac.desktop.screens() == []
    with pytest.raises(SessionError, match="already signed in"):
        mac.sign_in(mac.account.password)


@pytest.mark.parametrize("macos", [13, 14])
def test_a_cancelled_registration_comes_back_only_after_signing_out_and_in(macos: int) -> None:
    person = make_person(macos)
    world, mac = person.world, person.mac
    with world.frozen_time():
        person.enroll_with_company_portal()
        mac.desktop.select("Register", "Company Portal")
        mac.desktop.select("Cancel", "Sign in")
        psso = mac.platform_sso
        assert psso.status is RegistrationStatus.CANCELLED
        world.advance(timedelta(days=1))
        assert not mac.desktop.is_on_screen("Register") and psso.status is RegistrationStatus.CANCELLED
        mac.sign_out()
        assert mac.sign_in(mac.account.password)
        assert mac.notifications.active("Registration Required")
        mac.desktop.select("Register", "Notification")
        person.enter_credentials()
        world.advance(timedelta(minutes=5))
        assert psso.registration_completed


@pytest.mark.parametrize("macos", [13, 14])
def test_a_failed_registration_is_offered_again_after_the_retry_delay(macos: int) -> None:
    person = make_person(macos)
    world, mac = person.world, person.mac
    world.entra.directory.update_device_registration_policy(JoinPermission.NONE)
    with world.frozen_time():
        person.enroll_with_company_portal()
        person.register_with_company_portal()
        psso = mac.platform_sso
        assert psso.status is RegistrationStatus.FAILED
        assert psso.retry_prompt is not None and not psso.retry_prompt.cancelled
        assert psso.retry_prompt.due - world.clock.now() == MACOS[macos].registration_retry_prompt
        assert not mac.notifications.active()  # insufficient permissions: nothing is shown
        world.advance(MACOS[macos].registration_retry_prompt - timedelta(seconds=1))
        assert not mac.notifications.active("Registration Required")
        world.advance(timedelta(seconds=1))
        assert mac.notifications.active("Registration Required")
        assert psso.status is RegistrationStatus.REQUIRED


def test_a_retry_prompt_that_falls_while_signed_out_waits_for_the_sign_in() -> None:
    person = make_person(14)
    world, mac = person.world, person.mac
    world.entra.registration.start_outage(timedelta(minutes=5))
    with world.frozen_time():
        person.enroll_with_company_portal()
        person.register_with_company_portal()
        assert mac.platform_sso.status is RegistrationStatus.FAILED
        mac.sign_out()
        world.advance(MACOS[14].registration_retry_prompt)
        assert mac.platform_sso.status is RegistrationStatus.REQUIRED
        assert not mac.notifications.active()
        assert mac.sign_in(mac.account.password)
        assert mac.notifications.active("Registration Required")


def test_macos_14_offers_registration_in_users_and_groups_and_13_does_not() -> None:
    for macos, offered in ((13, False), (14, True)):
        person = make_person(macos)
        with person.world.frozen_time():
            person.enroll_with_company_portal()
            person.mac.open_app("System Settings")
            person.mac.desktop.select("Users & Groups", "System Settings")
            assert person.mac.desktop.is_on_screen("Register", "System Settings") is offered


def test_signing_out_with_the_sso_prompt_open_cancels_the_registration() -> None:
    person = make_person(14)
    world, mac = person.world, person.mac
    with world.frozen_time():
        person.enroll_with_company_portal()
        mac.desktop.select("Register", "Company Portal")
        mac.sign_out()
        assert mac.platform_sso.status is RegistrationStatus.CANCELLED
        with pytest.raises(SessionError, match="nobody is signed in"):
            mac.open_app("Company Portal")
        assert mac.sign_in(mac.account.password)
        assert mac.notifications.active("Registration Required")
