"""Company Portal and the registration of the current product: Installation complete and Done, then
the Registration Required notification; Preferences with Deregister and no Sign out; the Python API's
Person through each method's dialogs."""

from __future__ import annotations

import pytest

from psso_sim.actors import Person
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED, RegistrationStatus, UserState
from psso_sim.macos.smart_card import issue_smart_card
from psso_sim.world import World


def person_on(macos: int = 14, method: str = "Password", seed: int = 81, product: str = "current") -> Person:
    world = World(seed=seed, product=product)
    user = world.add_user()
    world.target_platform_sso(method=method)
    world.require_compliance()
    return Person(world, user, world.add_mac(macos=macos, owner=user))


def test_company_portal_says_done_and_macos_asks_to_register() -> None:
    person = person_on()
    mac = person.mac
    person.install_management_profile()
    mac.open_app("Company Portal")
    assert mac.desktop.screens("Company Portal")[0].title == "Installation complete"
    assert not mac.desktop.is_on_screen("Register", "Company Portal")
    mac.desktop.select("Done", "Company Portal")
    assert person.world.wait_until(lambda: bool(mac.notifications.active(REGISTRATION_REQUIRED)),
                                   person.world.product.registration_reminder)


@pytest.mark.parametrize(("product", "label", "sign_out"), [("current", "Deregister", False),
                                                            ("2023-11", "Unregister", True)])
def test_preferences_label_and_sign_out_are_the_release_s(product: str, label: str, sign_out: bool) -> None:
    person = person_on(product=product)
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    mac = person.mac
    mac.open_app("Company Portal")
    mac.desktop.select("Preferences", "Company Portal")
    assert mac.desktop.is_on_screen(label, "Company Portal")
    assert mac.desktop.is_on_screen("Sign out", "Company Portal") is sign_out
    mac.desktop.select(label, "Company Portal")
    assert mac.platform_sso.status is RegistrationStatus.REQUIRED and mac.platform_sso.registration is None


@pytest.mark.parametrize(("macos", "method"), [(13, "Password"), (14, "Password"), (15, "UserSecureEnclaveKey"),
                                               (13, "UserSecureEnclaveKey"), (14, "SmartCard")])
def test_person_registers_through_each_method_s_dialogs(macos: int, method: str) -> None:
    person = person_on(macos, method)
    world = person.world
    if method == "SmartCard":
        tokens = world.entra.tokens
        tokens.certificate_auth.trust(tokens.organisation_ca.pem)
        tokens.certificate_auth.enable()
        person.insert_smart_card(issue_smart_card(tokens.organisation_ca, person.user, world.runtime.seeds))
        person.pair_smart_card()
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    psso = person.mac.platform_sso
    assert psso.status is RegistrationStatus.REGISTERED and psso.user_state is UserState.NORMAL, psso.last_error
    assert psso.registered_method is not None and psso.registered_method.value == method
    assert person.mac.account.verify(person.entra_password) is (method == "Password")


def test_signing_out_closes_the_registration_prompt_and_cancels() -> None:
    person = person_on(14, "UserSecureEnclaveKey")
    person.enroll_with_company_portal()
    mac = person.mac
    mac.desktop.select("Register", "Notification")
    assert mac.desktop.shows_text("Register your device with Microsoft Entra", "Platform Single Sign-On")
    mac.sign_out()
    assert mac.platform_sso.status is RegistrationStatus.CANCELLED
    assert mac.sign_in(mac.account.password) and mac.notifications.active(REGISTRATION_REQUIRED)


def test_a_wrong_local_password_does_not_unlock_the_registration_prompt() -> None:
    person = person_on(14)
    person.enroll_with_company_portal()
    mac = person.mac
    mac.desktop.select("Register", "Notification")
    person.enter_local_password("Platform Single Sign-On", "OK", password="not the password")
    assert mac.desktop.shows_text("The password you entered is incorrect.", "Platform Single Sign-On")
    assert not mac.desktop.screens("Sign in")
