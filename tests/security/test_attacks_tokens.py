"""Attacks on the server nonce and the refresh tokens, over HTTP: each is the Mac's own request with one part
changed.

A Platform SSO login and a PRT refresh carry a server nonce (``srv_challenge``) that is spent when accepted
and dies after five minutes: a used one, a stale one or one never issued is AADSTS50008, and no token is
issued. A PRT is redeemed only with a proof its own device's key signed (AADSTS50155); a refresh token only
at the tenant that issued it (AADSTS700005) and within its lifetime (AADSTS700082). The ``test_without_``
tests take each rule away and watch the same attack get a token: the attack tests can fail.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from psso_sim.actors import Person
from psso_sim.company_portal.sso_extension import DeviceRegistration
from psso_sim.entra import device_proofs, jwt, psso_wire
from psso_sim.entra import tokens as token_rules
from psso_sim.entra.tokens import NONCE_LIFETIME, PRT_LIFETIME, TokenService
from psso_sim.macos.prt_refresh import PRT_RESOURCE
from psso_sim.world import World
from tests.security.support import (
    TOKEN_URL,
    login_request,
    oauth_refusal,
    post_login,
    refresh_form,
    refresh_proof,
    registered_person,
    server_nonce,
)

GRAPH = "https://graph.microsoft.com"


def mac_world(seed: int) -> tuple[World, httpx.Client]:
    world = World(seed=seed)
    world.target_platform_sso()
    return world, world.network.client("attacker")


def login_with_nonce(world: World, http: httpx.Client, nonce: str, person: Person | None = None) -> httpx.Response:
    """The registered Mac's password login request (a Mac registered now unless ``person`` is given), carrying
    ``nonce`` as its request_nonce."""
    person = person or registered_person(world)
    registration = person.mac.platform_sso.registration
    assert registration is not None
    assertion, _ = login_request(registration, person.user.user_principal_name, person.entra_password,
                                 request_nonce=nonce, issued_at=int(world.now().timestamp()))
    return post_login(http, assertion)


def issued(world: World) -> set[str]:
    return set(world.entra.tokens.grants)


def test_the_unchanged_login_request_gets_a_prt_in_apples_jwe() -> None:
    world, http = mac_world(501)
    answer = login_with_nonce(world, http, server_nonce(http))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(psso_wire.LOGIN_RESPONSE_CONTENT_TYPE)


def test_a_used_server_nonce_is_aadsts50008_and_issues_no_token() -> None:
    world, http = mac_world(502)
    victim = registered_person(world)
    nonce = server_nonce(http)
    assert login_with_nonce(world, http, nonce, victim).status_code == 200  # the Mac's login spends it
    before = issued(world)
    replay = login_with_nonce(world, http, nonce, victim)  # a new, well-signed request reusing the nonce
    assert oauth_refusal(replay) == (400, "invalid_grant", 50008)
    assert "unknown, used or expired" in replay.json()["error_description"]
    assert issued(world) == before


def test_a_server_nonce_older_than_its_lifetime_is_aadsts50008() -> None:
    world, http = mac_world(503)
    victim = registered_person(world)
    nonce = server_nonce(http)
    world.advance(NONCE_LIFETIME + timedelta(seconds=1))
    before = issued(world)
    stale = login_with_nonce(world, http, nonce, victim)  # the request itself is current: iat is now
    assert oauth_refusal(stale) == (400, "invalid_grant", 50008)
    assert issued(world) == before


def test_a_server_nonce_just_inside_its_lifetime_still_logs_in() -> None:
    world, http = mac_world(503)
    victim = registered_person(world)
    nonce = server_nonce(http)
    world.advance(NONCE_LIFETIME)
    assert login_with_nonce(world, http, nonce, victim).status_code == 200


def test_a_nonce_entra_never_issued_is_aadsts50008() -> None:
    world, http = mac_world(504)
    answer = login_with_nonce(world, http, "made-up-nonce-" + "A" * 29)
    assert oauth_refusal(answer) == (400, "invalid_grant", 50008)


def test_a_refused_login_does_not_spend_the_nonce() -> None:
    world, http = mac_world(505)
    person = registered_person(world)
    registration = person.mac.platform_sso.registration
    assert registration is not None
    nonce = server_nonce(http)
    elsewhere, _ = login_request(registration, person.user.user_principal_name, person.entra_password,
                                 request_nonce=nonce, issued_at=int(world.now().timestamp()),
                                 aud="https://login.microsoftonline.com/other-tenant/oauth2/v2.0/token")
    assert oauth_refusal(post_login(http, elsewhere)) == (400, "invalid_grant", 50155)
    assert nonce in world.entra.tokens.nonces  # refused before the nonce was looked at: still the Mac's


# the PRT refresh: the device's proof, over a fresh nonce
def refresh_world(seed: int) -> tuple[World, httpx.Client, str]:
    world, http = mac_world(seed)
    victim = registered_person(world, name="Victim's Mac")
    tokens = victim.mac.platform_sso.tokens
    assert tokens is not None
    return world, http, tokens.prt


def victim_registration(world: World) -> DeviceRegistration:
    registration = world.macs["Victim's Mac"].platform_sso.registration
    assert registration is not None
    return registration


def test_a_refresh_proof_replayed_with_its_spent_nonce_is_aadsts50008() -> None:
    world, http, prt = refresh_world(506)
    registration = victim_registration(world)
    proof = refresh_proof(registration, prt, server_nonce(http), world.now())
    assert http.post(TOKEN_URL, data=refresh_form(prt, proof, PRT_RESOURCE)).status_code == 200
    before = issued(world)
    replay = http.post(TOKEN_URL, data=refresh_form(prt, proof, PRT_RESOURCE))
    assert oauth_refusal(replay) == (400, "invalid_grant", 50008)
    assert issued(world) == before


def test_a_refresh_proof_over_a_stale_nonce_is_aadsts50008() -> None:
    world, http, prt = refresh_world(507)
    registration = victim_registration(world)
    nonce = server_nonce(http)
    world.advance(NONCE_LIFETIME + timedelta(seconds=1))
    proof = refresh_proof(registration, prt, nonce, world.now())  # signed now: only the nonce is old
    before = issued(world)
    assert oauth_refusal(http.post(TOKEN_URL, data=refresh_form(prt, proof, PRT_RESOURCE))) == (
        400, "invalid_grant", 50008)
    assert issued(world) == before


def test_a_prt_with_no_proof_of_the_device_key_is_aadsts50155() -> None:
    _world, http, prt = refresh_world(508)
    answer = http.post(TOKEN_URL, data=refresh_form(prt, None, PRT_RESOURCE))
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert "only with proof of the device key" in answer.json()["error_description"]


def test_another_macs_prt_redeemed_with_its_own_device_key_is_aadsts50155() -> None:
    world, http, prt = refresh_world(509)
    thief = registered_person(world, name="Thief's Mac").mac.platform_sso.registration
    assert thief is not None
    nonce = server_nonce(http)
    # the thief's Mac signs the proof for the stolen PRT with its own registered device key, naming itself
    proof = refresh_proof(thief, prt, nonce, world.now())
    before = issued(world)
    answer = http.post(TOKEN_URL, data=refresh_form(prt, proof, PRT_RESOURCE))
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert issued(world) == before and nonce in world.entra.tokens.nonces  # nonce not spent


def test_a_refresh_proof_signed_by_another_macs_key_naming_the_victim_is_aadsts50155() -> None:
    world, http, prt = refresh_world(510)
    thief = registered_person(world, name="Thief's Mac").mac.platform_sso.registration
    assert thief is not None
    proof = refresh_proof(victim_registration(world), prt, server_nonce(http), world.now(), signer=thief.keys)
    answer = http.post(TOKEN_URL, data=refresh_form(prt, proof, PRT_RESOURCE))
    assert oauth_refusal(answer) == (400, "invalid_grant", 50155)
    assert "failed to prove its key" in answer.json()["error_description"]


# refresh tokens: this tenant's, within their lifetime
def password_sign_in(world: World, http: httpx.Client) -> dict[str, str]:
    user = world.add_user(password="Pw-2024!", mfa_methods=())
    answer = http.post(TOKEN_URL, data={"grant_type": "password", "client_id": "probe", "resource": GRAPH,
                                        "username": user.user_principal_name, "password": "Pw-2024!"})
    assert answer.status_code == 200, answer.text
    body: dict[str, str] = answer.json()
    return body


def redeem(http: httpx.Client, refresh_token: str) -> httpx.Response:
    return http.post(TOKEN_URL, data={"grant_type": "refresh_token", "client_id": "probe", "resource": GRAPH,
                                      "refresh_token": refresh_token})


def test_another_tenants_refresh_token_is_aadsts700005() -> None:
    contoso, fabrikam = World(seed=511), World(seed=511, organisation="Fabrikam")
    theirs = password_sign_in(fabrikam, fabrikam.network.client("user"))["refresh_token"]
    http = contoso.network.client("attacker")
    assert redeem(fabrikam.network.client("user"), theirs).status_code == 200  # at home it works
    before = issued(contoso)
    answer = redeem(http, theirs)
    assert oauth_refusal(answer) == (400, "invalid_grant", 700005)
    assert "intended to use against other tenant" in answer.json()["error_description"]
    assert issued(contoso) == before


def test_a_refresh_token_past_its_lifetime_is_aadsts700082() -> None:
    world = World(seed=512)
    http = world.network.client("attacker")
    refresh_token = password_sign_in(world, http)["refresh_token"]
    world.advance(PRT_LIFETIME + timedelta(seconds=1))
    before = issued(world)
    answer = redeem(http, refresh_token)
    assert oauth_refusal(answer) == (400, "invalid_grant", 700082)  # expired due to inactivity
    assert "expired" in answer.json()["error_description"]
    assert issued(world) == before


def test_a_refresh_token_just_inside_its_lifetime_still_refreshes() -> None:
    world = World(seed=512)
    http = world.network.client("attacker")
    refresh_token = password_sign_in(world, http)["refresh_token"]
    world.advance(PRT_LIFETIME - timedelta(seconds=1))
    assert redeem(http, refresh_token).status_code == 200


# the rules taken away: the same attacks get through
def test_without_spending_nonces_a_used_nonce_logs_in_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TokenService, "redeem_nonce", lambda self, nonce: None)
    world, http = mac_world(502)
    victim = registered_person(world)
    nonce = server_nonce(http)
    assert login_with_nonce(world, http, nonce, victim).status_code == 200
    assert login_with_nonce(world, http, nonce, victim).status_code == 200


def test_without_the_nonce_lifetime_a_stale_nonce_logs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_rules, "NONCE_LIFETIME", timedelta(days=365))
    world, http = mac_world(503)
    victim = registered_person(world)
    nonce = server_nonce(http)
    world.advance(NONCE_LIFETIME + timedelta(seconds=1))
    assert login_with_nonce(world, http, nonce, victim).status_code == 200


def test_without_the_device_proof_another_macs_prt_refreshes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_proofs, "_verified", lambda proof, device, what, now: jwt.decode_unverified(proof)[1])
    world, http, prt = refresh_world(509)
    thief = registered_person(world, name="Thief's Mac").mac.platform_sso.registration
    assert thief is not None
    proof = refresh_proof(thief, prt, server_nonce(http), world.now())
    answer = http.post(TOKEN_URL, data=refresh_form(prt, proof, PRT_RESOURCE))
    assert answer.status_code == 200 and answer.json()["access_token"]


def test_without_the_tenant_check_another_tenants_token_is_not_named_as_such(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The tenant's signature is what answers AADSTS700005: without it the token is merely unknown here."""
    monkeypatch.setattr(TokenService, "_check_tenant", lambda self, token: jwt.decode_unverified(token)[1])
    contoso, fabrikam = World(seed=511), World(seed=511, organisation="Fabrikam")
    theirs = password_sign_in(fabrikam, fabrikam.network.client("user"))["refresh_token"]
    assert oauth_refusal(redeem(contoso.network.client("attacker"), theirs)) == (400, "invalid_grant", 50173)
