"""The steps QA asked for (issue 12, item 6) act on the modelled UI, and each check can fail.

Each step function is called as pytest-bdd calls it, on a World in a known state: once where it must pass,
once where it must fail, with the message a feature writer would read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.intune.passcode import PasscodeSettings
from psso_sim.macos.mac import Mac
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED, RegistrationStatus
from psso_sim.steps.admin import wait_for_changed_profile
from psso_sim.steps.prompts import (
    close_sso_auth_prompt,
    company_portal_confirms,
    device_registration_popup,
    mac_shows_error,
    miss_notification,
)
from psso_sim.steps.sign_in import sign_in_refused
from psso_sim.world import World

Failed = pytest.fail.Exception


@pytest.fixture(params=["2023-11", "current"])
def enrolled(request: pytest.FixtureRequest) -> Iterator[tuple[World, Mac, Person]]:
    """A Mac enrolled with Company Portal on each product release, asked to register with Platform SSO."""
    world = World(seed=5, product=request.param)
    user = world.add_user()
    mac = world.add_mac(owner=user, macos=14)
    world.target_platform_sso()
    person = Person(world, user, mac)
    person.enroll_with_company_portal()
    yield world, mac, person
    world.close()


def _answer_entra_prompt(mac: Mac, person: Person) -> None:
    """The current product on macOS 14 asks to unlock before the Entra sign-in; the seeds' does not."""
    if mac.desktop.screens("Platform Single Sign-On"):
        person.enter_local_password("Platform Single Sign-On", "OK")


def test_the_device_registration_popup_is_the_registration_required_banner(enrolled) -> None:
    _, mac, _ = enrolled
    device_registration_popup(mac)
    mac.notifications.dismiss_all(REGISTRATION_REQUIRED)
    with pytest.raises(AssertionError, match="the Device Registration popup is not on screen; on screen:"):
        device_registration_popup(mac)


def test_a_missed_notification_goes_unanswered_and_comes_back(enrolled) -> None:
    world, mac, _ = enrolled
    miss_notification(mac, REGISTRATION_REQUIRED)
    assert not mac.notifications.active(REGISTRATION_REQUIRED)
    assert mac.platform_sso.status is RegistrationStatus.REQUIRED  # Register was not selected
    with pytest.raises(Failed, match='no "Registration Required" notification is on screen to miss'):
        miss_notification(mac, REGISTRATION_REQUIRED)
    world.advance(world.product.registration_reminder)
    device_registration_popup(mac)


def test_closing_the_sso_auth_prompt_cancels_the_registration(enrolled) -> None:
    _, mac, _ = enrolled
    with pytest.raises(Failed, match="the SSO auth prompt is not on screen, so there is nothing to close"):
        close_sso_auth_prompt(mac)
    mac.desktop.select("Register", "Notification")
    close_sso_auth_prompt(mac)  # the Entra sign-in (2023-11) or macOS 14's Entra prompt (current)
    assert mac.platform_sso.status is RegistrationStatus.CANCELLED
    assert not mac.desktop.is_on_screen("Cancel")


def test_the_mac_shows_an_error_message_only_when_something_reads_as_one(enrolled) -> None:
    _, mac, person = enrolled
    mac.notifications.dismiss_all(REGISTRATION_REQUIRED)
    mac.platform_sso.begin_registration()
    _answer_entra_prompt(mac, person)
    with pytest.raises(AssertionError, match="nothing on screen reads as an error"):
        mac_shows_error(mac)
    person.enter_credentials(password="not-the-password", unlock=False)
    mac_shows_error(mac)  # "Your account or password is incorrect"


def test_company_portal_confirms_only_what_is_done() -> None:
    world = World(seed=3, product="2023-11")
    user = world.add_user()
    mac = world.add_mac(owner=user, macos=14)
    world.target_platform_sso()
    person = Person(world, user, mac)
    mac.open_app("Company Portal")
    with pytest.raises(AssertionError, match="Company Portal shows none of its confirmations"):
        company_portal_confirms(mac)
    person.enroll_with_company_portal()
    with pytest.raises(AssertionError, match="Company Portal shows none of its confirmations"):
        company_portal_confirms(mac)  # "Register your Mac": nothing is done yet
    person.register_with_company_portal()
    company_portal_confirms(mac)  # "You're all set"
    mac.desktop.select("Done", "Company Portal")
    mac.desktop.select("Preferences", "Company Portal")
    with pytest.raises(AssertionError, match="Company Portal shows none of its confirmations"):
        company_portal_confirms(mac)
    world.close()


def test_a_sign_in_expected_to_be_refused_fails_when_it_goes_through(enrolled) -> None:
    _, mac, person = enrolled
    mac.platform_sso.begin_registration()
    _answer_entra_prompt(mac, person)
    with pytest.raises(Failed, match="the sign-in was not refused"):
        sign_in_refused(mac, person, "Next")


def test_a_refused_sign_in_asks_again_and_says_why() -> None:
    world = World(seed=4, product="2023-11")
    user = world.add_user(mfa_methods=())  # registering needs MFA; this user has no method to answer it
    mac = world.add_mac(owner=user, macos=14)
    world.target_platform_sso()
    person = Person(world, user, mac)
    person.enroll_with_company_portal()
    mac.desktop.select("Register", "Company Portal")
    sign_in_refused(mac, person, "Next")
    assert mac.desktop.shows_text("More information required", "Sign in")
    assert mac.platform_sso.registration is None
    world.close()


def test_waiting_for_a_changed_profile_ends_when_it_is_installed(enrolled) -> None:
    world, mac, _ = enrolled
    world.intune.create_passcode_profile("Mac passcode", PasscodeSettings(min_length=16, min_complex_chars=2))
    wait_for_changed_profile(world, mac, timedelta(minutes=10), "Mac passcode")
    world.intune.update_passcode_profile("Mac passcode", PasscodeSettings(min_length=8, min_complex_chars=0))
    assert mac.password_policy is not None and mac.password_policy.min_length == 16  # not there yet
    started = world.clock.now()
    wait_for_changed_profile(world, mac, timedelta(minutes=10), "Mac passcode")
    assert mac.password_policy.min_length == 8
    assert world.clock.now() > started  # it took the push and the check-in
    with pytest.raises(Failed, match="Intune assigns no profile named 'Nope'"):
        wait_for_changed_profile(world, mac, timedelta(minutes=1), "Nope")


def test_a_changed_profile_that_cannot_reach_the_mac_times_out(enrolled) -> None:
    world, mac, _ = enrolled
    world.intune.create_passcode_profile("Mac passcode", PasscodeSettings(min_length=16, min_complex_chars=2))
    wait_for_changed_profile(world, mac, timedelta(minutes=10), "Mac passcode")
    mac.mdm.unenroll()  # no more pushes reach it
    world.intune.update_passcode_profile("Mac passcode", PasscodeSettings(min_length=8, min_complex_chars=0))
    with pytest.raises(Failed, match=r"did not reach .* within 0:10:00: the Mac holds version"):
        wait_for_changed_profile(world, mac, timedelta(minutes=10), "Mac passcode")
