"""Registration rules of Platform SSO on the Mac: the Enterprise SSO plug-in's Workplace Join key
goes only after a successful registration (psso_sim.macos.workplace_join); a missed registration
notification comes back after 5 minutes; repair re-registers, offered on macOS 14 only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.macos.keychain import WORKPLACE_JOIN_KEY
from psso_sim.macos.platform_sso import REGISTRATION_REMINDER, REGISTRATION_REQUIRED
from psso_sim.macos.workplace_join import register_with_enterprise_sso_plugin
from psso_sim.product import MACOS
from psso_sim.world import World


def person_on(macos: int = 14, seed: int = 41) -> Person:
    world = World(seed=seed, product="2023-11")  # the seeds' reminder (5 minutes) and Company Portal Register
    user = world.add_user()
    return Person(world, user, world.add_mac(macos=macos, owner=user))


def with_plugin_registration(person: Person) -> str:
    registration = register_with_enterprise_sso_plugin(
        person.mac, person.user.user_principal_name, person.entra_password,
        lambda: person.world.entra.tokens.approve_mfa(person.user),
    )
    return registration.device_id


def register_from_notification(person: Person) -> None:
    person.mac.desktop.select("Register", "Notification")
    person.enter_credentials()
    person.world.advance(person.mac.release.registration_duration)


def test_the_plugin_registration_is_a_workplace_device_with_its_key_in_the_keychain() -> None:
    person = person_on()
    device_id = with_plugin_registration(person)
    assert person.mac.keychain.items[WORKPLACE_JOIN_KEY].account == device_id
    device = person.world.entra.directory.devices[device_id]
    assert device.trust_type == "Workplace" and not device.is_managed


@pytest.mark.parametrize("macos", [13, 14])
def test_a_platform_sso_registration_removes_the_workplace_join_key(macos: int) -> None:
    person = person_on(macos)
    person.enroll_before_platform_sso()
    with_plugin_registration(person)
    person.world.target_platform_sso()
    person.world.advance(timedelta(minutes=1))
    register_from_notification(person)
    assert person.mac.platform_sso.registration_completed
    assert not person.mac.keychain.has(WORKPLACE_JOIN_KEY)


def test_a_failed_registration_keeps_the_workplace_join_key() -> None:
    person = person_on()
    person.enroll_before_platform_sso()
    with_plugin_registration(person)
    person.world.entra.registration.start_outage(timedelta(hours=1))
    person.world.target_platform_sso()
    person.world.advance(timedelta(minutes=1))
    register_from_notification(person)
    assert not person.mac.platform_sso.registration_completed
    assert person.mac.keychain.has(WORKPLACE_JOIN_KEY)


def test_an_unanswered_registration_notification_is_posted_again_after_5_minutes() -> None:
    person = person_on()
    person.world.target_platform_sso()
    person.enroll_with_company_portal()
    notifications = person.mac.notifications
    first = notifications.active(REGISTRATION_REQUIRED)[0]
    first.dismiss()
    person.world.advance(REGISTRATION_REMINDER - timedelta(seconds=1))
    assert not notifications.active(REGISTRATION_REQUIRED)
    person.world.advance(timedelta(seconds=1))
    (again,) = notifications.active(REGISTRATION_REQUIRED)
    assert again is not first and again.posted_at - first.posted_at == REGISTRATION_REMINDER


def test_no_reminder_once_the_user_selected_register() -> None:
    person = person_on()
    person.world.target_platform_sso()
    person.enroll_with_company_portal()
    person.mac.desktop.select("Register", "Notification")
    person.mac.desktop.select("Cancel", "Sign in")  # the prompt is closed: no reminder either
    posted = len(person.mac.notifications.history)
    person.world.advance(REGISTRATION_REMINDER * 3)
    assert len(person.mac.notifications.history) == posted
    assert person.mac.platform_sso.reminder is None


def test_company_portal_action_item_posts_the_notification_only_when_none_is_showing() -> None:
    person = person_on()
    person.world.target_platform_sso()
    person.enroll_with_company_portal()
    psso, notifications = person.mac.platform_sso, person.mac.notifications
    psso.prompt_registration()
    assert len(notifications.active(REGISTRATION_REQUIRED)) == 1
    notifications.dismiss_all(REGISTRATION_REQUIRED)
    psso.prompt_registration()
    assert len(notifications.active(REGISTRATION_REQUIRED)) == 1


@pytest.mark.parametrize(("macos", "offered"), [(13, False), (14, True)])
def test_network_account_server_edit_offers_repair_on_macos_14_only(macos: int, offered: bool) -> None:
    person = person_on(macos)
    person.world.target_platform_sso()
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    desktop = person.mac.desktop
    person.mac.open_app("Settings")
    desktop.navigate("Users & Groups > Network Account Server > Edit", "System Settings")
    assert desktop.shows_text("Platform SSO: Microsoft Entra ID (Registered)", "System Settings")
    assert desktop.is_on_screen("Repair", "System Settings") is offered


def test_repair_registers_again_and_deletes_the_previous_device_object() -> None:
    person = person_on()
    person.world.target_platform_sso()
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    psso, directory = person.mac.platform_sso, person.world.entra.directory
    assert psso.registration is not None
    old = psso.registration.device_id
    person.mac.open_app("Settings")
    person.mac.desktop.navigate("Users & Groups > Network Account Server > Edit > Repair", "System Settings")
    person.enter_credentials()
    person.world.advance(MACOS[14].registration_duration)
    assert psso.registration is not None and psso.registration.device_id != old
    assert old not in directory.devices and psso.registration.device_id in directory.devices


def test_no_reminder_reaches_a_mac_whose_user_signed_out_before_it_fell_due() -> None:
    person = person_on(seed=46)
    person.world.target_platform_sso()
    person.enroll_with_company_portal()
    notifications = person.mac.notifications
    notifications.active(REGISTRATION_REQUIRED)[0].dismiss()
    person.mac.sign_out()
    posted = len(notifications.history)
    person.world.advance(REGISTRATION_REMINDER * 2)
    assert len(notifications.history) == posted  # nobody to remind: the next sign-in offers it again
    assert person.mac.sign_in(person.mac.account.password)
    assert notifications.active(REGISTRATION_REQUIRED)
