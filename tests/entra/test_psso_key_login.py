"""Platform SSO's user key methods on the wire: Apple's device-signed login request embedding an assertion signed by
the user's key (a Secure Enclave platform credential, a smart card), answered with the login response JWE; and a
disabled device or user refused at login, whatever the method.

Each probe is sent over HTTP to the token endpoint as a Mac (or an attacker) would; test_crypto_rules_can_fail.py
takes each rule away and watches these probes turn red.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from test_tenant_binding import CLIENT, Device, registered_device

from psso_sim.entra import es256, jwt, psso_wire
from psso_sim.entra.models import TokenKind
from psso_sim.world import World


def _key(purpose: str) -> ec.EllipticCurvePrivateKey:
    return es256.derive_key(random.Random(f"key-login:{purpose}"))


@dataclass
class UserKey:
    """The user's key as the Mac holds it, and the header macOS gives its embedded assertions."""

    private: ec.EllipticCurvePrivateKey
    certificate: bytes | None = None  # a smart card's, DER

    def header(self) -> dict[str, Any]:
        return psso_wire.embedded_assertion_header(self.private.public_key(), self.certificate)


def secure_enclave_key(device: Device, purpose: str = "enclave") -> tuple[UserKey, str]:
    """A Secure Enclave key registered as the user's platform credential on ``device``; and its key id."""
    key = _key(purpose)
    user = device.world.entra.directory.user_by_upn(device.username)
    credential = device.world.entra.tokens.platform_credentials.register(
        user, device.object.device_id, es256.public_pem(key), es256.sign({"device_id": device.object.device_id}, key))
    return UserKey(key), credential.key_id


def smart_card(device: Device, purpose: str = "card", upn: str | None = None) -> UserKey:
    """A card whose certificate the organisation's CA issued for ``upn``; certificate-based authentication on."""
    tokens, key = device.world.entra.tokens, _key(purpose)
    pem = tokens.organisation_ca.issue(upn or device.username, "Card holder", key.public_key())
    tokens.certificate_auth.trust(tokens.organisation_ca.pem)
    tokens.certificate_auth.enable()
    return UserKey(key, x509.load_pem_x509_certificate(pem.encode()).public_bytes(serialization.Encoding.DER))


@dataclass
class KeyLogin:
    request: str
    apv: bytes
    embedded: str


def key_login_request(
    device: Device, user_key: UserKey, *, signed_by: ec.EllipticCurvePrivateKey | None = None,
    device_key: ec.EllipticCurvePrivateKey | None = None, embedded: str | None = None,
    changes: dict[str, Any] | None = None, nonce: str = "N-1",
) -> KeyLogin:
    """Apple's login request for a user key method: ``signed_by`` forges the embedded assertion's signature,
    ``device_key`` the request's, ``embedded`` puts a captured assertion in a new request, ``changes`` changes
    the embedded assertion's claims."""
    world = device.world
    request_nonce, issued_at = world.entra.tokens.srv_challenge(), int(world.now().timestamp())
    claims = psso_wire.embedded_assertion_claims(username=device.username, audience=device.endpoint,
                                                 request_nonce=request_nonce, nonce=nonce, issued_at=issued_at)
    assertion = embedded or es256.sign({**claims, **(changes or {})}, signed_by or user_key.private,
                                       user_key.header())
    apv = psso_wire.party_v_info(device.encryption.public_key(), nonce)
    request = psso_wire.login_request_claims(
        client_id=CLIENT, audience=device.endpoint, username=device.username, assertion=assertion,
        request_nonce=request_nonce, nonce=nonce, apv=apv, issued_at=issued_at)
    header = psso_wire.login_request_header(psso_wire.key_id(device.signing.public_key()))
    signed = es256.sign(request, device_key or device.signing, header)
    return KeyLogin(signed, apv, assertion)


def post(device: Device, request: str) -> httpx.Response:
    return device.world.network.client("mac").post(device.endpoint, data={
        "grant_type": psso_wire.JWT_BEARER, "client_id": CLIENT, "assertion": request, "platform_sso_version": "1.0"})


def refused(answer: httpx.Response, code: int, text: str = "") -> bool:
    """Whether Entra answered AADSTS``code`` (with ``text`` in its description); a 200 is the JWE, no JSON."""
    if answer.status_code != 400:
        return False
    body = answer.json()
    return bool(body["error_codes"] == [code] and text in body["error_description"])


def logged_in(device: Device, login: KeyLogin) -> dict[str, Any]:
    """The token response inside the JWE answering ``login``, checked as the Mac checks it."""
    answer = post(device, login.request)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(psso_wire.LOGIN_RESPONSE_CONTENT_TYPE)
    body = psso_wire.decrypt_login_response(answer.text, device.encryption, login.apv)
    assert device.world.entra.tokens.keys.verify(body["id_token"])["nonce"] == "N-1"
    return body


