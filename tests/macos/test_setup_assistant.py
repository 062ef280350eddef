"""A new Mac out of the box: Setup Assistant, the missing local account, Company Portal as a required app and
the SSO extension waiting for it (psso_sim.macos.setup_assistant, psso_sim.macos.applications,
psso_sim.macos.install_application, World.unbox_mac)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.errors import SimError
from psso_sim.intune.automated_enrollment import EnrollmentProfile
from psso_sim.intune.required_apps import company_portal_app
from psso_sim.macos.accounts import NoLocalAccount
from psso_sim.macos.install_application import APP_INSTALL_TIME
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED, RegistrationStatus
from psso_sim.macos.setup_assistant import CREATE_ACCOUNT, REMOTE_MANAGEMENT, SetupAssistant
from psso_sim.world import World, WorldError

SURFACE = SetupAssistant.name


def unboxed(seed: int = 31, *, assigned: bool = True, required_app: bool = True, macos: int = 14) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method="UserSecureEnclaveKey")
    mac = world.unbox_mac(macos=macos, owner=user)
    if assigned:
        world.intune.automated_enrollment.create_profile(EnrollmentProfile("Corporate Macs"))
        world.intune.automated_enrollment.assign([mac.serial_number], "Corporate Macs")
    if required_app:
        world.intune.required_apps.assign(company_portal_app("cp", world.product.company_portal_version))
    return Person(world, user, mac)


def online(person: Person) -> None:
    desktop = person.mac.desktop
    desktop.select("Get Started", SURFACE)
    for choice in ("Canada", "Guest Wi-Fi"):
        desktop.select(choice, SURFACE)
        desktop.select("Continue", SURFACE)


def test_a_new_mac_has_no_account_and_no_company_portal_until_setup_assistant_is_done() -> None:
    mac = unboxed().mac
    front = mac.desktop.frontmost()
    assert front is not None and front.title == "Hello"
    with pytest.raises(NoLocalAccount, match="has no local account yet: it is in Setup Assistant, on 'Hello'"):
        mac.account  # noqa: B018
    with pytest.raises(NoLocalAccount):
        mac.open_app("System Settings")
    with pytest.raises(SimError, match="'Company Portal' is not installed on") as caught:
        mac.open_app("Company Portal")
    assert "required app" in (caught.value.hint or "")
    with pytest.raises(SimError, match="no app named 'Word'") as unknown:
        mac.open_app("Word")
    assert unknown.value.hint == "apps: Settings, System Settings, Terminal"


def test_a_mac_built_with_an_account_is_set_up_and_has_company_portal() -> None:
    world = World(seed=32)
    mac = world.add_mac()
    assert mac.setup_assistant.finished and mac.applications.has("Company Portal")
    assert mac.account.signed_in and SURFACE not in {s.surface for s in mac.desktop.screens()}
    with pytest.raises(SimError, match="already has the local account"):
        mac.create_account(mac.account)
    with pytest.raises(WorldError, match="already exists"):
        world.unbox_mac(name=mac.name)


def test_each_pane_needs_its_choice_before_continue() -> None:
    person = unboxed()
    desktop = person.mac.desktop
    desktop.select("Get Started", SURFACE)
    desktop.select("Continue", SURFACE)
    assert desktop.shows_text("Select your country or region to continue", SURFACE)
    desktop.select("Ireland", SURFACE)
    desktop.select("Continue", SURFACE)
    desktop.select("Continue", SURFACE)
    assert desktop.shows_text("Select a Wi-Fi network to continue", SURFACE)
    assert person.mac.setup_assistant.configuration is None  # still offline: nothing asked of Intune
    desktop.select("Office Wi-Fi", SURFACE)
    desktop.select("Continue", SURFACE)
    assert desktop.screens(SURFACE)[0].title == REMOTE_MANAGEMENT


def test_an_unassigned_mac_goes_from_the_network_to_create_a_mac_account() -> None:
    person = unboxed(assigned=False)
    online(person)
    assert person.mac.desktop.screens(SURFACE)[0].title == CREATE_ACCOUNT
    assert not person.mac.mdm.enrolled


def test_closing_the_sign_in_returns_to_remote_management_unenrolled() -> None:
    person = unboxed()
    online(person)
    person.mac.desktop.select("Continue", SURFACE)
    person.mac.desktop.select("Cancel", "Sign in")
    assert person.mac.desktop.screens(SURFACE)[0].title == REMOTE_MANAGEMENT and not person.mac.mdm.enrolled


def test_create_a_mac_account_checks_its_fields() -> None:
    person = unboxed()
    online(person)
    desktop = person.mac.desktop
    desktop.select("Continue", SURFACE)
    person.enter_credentials(unlock=False)
    desktop.select("Continue", SURFACE)
    assert desktop.shows_text("Enter your full name, an account name and a password", SURFACE)
    desktop.enter("Full name", "Adele Vance", SURFACE)
    desktop.enter("Account name", "Adele Vance", SURFACE)
    desktop.enter("Password", "Local-Pass-1", SURFACE)
    desktop.select("Continue", SURFACE)
    assert desktop.shows_text("can contain only lowercase letters", SURFACE)
    desktop.enter("Account name", "adele", SURFACE)
    desktop.select("Continue", SURFACE)
    account = person.mac.account
    assert (account.short_name, account.full_name, account.password) == ("adele", "Adele Vance", "Local-Pass-1")
    assert account.signed_in and person.mac.setup_assistant.finished


def test_platform_sso_waits_for_company_portal_then_asks_to_register() -> None:
    person = unboxed()
    world, mac = person.world, person.mac
    person.set_up_with_setup_assistant()
    assert mac.mdm.installing == [] and not mac.applications.has("Company Portal")
    world.advance(timedelta(seconds=30))  # the push: the SSO profile and InstallApplication
    assert mac.applications.waiting and mac.platform_sso.status is RegistrationStatus.NOT_CONFIGURED
    assert mac.mdm.installing == ["com.microsoft.CompanyPortalMac"]
    world.advance(APP_INSTALL_TIME)
    assert mac.applications.has("Company Portal") and not mac.applications.waiting
    assert mac.notifications.active(REGISTRATION_REQUIRED)
    assert "com.microsoft.CompanyPortalMac" in mac.facts()["InstalledApplications"]


def test_without_the_required_app_platform_sso_never_asks() -> None:
    person = unboxed(required_app=False)
    person.set_up_with_setup_assistant()
    person.world.advance(timedelta(hours=1))
    assert person.mac.applications.waiting and not person.mac.notifications.active(REGISTRATION_REQUIRED)


def test_settings_that_arrive_during_setup_wait_for_the_users_account() -> None:
    person = unboxed()
    world, mac = person.world, person.mac
    online(person)
    mac.desktop.select("Continue", SURFACE)
    person.enter_credentials(unlock=False)
    world.advance(timedelta(minutes=10))  # the user lingers on Create a Mac Account
    assert mac.applications.has("Company Portal") and mac.applications.waiting
    assert not mac.notifications.active()
    person.create_mac_account()
    assert mac.notifications.active(REGISTRATION_REQUIRED)


def test_the_same_seed_sets_up_the_same_mac() -> None:
    def run(seed: int) -> str:
        person = unboxed(seed)
        person.set_up_with_setup_assistant()
        person.world.advance(timedelta(minutes=5))
        return str(person.world.trace)

    assert run(33) == run(33)
