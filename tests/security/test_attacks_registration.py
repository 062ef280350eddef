"""Attacks on Microsoft Entra join, over HTTP: the SSO extension's registration with one part changed.

The extension joins a Mac with an access token for the registration service (obtained with MFA when the
tenant requires it: "Require MFA to register or join devices") and Intune's registration token for that
managed Mac. Without MFA (AADSTS50076), with a token for another service, expired or of another tenant
(401, AADSTS50132), without Intune's token or with a spent one (DRS ``InvalidRegistrationToken``, 80180003)
or by a user who may not join (80180002), no device object is created. The user's Secure Enclave key then
registers only after MFA, on the user's own device, with a proof its private half signed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from psso_sim.actors import Person
from psso_sim.entra import es256
from psso_sim.entra.models import JoinPermission
from psso_sim.entra.sign_in_rules import SignInRules
from psso_sim.entra.tokens import ACCESS_TOKEN_LIFETIME, DRS_RESOURCE, TokenService
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.world import World
from tests.security.support import DRS_URL, TOKEN_URL, join_body, oauth_refusal, post_join, sign_in_with_mfa


@dataclass
class Joining:
    """An enrolled Mac about to join: what its extension holds."""

    world: World
    http: httpx.Client
    person: Person
    registration_token: str
    drs_token: str

    @property
    def upn(self) -> str:
        return self.person.user.user_principal_name

    def body(self, **changes: Any) -> dict[str, Any]:
        return join_body(self.world, "victim", registration_token=self.registration_token) | changes

    def devices(self) -> set[str]:
        return set(self.world.entra.directory.devices)


def enrolled(seed: int, organisation: str = "Contoso Labs") -> Joining:
    world = World(seed=seed, organisation=organisation)
    world.target_platform_sso()
    user = world.add_user(password="Join-2024!")
    person = Person(world, user, world.add_mac(macos=14, owner=user, name="Victim's Mac"))
    person.enroll_with_company_portal()
    payload = person.mac.platform_sso.payload
    assert payload is not None and payload.registration_token
    http = world.network.client("attacker")
    drs = sign_in_with_mfa(world, http, user.user_principal_name, "Join-2024!", DRS_RESOURCE)
    return Joining(world, http, person, payload.registration_token, drs)


def drs_refusal(answer: httpx.Response) -> tuple[int, str, int]:
    """(status, ErrorType, ErrorCode) of a registration service refusal, checked to be in its own shape."""
    body: dict[str, Any] = answer.json()
    assert set(body) == {"ErrorType", "Message", "ErrorCode"}, body
    return answer.status_code, str(body["ErrorType"]), int(body["ErrorCode"])


def test_the_unchanged_join_registers_the_mac_once() -> None:
    mac = enrolled(701)
    before = mac.devices()
    answer = post_join(mac.http, mac.drs_token, mac.body())
    assert answer.status_code == 200 and answer.json()["User"]["Upn"] == mac.upn
    assert mac.devices() - before == {answer.json()["DeviceId"]}


# Intune's registration token
@pytest.mark.parametrize("registration_token", [None, "made-up-registration-token"], ids=["none", "made-up"])
def test_a_join_without_intunes_registration_token_is_80180003(registration_token: str | None) -> None:
    mac = enrolled(702)
    before = mac.devices()
    body = join_body(mac.world, "victim", registration_token=registration_token)
    answer = post_join(mac.http, mac.drs_token, body)
    assert drs_refusal(answer) == (400, "InvalidRegistrationToken", 80180003)
    assert mac.devices() == before
    assert post_join(mac.http, mac.drs_token, mac.body()).status_code == 200  # Intune's token is not spent


def test_a_spent_registration_token_does_not_join_a_second_device() -> None:
    mac = enrolled(703)
    assert post_join(mac.http, mac.drs_token, mac.body()).status_code == 200
    before = mac.devices()
    second = join_body(mac.world, "second", registration_token=mac.registration_token)  # another Mac's keys
    again = post_join(mac.http, mac.drs_token, second)
    assert drs_refusal(again) == (400, "InvalidRegistrationToken", 80180003)
    assert mac.devices() == before


def test_a_user_who_may_not_join_is_80180002() -> None:
    mac = enrolled(704)
    mac.world.entra.directory.update_device_registration_policy(JoinPermission.NONE)
    before = mac.devices()
    answer = post_join(mac.http, mac.drs_token, mac.body())
    assert drs_refusal(answer) == (403, "AuthorizationError", 80180002)
    assert mac.devices() == before


# the access token: with MFA, for the registration service, current, of this tenant
def password_only_sign_in(mac: Joining, resource: str) -> httpx.Response:
    return mac.http.post(TOKEN_URL, data={"grant_type": "password", "client_id": "probe", "username": mac.upn,
                                          "password": "Join-2024!", "resource": resource})


def test_a_registration_service_token_by_password_only_is_refused_when_the_tenant_requires_mfa() -> None:
    mac = enrolled(705)
    before = set(mac.world.entra.tokens.grants)
    answer = password_only_sign_in(mac, DRS_RESOURCE)
    assert oauth_refusal(answer) == (400, "interaction_required", 50076)
    assert answer.json()["mfa_context"]  # what to approve; no token until then
    assert set(mac.world.entra.tokens.grants) == before


def test_a_password_only_registration_token_from_before_the_mfa_requirement_does_not_join() -> None:
    mac = enrolled(706)
    directory = mac.world.entra.directory
    directory.update_device_registration_policy(JoinPermission.ALL, require_mfa=False)
    password_only = password_only_sign_in(mac, DRS_RESOURCE).json()["access_token"]
    directory.update_device_registration_policy(JoinPermission.ALL, require_mfa=True)
    before = mac.devices()
    answer = post_join(mac.http, password_only, mac.body())
    assert oauth_refusal(answer) == (400, "interaction_required", 50076)
    assert "requires multifactor authentication" in answer.json()["error_description"]
    assert mac.devices() == before


def refresh_for(mac: Joining, refresh_token: str, resource: str) -> httpx.Response:
    return mac.http.post(TOKEN_URL, data={"grant_type": "refresh_token", "client_id": "probe",
                                          "refresh_token": refresh_token, "resource": resource})


def test_a_password_only_refresh_token_does_not_buy_a_registration_service_token() -> None:
    mac = enrolled(707)
    refresh_token = password_only_sign_in(mac, INTUNE_RESOURCE).json()["refresh_token"]
    before = set(mac.world.entra.tokens.grants)
    answer = refresh_for(mac, refresh_token, DRS_RESOURCE)
    assert oauth_refusal(answer) == (400, "interaction_required", 50076)
    assert set(mac.world.entra.tokens.grants) == before
    assert refresh_for(mac, refresh_token, INTUNE_RESOURCE).status_code == 200  # where no MFA is required


def test_a_token_for_intune_presented_to_the_registration_service_is_401() -> None:
    mac = enrolled(708)
    intune = sign_in_with_mfa(mac.world, mac.http, mac.upn, "Join-2024!", INTUNE_RESOURCE)  # with MFA, too
    before = mac.devices()
    answer = post_join(mac.http, intune, mac.body())
    assert oauth_refusal(answer) == (401, "invalid_token", 50132)
    assert f"is for '{INTUNE_RESOURCE}'" in answer.json()["error_description"]
    assert mac.devices() == before


def test_an_expired_registration_service_token_is_401() -> None:
    mac = enrolled(709)
    mac.world.advance(ACCESS_TOKEN_LIFETIME + timedelta(seconds=1))
    before = mac.devices()
    answer = post_join(mac.http, mac.drs_token, mac.body())
    assert oauth_refusal(answer) == (401, "invalid_token", 50132)
    assert "expired" in answer.json()["error_description"]
    assert mac.devices() == before


def test_another_tenants_registration_service_token_is_401() -> None:
    mac, fabrikam = enrolled(710), enrolled(710, organisation="Fabrikam")
    before = mac.devices()
    answer = post_join(mac.http, fabrikam.drs_token, mac.body())
    assert oauth_refusal(answer) == (401, "invalid_token", 50132)
    assert mac.devices() == before


# the user's Secure Enclave key: on the user's own device, after MFA, with a proof of the key
def credential_body(device_id: str, oid: str, signer: str = "user-key") -> dict[str, str]:
    """The Secure Enclave method's request: the key's public half, and a proof the private half (or, to
    change one thing, ``signer``'s key) signed."""
    key = es256.derive_key(random.Random("user-key"))
    proof = es256.sign({"device_id": device_id, "oid": oid}, es256.derive_key(random.Random(signer)))
    return {"KeyType": "UserSecureEnclaveKey", "PublicKey": es256.public_pem(key), "Proof": proof}


def post_credential(mac: Joining, token: str, device_id: str, body: dict[str, str]) -> httpx.Response:
    return mac.http.post(f"{DRS_URL}{device_id}/platformcredential", params={"api-version": "2.0"},
                         headers={"Authorization": f"Bearer {token}"}, json=body)


def joined(mac: Joining, token: str | None = None) -> str:
    answer = post_join(mac.http, token or mac.drs_token, mac.body())
    assert answer.status_code == 200, answer.text
    return str(answer.json()["DeviceId"])


def credentials(mac: Joining) -> set[str]:
    return set(mac.world.entra.tokens.platform_credentials.credentials)


def test_the_unchanged_platform_credential_registers() -> None:
    mac = enrolled(720)
    device_id = joined(mac)
    answer = post_credential(mac, mac.drs_token, device_id, credential_body(device_id, mac.person.user.object_id))
    assert answer.status_code == 201 and answer.json()["DeviceId"] == device_id


def test_a_platform_credential_without_mfa_is_aadsts50076() -> None:
    mac = enrolled(721)
    directory = mac.world.entra.directory
    directory.update_device_registration_policy(JoinPermission.ALL, require_mfa=False)  # joining needs no MFA
    password_only = password_only_sign_in(mac, DRS_RESOURCE).json()["access_token"]
    device_id = joined(mac, password_only)
    before = credentials(mac)
    answer = post_credential(mac, password_only, device_id, credential_body(device_id, mac.person.user.object_id))
    assert oauth_refusal(answer) == (400, "interaction_required", 50076)  # "MFA mandatory for setup"
    assert credentials(mac) == before


def test_a_platform_credential_for_another_users_device_is_aadsts50155() -> None:
    mac = enrolled(722)
    device_id = joined(mac)
    intruder = mac.world.add_user(password="Intruder-2024!")
    token = sign_in_with_mfa(mac.world, mac.http, intruder.user_principal_name, "Intruder-2024!", DRS_RESOURCE)
    before = credentials(mac)
    answer = post_credential(mac, token, device_id, credential_body(device_id, intruder.object_id))
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert "is not registered to" in answer.json()["error_description"]
    assert credentials(mac) == before


def test_a_platform_credential_whose_proof_another_key_signed_is_refused() -> None:
    mac = enrolled(723)
    device_id = joined(mac)
    before = credentials(mac)
    body = credential_body(device_id, mac.person.user.object_id, signer="another-key")
    answer = post_credential(mac, mac.drs_token, device_id, body)
    assert drs_refusal(answer) == (400, "InvalidPlatformCredential", 80180031)
    assert credentials(mac) == before


# the rules taken away: the same attacks get through
def test_without_intunes_token_check_a_join_without_it_registers(monkeypatch: pytest.MonkeyPatch) -> None:
    mac = enrolled(702)
    monkeypatch.setattr(mac.world.entra.registration, "redeem_registration_token", lambda token, user: "any")
    answer = post_join(mac.http, mac.drs_token, join_body(mac.world, "victim", registration_token=None))
    assert answer.status_code == 200


def test_without_the_mfa_rule_a_password_only_sign_in_gets_a_registration_token(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SignInRules, "mfa_needed", lambda self, user, resource: False)
    mac = enrolled(705)
    assert password_only_sign_in(mac, DRS_RESOURCE).status_code == 200
    refresh_token = password_only_sign_in(mac, INTUNE_RESOURCE).json()["refresh_token"]
    assert refresh_for(mac, refresh_token, DRS_RESOURCE).status_code == 200


def test_with_mfa_not_required_the_same_password_only_token_joins() -> None:
    """The refusal above is the MFA rule's alone: the same token joins once the tenant drops it."""
    mac = enrolled(706)
    directory = mac.world.entra.directory
    directory.update_device_registration_policy(JoinPermission.ALL, require_mfa=False)
    password_only = password_only_sign_in(mac, DRS_RESOURCE).json()["access_token"]
    assert post_join(mac.http, password_only, mac.body()).status_code == 200


def test_without_the_resource_check_an_intune_token_joins(monkeypatch: pytest.MonkeyPatch) -> None:
    validate = TokenService.validate
    monkeypatch.setattr(TokenService, "validate",
                        lambda self, token, resource: validate(self, token, self.grants[token].resource))
    mac = enrolled(708)
    intune = sign_in_with_mfa(mac.world, mac.http, mac.upn, "Join-2024!", INTUNE_RESOURCE)
    assert post_join(mac.http, intune, mac.body()).status_code == 200