# the protocol, for both methods
def test_a_secure_enclave_login_is_apples_request_answered_with_the_jwe_and_binds_the_prt_to_the_key() -> None:
    device = registered_device(World(seed=31))
    user_key, key_id = secure_enclave_key(device)
    login = key_login_request(device, user_key)
    header, claims = jwt.decode_unverified(login.request)
    assert header["typ"] == psso_wire.LOGIN_REQUEST_TYPE and claims["grant_type"] == psso_wire.JWT_BEARER
    assert "password" not in claims and jwt.decode_unverified(claims["assertion"])[0]["kid"] == psso_wire.key_id(
        user_key.private.public_key())
    body = logged_in(device, login)
    grant = device.world.entra.tokens.grants[body["refresh_token"]]
    assert grant.kind is TokenKind.PRT and grant.key_id == key_id and grant.device_id == device.object.device_id
    assert "swk" in grant.amr
    assert refused(post(device, login.request), 50008)  # the server nonce is taken once


def test_a_smart_card_login_is_apples_request_with_the_cards_certificate_answered_with_the_jwe() -> None:
    device = registered_device(World(seed=32))
    card = smart_card(device)
    login = key_login_request(device, card)
    assert jwt.decode_unverified(login.embedded)[0]["x5c"] == base64.b64encode(card.certificate or b"").decode()
    body = logged_in(device, login)
    grant = device.world.entra.tokens.grants[body["refresh_token"]]
    assert grant.kind is TokenKind.PRT and grant.key_id is None and "x509" in grant.amr
    assert refused(post(device, login.request), 50008)


# each signature
def test_a_key_login_whose_request_another_device_key_signed_is_refused() -> None:
    device = registered_device(World(seed=33))
    for user_key in (secure_enclave_key(device)[0], smart_card(device)):
        assert refused(post(device, key_login_request(device, user_key, device_key=_key("thief")).request), 50155,
                       "failed to authenticate")


def test_a_secure_enclave_assertion_another_key_signed_is_refused() -> None:
    device = registered_device(World(seed=34))
    user_key, _ = secure_enclave_key(device)
    forged = key_login_request(device, user_key, signed_by=_key("thief"))
    assert refused(post(device, forged.request), 50155, "the embedded assertion does not verify")
    assert refused(post(device, key_login_request(device, UserKey(_key("unregistered"))).request), 50155,
                   "no registered platform credential")


def test_a_smart_card_assertion_another_key_signed_is_refused() -> None:
    device = registered_device(World(seed=35))
    card = smart_card(device)
    forged = key_login_request(device, card, signed_by=_key("thief"))
    assert refused(post(device, forged.request), 1001003, "Binding From Certificate")


# the embedded assertion belongs to its request, its device and its user
def test_a_captured_embedded_assertion_does_not_log_in_inside_another_request() -> None:
    device = registered_device(World(seed=36))
    user_key, _ = secure_enclave_key(device)
    captured = key_login_request(device, user_key).embedded
    again = key_login_request(device, user_key, embedded=captured)
    assert refused(post(device, again.request), 50155, "not for this login request: request_nonce differ")
    other_nonce = key_login_request(device, user_key, changes={"nonce": "N-2"})
    assert refused(post(device, other_nonce.request), 50155, "nonce differ")


def test_a_platform_credential_logs_in_only_from_its_own_device() -> None:
    world = World(seed=37)
    device, other = registered_device(world, seed=1), registered_device(world, seed=2)
    user_key, _ = secure_enclave_key(device)
    assert refused(post(other, key_login_request(other, user_key).request), 50155, "is not of device")


def test_an_embedded_assertion_naming_another_user_is_refused() -> None:
    world = World(seed=38)
    device, other = registered_device(world, seed=1), registered_device(world, seed=2)
    user_key, _ = secure_enclave_key(device)
    assert refused(post(device, key_login_request(device, user_key, changes={"sub": other.username}).request), 50155,
                   "is not the user of its key")


def test_a_key_login_request_signed_by_the_users_key_in_place_of_the_devices_is_refused() -> None:
    """What the simulation used to accept: the user's key signs the login, and no device key does."""
    device = registered_device(World(seed=39))
    user_key, _ = secure_enclave_key(device)
    by_user_key = key_login_request(device, user_key, device_key=user_key.private)
    assert refused(post(device, by_user_key.request), 50155, "failed to authenticate")


# a disabled device or user, any method
def _logins(device: Device) -> dict[str, str]:
    user_key, _ = secure_enclave_key(device)
    return {"Password": device.login_request()[0], "UserSecureEnclaveKey": key_login_request(device, user_key).request,
            "SmartCard": key_login_request(device, smart_card(device)).request}


@pytest.mark.parametrize(("disabled", "code"), [("device", 135011), ("user", 50057)])
def test_a_disabled_device_or_user_does_not_log_in_with_any_method(disabled: str, code: int) -> None:
    device = registered_device(World(seed=40))
    directory = device.world.entra.directory
    if disabled == "device":
        directory.update_device(device.object.device_id, account_enabled=False)
    else:
        directory.update_user(directory.user_by_upn(device.username), account_enabled=False)
    answers = {method: post(device, request) for method, request in _logins(device).items()}
    assert {method: refused(answer, code, "disabled") for method, answer in answers.items()} == {
        "Password": True, "UserSecureEnclaveKey": True, "SmartCard": True}, {m: a.text for m, a in answers.items()}
