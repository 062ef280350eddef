"""Attacks on the device's proofs, over HTTP: a login request or an unregister proof with one part changed.

A Platform SSO login request must be signed by the registered device key its ``kid`` names, be addressed to
this tenant, be current and ask for the answer to the device's own encryption key (AADSTS50155). Deleting
the device object (``DELETE /EnrollmentServer/device/{id}``) takes a proof of that device's key made for
unregistering it, now, over a live server nonce: a captured login request or refresh proof, another Mac's
signature, an old proof or a spent nonce leave the device where it was.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from psso_sim.actors import Person
from psso_sim.company_portal.sso_extension import DeviceRegistration
from psso_sim.entra import device_proofs, jwt, psso_wire
from psso_sim.entra import registration as drs
from psso_sim.entra.device_proofs import PROOF_LIFETIME
from psso_sim.macos.prt_refresh import PRT_RESOURCE
from psso_sim.world import World
from tests.security.support import (
    DRS_URL,
    TOKEN_URL,
    login_request,
    oauth_refusal,
    post_login,
    refresh_form,
    refresh_proof,
    registered_person,
    server_nonce,
    unregister_proof,
)


def two_macs(seed: int) -> tuple[World, httpx.Client, Person, DeviceRegistration, DeviceRegistration]:
    """A victim's registered Mac and a thief's, each with its own device keys."""
    world = World(seed=seed)
    world.target_platform_sso()
    victim = registered_person(world, name="Victim's Mac")
    thief = registered_person(world, name="Thief's Mac")
    assert victim.mac.platform_sso.registration is not None and thief.mac.platform_sso.registration is not None
    return (world, world.network.client("attacker"), victim, victim.mac.platform_sso.registration,
            thief.mac.platform_sso.registration)


def victim_login(world: World, http: httpx.Client, victim: Person, registration: DeviceRegistration,
                 **changes: object) -> tuple[httpx.Response, str]:
    """The victim Mac's login request with ``changes`` (``signer``, claims); the answer and its nonce."""
    nonce = server_nonce(http)
    assertion, _ = login_request(registration, victim.user.user_principal_name, victim.entra_password,
                                 request_nonce=nonce, issued_at=int(world.now().timestamp()),
                                 **changes)  # type: ignore[arg-type]
    return post_login(http, assertion), nonce


def refused_login(world: World, answer: httpx.Response, nonce: str, before: set[str], why: str) -> None:
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert why in answer.json()["error_description"]
    assert set(world.entra.tokens.grants) == before  # no PRT
    assert nonce in world.entra.tokens.nonces  # refused before the nonce was spent


# the login request
def test_a_login_request_signed_by_another_macs_device_key_is_aadsts50155() -> None:
    world, http, victim, registration, thief = two_macs(601)
    before = set(world.entra.tokens.grants)
    answer, nonce = victim_login(world, http, victim, registration, signer=thief.keys)
    refused_login(world, answer, nonce, before, "failed to authenticate")


def test_a_login_request_asking_for_the_prt_under_another_macs_encryption_key_is_aadsts50155() -> None:
    world, http, victim, registration, thief = two_macs(602)
    before = set(world.entra.tokens.grants)
    theirs = psso_wire.b64url(psso_wire.party_v_info(thief.keys.encryption_key(), "C1-NONCE"))
    answer, nonce = victim_login(world, http, victim, registration,
                                 jwe_crypto={"alg": psso_wire.JWE_ALG, "enc": psso_wire.JWE_ENC, "apv": theirs})
    refused_login(world, answer, nonce, before, "registered encryption key")


def test_a_login_request_for_another_tenant_is_aadsts50155() -> None:
    world, http, victim, registration, _thief = two_macs(603)
    before = set(world.entra.tokens.grants)
    answer, nonce = victim_login(world, http, victim, registration,
                                 aud="https://login.microsoftonline.com/fabrikam.onmicrosoft.com/oauth2/v2.0/token")
    refused_login(world, answer, nonce, before, "not to this tenant's token endpoint")


def test_a_login_request_signed_an_hour_ago_is_aadsts50155() -> None:
    world, http, victim, registration, _thief = two_macs(604)
    before = set(world.entra.tokens.grants)
    hour_ago = int((world.now() - timedelta(hours=1)).timestamp())
    answer, nonce = victim_login(world, http, victim, registration, iat=hour_ago, exp=hour_ago + 300)
    refused_login(world, answer, nonce, before, "is not current")


# unregistering
def delete(http: httpx.Client, device_id: str, proof: str) -> httpx.Response:
    return http.delete(f"{DRS_URL}{device_id}", headers={"Authorization": f"Bearer {proof}"})


