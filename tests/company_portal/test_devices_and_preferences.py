"""Company Portal's Devices tab (Intune's view of the Mac, over HTTP) and Preferences (Unregister,
Sign out); the browser's Conditional Access block that opens it (Intune JIT)."""

from __future__ import annotations

from datetime import timedelta

from psso_sim.actors import Person
from psso_sim.entra.models import ConditionalAccessGrant, ConditionalAccessPolicy
from psso_sim.entra.tokens import ACCESS_TOKEN_LIFETIME
from psso_sim.intune.device_status import REGISTER_PLATFORM_SSO
from psso_sim.macos.browser import BLOCKED_TITLE
from psso_sim.macos.platform_sso import (
    DEVICE_KEYS,
    REGISTRATION_REQUIRED,
    RegistrationStatus,
)
from psso_sim.product import MACOS
from psso_sim.world import World

STATUS_PATH = "https://enrollment.manage.microsoft.com/companyportal/devices/"
COMPLIANT_ONLY = ConditionalAccessPolicy(
    "Compliant only", ConditionalAccessGrant.COMPLIANT_DEVICE, frozenset({"Office 365"})
)


def enrolled(macos: int = 14, seed: int = 51, *, psso: bool = True) -> Person:
    # The seeds' Company Portal: Register in the app, Unregister and Sign out in Preferences
    # (the current release's Company Portal is tested in test_current_company_portal.py).
    world = World(seed=seed, product="2023-11")
    user = world.add_user()
    world.require_compliance()
    person = Person(world, user, world.add_mac(macos=macos, owner=user))
    if psso:
        world.target_platform_sso()
        person.enroll_with_company_portal()
    else:
        person.enroll_before_platform_sso()
    return person


def test_the_devices_tab_reads_compliance_and_action_items_from_intune() -> None:
    person = enrolled()
    mac = person.mac
    mac.open_app("Company Portal")
    mac.desktop.select("Devices", "Company Portal")
    assert any(r.startswith(f"GET {STATUS_PATH}{mac.udid}/status") for r in person.world.network.requests)
    devices = mac.company_portal.main.devices
    assert devices.action_items == [REGISTER_PLATFORM_SSO.id]
    assert devices.status is not None and devices.status["complianceState"] == "noncompliant"
    assert mac.desktop.is_on_screen("Register", "Company Portal")
    assert mac.desktop.shows_text("Compliance: Not compliant", "Company Portal")
    reasons = devices.status["noncomplianceReasons"]
    assert reasons and [f"- {reason}" for reason in reasons] == [
        line for line in devices.view().screen.text if line.startswith("- ")]  # one line a reason, as Intune says it


def test_the_devices_tab_labels_each_compliance_state_as_company_portal_writes_it() -> None:
    person = enrolled(macos=14, seed=56)
    mac = person.mac
    person.register_with_company_portal()
    mac.open_app("Company Portal")
    mac.desktop.select("Devices", "Company Portal")
    view = mac.company_portal.main.devices.view()
    assert "Compliance: Compliant" in view.screen.text  # the label, capital and all: not the raw state


def test_the_devices_tab_confirms_the_registration_when_the_app_comes_back() -> None:
    person = enrolled(macos=13)
    mac = person.mac
    mac.open_app("Company Portal")
    mac.desktop.select("Devices", "Company Portal")
    mac.desktop.select("Register", "Company Portal")
    person.enter_credentials()
    person.world.advance(MACOS[13].registration_duration)
    assert not mac.desktop.shows_text("Registration complete", "Company Portal")  # not read yet
    mac.open_app("Company Portal")
    assert mac.desktop.shows_text("Registration complete", "Company Portal")
    assert mac.company_portal.main.devices.action_items == []


