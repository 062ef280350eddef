"""The Platform Credential as a passkey: Entra's FIDO2 policy and passkey sign-in, and the Mac's sign-in page
and passkey sheet (psso_sim.entra.passkey_authentication, psso_sim.entra.passkey_routes,
psso_sim.macos.passkey_sign_in, psso_sim.macos.passkeys)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.admin.graph_client import admin_graph_client
from psso_sim.entra import es256
from psso_sim.entra.passkey_authentication import (
    CHALLENGE_LIFETIME,
    PLATFORM_CREDENTIAL_AAGUID,
    RP_ID,
    Fido2Configuration,
    InvalidPasskey,
    KeyRestrictions,
    PasskeyNotAllowed,
)
from psso_sim.entra.passkey_routes import FIDO2_POLICY_PATH
from psso_sim.errors import SimError
from psso_sim.macos.passkey_sign_in import PASSKEY_OPTION, PASSKEYS, sign_in_page
from psso_sim.world import World

GRAPH = "https://graph.microsoft.com"
LOGIN = "https://login.microsoftonline.com"


def registered(method: str = "UserSecureEnclaveKey", seed: int = 51, *, provider: bool = True) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method=method)
    person = Person(world, user, world.add_mac(owner=user))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    if provider:
        person.enable_passkeys()
    return person


def assertion(person: Person, challenge: str, rp_id: str = RP_ID) -> str:
    return person.mac.passkeys.sign_assertion(challenge, rp_id)


def test_key_restrictions_allow_or_block_aaguids() -> None:
    assert KeyRestrictions().allows("anything")
    allow = KeyRestrictions(True, "allow", (PLATFORM_CREDENTIAL_AAGUID.lower(),))
    assert allow.allows(PLATFORM_CREDENTIAL_AAGUID) and not allow.allows("other")
    block = KeyRestrictions(True, "block", (PLATFORM_CREDENTIAL_AAGUID,))
    assert not block.allows(PLATFORM_CREDENTIAL_AAGUID) and block.allows("other")
    assert not Fido2Configuration().accepts(PLATFORM_CREDENTIAL_AAGUID)  # disabled by default


def test_get_credential_type_offers_a_passkey_only_when_the_policy_takes_the_platform_credential() -> None:
    person = registered()
    passkeys, upn = person.world.entra.passkeys, person.user.user_principal_name
    assert passkeys.credential_type(upn)["Credentials"] == {"HasPassword": True, "HasFido": False}
    passkeys.configure(Fido2Configuration("enabled"))
    fido = passkeys.credential_type(upn)["Credentials"]
    assert fido["HasFido"] and fido["FidoParams"]["RpId"] == RP_ID and fido["FidoParams"]["Challenge"]
    passkeys.configure(Fido2Configuration("enabled", KeyRestrictions(True, "block", (PLATFORM_CREDENTIAL_AAGUID,))))
    assert not passkeys.credential_type(upn)["Credentials"]["HasFido"]
    assert passkeys.credential_type("nobody@contosolabs.onmicrosoft.com")["IfExistsResult"] == 1


def test_a_passkey_sign_in_needs_a_fresh_challenge_the_policy_and_the_users_key() -> None:
    person = registered()
    world, passkeys = person.world, person.world.entra.passkeys
    passkeys.configure(Fido2Configuration("enabled"))
    challenge = passkeys.credential_type(person.user.user_principal_name)["Credentials"]["FidoParams"]["Challenge"]
    tokens = passkeys.sign_in(assertion(person, challenge), client_id="c", resource="Office 365")
    assert world.entra.tokens.grants[tokens.access_token].amr == ("fido", "mfa")
    with pytest.raises(InvalidPasskey, match="challenge is unknown, used or expired"):
        passkeys.sign_in(assertion(person, challenge), client_id="c", resource="Office 365")  # replayed
    fresh = passkeys.credential_type(person.user.user_principal_name)["Credentials"]["FidoParams"]["Challenge"]
    with pytest.raises(InvalidPasskey, match=r"not login\.microsoft\.com"):
        passkeys.sign_in(assertion(person, fresh, "evil.example"), client_id="c", resource="Office 365")
    stale = passkeys.credential_type(person.user.user_principal_name)["Credentials"]["FidoParams"]["Challenge"]
    world.advance(CHALLENGE_LIFETIME + timedelta(seconds=1))
    with pytest.raises(InvalidPasskey, match="expired"):
        passkeys.sign_in(assertion(person, stale), client_id="c", resource="Office 365")


def test_entra_refuses_a_passkey_its_policy_does_not_take_or_a_forged_one() -> None:
    person = registered()
    passkeys = person.world.entra.passkeys
    passkeys.configure(Fido2Configuration("enabled"))
    upn = person.user.user_principal_name
    challenge = passkeys.credential_type(upn)["Credentials"]["FidoParams"]["Challenge"]
    passkeys.configure(Fido2Configuration("disabled"))
    with pytest.raises(PasskeyNotAllowed, match=f"authenticator {PLATFORM_CREDENTIAL_AAGUID} is not allowed"):
        passkeys.sign_in(assertion(person, challenge), client_id="c", resource="Office 365")
    passkeys.configure(Fido2Configuration("enabled"))
    challenge = passkeys.credential_type(upn)["Credentials"]["FidoParams"]["Challenge"]
    registration = person.mac.platform_sso.registration
    assert registration is not None
    claims = {"challenge": challenge, "rp_id": RP_ID, "aaguid": PLATFORM_CREDENTIAL_AAGUID, "username": upn,
              "device_id": registration.device_id}
    forged = es256.sign(claims, es256.derive_key(person.world.runtime.seeds.stream("attacker")))
    with pytest.raises(InvalidPasskey, match="not signed by a passkey of"):
        passkeys.sign_in(forged, client_id="c", resource="Office 365")


def test_the_fido2_policy_is_read_and_written_through_graph() -> None:
    world = World(seed=52)
    http = world.network.client("Graph")
    assert http.get(GRAPH + FIDO2_POLICY_PATH).status_code == 401  # Graph needs the admin's token
    http.headers["Authorization"] = "Bearer " + admin_graph_client(http, world.entra).sign_in()
    assert http.get(GRAPH + FIDO2_POLICY_PATH).json()["state"] == "disabled"
    body = {"state": "enabled", "keyRestrictions": {"isEnforced": True, "enforcementType": "allow",
                                                    "aaGuids": [PLATFORM_CREDENTIAL_AAGUID]}}
    assert http.patch(GRAPH + FIDO2_POLICY_PATH, json=body).status_code == 204
    policy = http.get(GRAPH + FIDO2_POLICY_PATH).json()
    assert policy["state"] == "enabled" and policy["keyRestrictions"]["aaGuids"] == [PLATFORM_CREDENTIAL_AAGUID]
    bad = http.patch(GRAPH + FIDO2_POLICY_PATH, json={"state": "on"})
    assert bad.status_code == 400 and bad.json()["error"]["message"].startswith("Invalid body: state")
    refused = http.post(f"{LOGIN}/common/fido/assertion", json={"assertion": "x.y.z", "client_id": "c",
                                                                "resource": "Office 365"})
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"


def test_the_page_and_the_passkey_sheet_sign_in_with_touch_id() -> None:
    person = registered()
    mac, desktop = person.mac, person.mac.desktop
    person.world.entra.passkeys.configure(Fido2Configuration("enabled"))
    page = sign_in_page(mac)
    page.open("Office 365")
    desktop.enter("Email address", person.user.user_principal_name, "Sign in")
    desktop.select("Next", "Sign in")
    desktop.select(PASSKEY_OPTION, "Sign in")
    assert desktop.shows_text("(Company Portal)", PASSKEYS)
    desktop.select("Continue", PASSKEYS)
    assert desktop.shows_text("Touch ID to sign in", PASSKEYS) and page.access_token is None
    person.unlock_with_touch_id()
    assert page.state == "signed in" and page.access_token is not None
    assert not desktop.screens(PASSKEYS)


def test_without_the_provider_the_sheet_lists_nothing_and_the_provider_signs_nothing() -> None:
    person = registered(provider=False)
    mac = person.mac
    person.world.entra.passkeys.configure(Fido2Configuration("enabled"))
    page = sign_in_page(mac)
    page.open("Office 365")
    mac.desktop.enter("Email address", person.user.user_principal_name, "Sign in")
    mac.desktop.select("Next", "Sign in")
    mac.desktop.select(PASSKEY_OPTION, "Sign in")
    assert mac.desktop.shows_text("No passkeys for login.microsoft.com", PASSKEYS)
    assert not mac.desktop.is_on_screen("Continue", PASSKEYS)
    with pytest.raises(SimError, match=r"Company Portal offers no passkey .* is off under Settings"):
        mac.passkeys.sign_assertion("c", RP_ID)


def test_the_page_still_signs_in_with_the_password_and_names_an_unknown_user() -> None:
    person = registered(provider=False)
    mac, page = person.mac, sign_in_page(person.mac)
    page.open("Office 365")
    mac.desktop.enter("Email address", "nobody@contosolabs.onmicrosoft.com", "Sign in")
    mac.desktop.select("Next", "Sign in")
    assert mac.desktop.shows_text("We couldn't find an account", "Sign in")
    mac.desktop.enter("Email address", person.user.user_principal_name, "Sign in")
    mac.desktop.select("Next", "Sign in")
    mac.desktop.enter("Password", "wrong", "Sign in")
    mac.desktop.select("Sign in", "Sign in")
    assert mac.desktop.shows_text("Your account or password is incorrect", "Sign in")
    mac.desktop.enter("Password", person.entra_password, "Sign in")
    mac.desktop.select("Sign in", "Sign in")
    assert page.state == "signed in" and "pwd" in person.world.entra.tokens.grants[page.access_token or ""].amr