def still_registered(world: World, registration: DeviceRegistration) -> bool:
    return registration.device_id in world.entra.directory.devices


def test_the_macs_own_unregister_proof_deletes_the_device() -> None:
    world, http, _victim, registration, _thief = two_macs(610)
    assert delete(http, registration.device_id,
                  unregister_proof(registration, server_nonce(http), world.now())).status_code == 204
    assert not still_registered(world, registration)


def test_an_unregister_proof_signed_by_another_macs_key_is_aadsts50155() -> None:
    world, http, _victim, registration, thief = two_macs(611)
    nonce = server_nonce(http)
    answer = delete(http, registration.device_id, unregister_proof(registration, nonce, world.now(),
                                                                   signer=thief.keys))
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert "failed to prove its key" in answer.json()["error_description"]
    assert still_registered(world, registration) and nonce in world.entra.tokens.nonces


def test_a_captured_login_request_does_not_unregister_over_http() -> None:
    world, http, victim, registration, _thief = two_macs(612)
    captured, _ = login_request(registration, victim.user.user_principal_name, victim.entra_password,
                                request_nonce=server_nonce(http), issued_at=int(world.now().timestamp()))
    answer = delete(http, registration.device_id, captured)
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert still_registered(world, registration)


def test_a_captured_refresh_proof_does_not_unregister() -> None:
    world, http, victim, registration, _thief = two_macs(613)
    assert victim.mac.platform_sso.tokens is not None
    captured = refresh_proof(registration, victim.mac.platform_sso.tokens.prt, server_nonce(http), world.now())
    answer = delete(http, registration.device_id, captured)  # the device key signed it, naming the device
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert "does not ask to unregister" in answer.json()["error_description"]
    assert still_registered(world, registration)


def test_an_unregister_proof_for_another_device_does_not_unregister_this_one() -> None:
    world, http, _victim, registration, thief = two_macs(614)
    proof = unregister_proof(registration, server_nonce(http), world.now(), device_id=thief.device_id)
    answer = delete(http, registration.device_id, proof)
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert still_registered(world, registration) and still_registered(world, thief)


def test_an_unregister_proof_older_than_five_minutes_is_aadsts50155() -> None:
    world, http, _victim, registration, _thief = two_macs(615)
    proof = unregister_proof(registration, server_nonce(http), world.now())
    world.advance(PROOF_LIFETIME + timedelta(seconds=1))
    answer = delete(http, registration.device_id, proof)
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert "not fresh" in answer.json()["error_description"]
    assert still_registered(world, registration)


def test_an_unregister_proof_over_a_spent_nonce_is_aadsts50008() -> None:
    world, http, victim, registration, _thief = two_macs(616)
    assert victim.mac.platform_sso.tokens is not None
    prt, nonce = victim.mac.platform_sso.tokens.prt, server_nonce(http)
    spent = http.post(TOKEN_URL, data=refresh_form(prt, refresh_proof(registration, prt, nonce, world.now()),
                                                   PRT_RESOURCE))
    assert spent.status_code == 200
    answer = delete(http, registration.device_id, unregister_proof(registration, nonce, world.now()))
    assert oauth_refusal(answer) == (400, "invalid_grant", 50008)
    assert still_registered(world, registration)


# the rules taken away: the same attacks get through
def test_without_the_login_signature_check_another_macs_key_logs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(psso_wire, "read_login_request", lambda token, key: jwt.decode_unverified(token)[1])
    world, http, victim, registration, thief = two_macs(601)
    answer, _nonce = victim_login(world, http, victim, registration, signer=thief.keys)
    assert answer.status_code == 200


def test_without_the_proof_signature_check_another_mac_unregisters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_proofs, "_verified", lambda proof, device, what, now: jwt.decode_unverified(proof)[1])
    world, http, _victim, registration, thief = two_macs(611)
    proof = unregister_proof(registration, server_nonce(http), world.now(), signer=thief.keys)
    assert delete(http, registration.device_id, proof).status_code == 204
    assert not still_registered(world, registration)


def test_without_the_unregister_proof_a_captured_login_request_unregisters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drs, "check_unregister_proof", lambda proof, device, now, take_nonce: None)
    world, http, victim, registration, _thief = two_macs(612)
    captured, _ = login_request(registration, victim.user.user_principal_name, victim.entra_password,
                                request_nonce=server_nonce(http), issued_at=int(world.now().timestamp()))
    assert delete(http, registration.device_id, captured).status_code == 204
    assert not still_registered(world, registration)
