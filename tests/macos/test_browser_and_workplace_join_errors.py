"""Safari's sign-in to a web app when Entra refuses it or the user closes it, and the Enterprise SSO plug-in's
workplace registration refused (psso_sim.macos.browser, psso_sim.macos.workplace_join)."""

from __future__ import annotations

import pytest

from psso_sim.actors import Person
from psso_sim.macos.workplace_join import WorkplaceJoinFailed, register_with_enterprise_sso_plugin
from psso_sim.world import World

TOKEN = "login.microsoftonline.com/*/oauth2/v2.0/token"


def someone_on_a_mac(seed: int, *, registered: bool = False) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    someone = Person(world, user, world.add_mac(owner=user))
    if registered:
        world.target_platform_sso(method="Password")
        someone.enroll_with_company_portal()
        someone.register_with_company_portal()
    return someone


def test_a_single_sign_on_entra_refuses_shows_the_sign_in_error_page() -> None:
    someone = someone_on_a_mac(91, registered=True)
    browser, desktop = someone.mac.browser, someone.mac.desktop
    someone.world.faults.inject(f"{TOKEN} 400 x1")  # the server nonce the refresh needs
    browser.open_resource("Office 365")
    assert browser.page == "error" and browser.access_token is None
    assert desktop.shows_text("Sign-in error", browser.name) and desktop.shows_text("Bad Request.", browser.name)
    browser.open_resource("Office 365")  # the fault is spent: the PRT signs in
    assert browser.page == "granted"


def test_a_wrong_password_stays_on_the_sheet_and_closing_it_is_an_error_page() -> None:
    someone = someone_on_a_mac(92)
    browser, desktop = someone.mac.browser, someone.mac.desktop
    browser.open_resource("Office 365")
    desktop.enter("Email address", someone.user.user_principal_name, "Sign in")
    desktop.enter("Password", "not-the-password", "Sign in")
    desktop.select("Next", "Sign in")
    assert browser.page == "signing in"
    sheet = browser.sheet
    assert sheet is not None and sheet.error is not None and "password is incorrect" in sheet.error
    desktop.select("Cancel", "Sign in")
    assert browser.page == "error" and browser.message == "cancelled" and browser.sheet is None


def test_the_plug_in_registration_fails_with_a_wrong_password_or_a_refusal_from_entra() -> None:
    someone = someone_on_a_mac(93)
    mac, user = someone.mac, someone.user

    def approve() -> None:
        someone.world.entra.tokens.approve_mfa(user)

    with pytest.raises(WorkplaceJoinFailed, match=r"sign-in for the workplace registration of .* failed: "):
        register_with_enterprise_sso_plugin(mac, user.user_principal_name, "not-the-password", approve)
    someone.world.faults.inject("enterpriseregistration.windows.net/EnrollmentServer/device/ 503 x1")
    with pytest.raises(WorkplaceJoinFailed, match=r"workplace registration of .* failed: .*temporarily unavailable"):
        register_with_enterprise_sso_plugin(mac, user.user_principal_name, someone.entra_password, approve)
    assert not mac.keychain.items