def test_an_expired_access_token_is_refreshed_for_the_devices_tab() -> None:
    person = enrolled(psso=False)
    person.world.advance(ACCESS_TOKEN_LIFETIME + timedelta(minutes=1))
    person.mac.open_app("Company Portal")
    person.mac.desktop.select("Devices", "Company Portal")
    devices = person.mac.company_portal.main.devices
    assert devices.error is None and devices.status is not None
    assert devices.status["complianceState"] == "compliant" and devices.action_items == []


def test_resolve_asks_for_authentication_which_registers_by_phone_sign_in_then_the_password() -> None:
    person = enrolled()
    mac, world = person.mac, person.world
    mac.open_app("Company Portal")
    mac.desktop.navigate("Devices > Check status > Resolve", "Company Portal")
    mac.desktop.select("Continue", "Notification")
    assert not mac.desktop.is_on_screen("Password", "Sign in")
    mac.desktop.enter("Email address", person.user.user_principal_name, "Sign in")
    mac.desktop.select("Next", "Sign in")
    person.approve_sign_in()
    world.advance(MACOS[14].registration_duration)
    assert mac.platform_sso.registration_completed and mac.platform_sso.tokens is None
    assert mac.password_prompt.open
    assert mac.password_prompt.sign_in(person.entra_password)
    assert mac.platform_sso.tokens is not None and mac.account.verify(person.entra_password)


def test_unregister_deletes_the_device_object_and_asks_to_register_again() -> None:
    person = enrolled()
    person.register_with_company_portal()
    mac, directory = person.mac, person.world.entra.directory
    registration = mac.platform_sso.registration
    assert registration is not None
    mac.open_app("Company Portal")
    mac.desktop.navigate("Preferences > Unregister", "Company Portal")
    assert registration.device_id not in directory.devices
    assert not any(mac.keychain.has(key) for key in DEVICE_KEYS)
    assert mac.platform_sso.status is RegistrationStatus.REQUIRED
    assert mac.notifications.active(REGISTRATION_REQUIRED)
    assert mac.company_portal.signed_in and mac.desktop.is_on_screen("Register", "Company Portal")


def test_sign_out_forgets_the_work_account_silently_and_keeps_the_registration() -> None:
    person = enrolled()
    person.register_with_company_portal()
    mac = person.mac
    mac.open_app("Company Portal")
    mac.desktop.select("Preferences", "Company Portal")
    posted = len(mac.notifications.history)
    mac.desktop.select("Sign out", "Company Portal")
    assert not mac.company_portal.signed_in and mac.company_portal.user_principal_name is None
    assert len(mac.notifications.history) == posted
    assert mac.desktop.screens("Company Portal")[0].title == "Welcome to Company Portal"
    assert mac.platform_sso.registration_completed


def test_a_conditional_access_block_opens_company_portal_on_the_devices_tab() -> None:
    person = enrolled(psso=False)
    world, mac = person.world, person.mac
    world.entra.directory.create_conditional_access_policy(COMPLIANT_ONLY)
    world.target_platform_sso()
    mac.company_portal.quit()
    mac.browser.open_resource("Office 365")
    person.enter_credentials()
    assert mac.browser.page == "blocked"
    assert mac.desktop.screens("Safari")[0].title == BLOCKED_TITLE
    assert mac.company_portal.open and mac.company_portal.main.page == "Devices"
    assert mac.company_portal.main.devices.action_items == [REGISTER_PLATFORM_SSO.id]
    assert mac.company_portal.main.devices.jit_resource == "Office 365"


def test_with_a_compliant_registered_mac_the_browser_signs_in_with_the_prt() -> None:
    person = enrolled()
    person.register_with_company_portal()
    world, mac = person.world, person.mac
    world.entra.directory.create_conditional_access_policy(COMPLIANT_ONLY)
    mac.browser.open_resource("Office 365")
    assert mac.browser.page == "granted" and mac.browser.access_token is not None
    grant = world.entra.tokens.grants[mac.browser.access_token]
    registration = mac.platform_sso.registration
    assert registration is not None and grant.device_id == registration.device_id
