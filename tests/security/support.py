"""What a security probe needs: a World with an enrolled, registered Mac, and MDM messages signed (or not);
the requests the Mac's SSO extension sends, built by hand so that a test changes exactly one thing."""

from __future__ import annotations

import json
import random
from datetime import datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.actors import Person
from psso_sim.company_portal.sso_extension import CLIENT_ID, DeviceKeys, DeviceRegistration
from psso_sim.entra import device_proofs, es256, psso_wire
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.mdm_identity import (
    CERTIFICATE_HEADER,
    SIGNATURE_HEADER,
    certificate_request,
    derive_identity_key,
    sign_body,
)
from psso_sim.world import World

__all__ = [
    "DRS_URL",
    "TOKEN_URL",
    "MdmIdentity",
    "enroll_identity",
    "join_body",
    "login_request",
    "oauth_refusal",
    "post_join",
    "post_login",
    "put_json",
    "refresh_form",
    "refresh_proof",
    "registered_person",
    "server_nonce",
    "sign_in_with_mfa",
    "unregister_proof",
]

TOKEN_URL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"  # the extension's endpoint
DRS_URL = "https://enterpriseregistration.windows.net/EnrollmentServer/device/"

MdmIdentity = tuple[ec.EllipticCurvePrivateKey, str]


def enroll_identity(http: httpx.Client, challenge: str, udid: str, seed: int = 0) -> MdmIdentity:
    """SCEP with the Management Profile's challenge: a key of our own and Intune's certificate for it."""
    key = derive_identity_key(random.Random(f"probe:{seed}"))
    answer = http.post(f"{INTUNE_RESOURCE}/mdm/scep", json={"Challenge": challenge,
                                                             "CSR": certificate_request(key, udid)})
    assert answer.status_code == 200, answer.text
    return key, str(answer.json()["Certificate"])


def put_json(http: httpx.Client, url: str, message: dict[str, Any],
             identity: MdmIdentity | None = None) -> httpx.Response:
    """A check-in as the Mac sends it: signed with ``identity``, or unsigned when it is None."""
    body = json.dumps(message).encode()
    headers = {"content-type": "application/json"}
    if identity is not None:
        headers |= {SIGNATURE_HEADER: sign_body(identity[0], body), CERTIFICATE_HEADER: identity[1]}
    return http.put(url, content=body, headers=headers)


# Entra: the SSO extension's requests (sim/company_portal/sso_extension.py), one part at a time
def registered_person(world: World, password: str | None = None, name: str | None = None) -> Person:
    """A user whose Mac is enrolled in Intune and registered with Platform SSO (``world.target_platform_sso()``
    first)."""
    user = world.add_user(password=password)
    person = Person(world, user, world.add_mac(macos=14, owner=user, name=name or f"{user.display_name}'s Mac"))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    assert person.mac.platform_sso.registration is not None, person.mac.platform_sso.last_error
    return person


def oauth_refusal(answer: httpx.Response) -> tuple[int, str, int]:
    """(status, error, AADSTS code) of a token endpoint refusal, checked to be in Entra's shape."""
    body: dict[str, Any] = answer.json()
    code = int(body["error_codes"][0])
    assert str(body["error_description"]).startswith(f"AADSTS{code}: "), body
    return answer.status_code, str(body["error"]), code


def server_nonce(http: httpx.Client) -> str:
    """``grant_type=srv_challenge``: a fresh server nonce, as the extension asks before each proof."""
    answer = http.post(TOKEN_URL, data={"grant_type": "srv_challenge"})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["Nonce"])


def login_request(registration: DeviceRegistration, username: str, password: str, *, request_nonce: str,
                  issued_at: int, signer: DeviceKeys | None = None, client_nonce: str = "C1-NONCE",
                  **changes: Any) -> tuple[str, bytes]:
    """Apple's password login request as the extension signs it (``_login``), with ``changes`` to its claims,
    signed by ``signer`` in place of the registration's device key when given; and its apv."""
    keys = registration.keys
    apv = psso_wire.party_v_info(keys.encryption_key(), client_nonce)
    claims = psso_wire.login_request_claims(
        client_id=CLIENT_ID, audience=TOKEN_URL, username=username, password=password,
        request_nonce=request_nonce, nonce=client_nonce, apv=apv, issued_at=issued_at)
    claims.update(changes)
    header = psso_wire.login_request_header(psso_wire.key_id(es256.load_public_key(keys.signing_public_key())))
    return (signer or keys).sign(claims, header), apv


def post_login(http: httpx.Client, assertion: str) -> httpx.Response:
    return http.post(TOKEN_URL, data={"grant_type": psso_wire.JWT_BEARER, "client_id": CLIENT_ID,
                                      "assertion": assertion, "platform_sso_version": "1.0"})


def refresh_form(prt: str, proof: str | None, resource: str) -> dict[str, str]:
    """The extension's PRT refresh: the PRT and its proof of the device key (``request``)."""
    form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": prt, "resource": resource}
    if proof is not None:
        form["request"] = proof
    return form


def refresh_proof(registration: DeviceRegistration, prt: str, request_nonce: str, now: datetime,
                  signer: DeviceKeys | None = None) -> str:
    claims = device_proofs.refresh_proof_claims(prt, CLIENT_ID, now, request_nonce)
    return (signer or registration.keys).sign(claims, {"kid": registration.device_id})


def unregister_proof(registration: DeviceRegistration, request_nonce: str, now: datetime,
                     signer: DeviceKeys | None = None, device_id: str | None = None) -> str:
    """The extension's unregister proof (``unregister_device``); ``signer``/``device_id`` change one part."""
    claims = device_proofs.unregister_proof_claims(device_id or registration.device_id, now, request_nonce)
    return (signer or registration.keys).sign(claims, {"kid": registration.device_id})


def join_body(world: World, seed: str, *, registration_token: str | None, join_type: int = 0) -> dict[str, Any]:
    """The body of the extension's ``register_device`` for a Mac whose keys come from ``seed`` (public halves
    only: a signing request and the transport key)."""
    from psso_sim.entra.device_certificates import certificate_request as device_csr
    from psso_sim.entra.device_certificates import transport_key

    signing = es256.derive_key(random.Random(f"{seed}:signing"))
    encryption = es256.derive_key(random.Random(f"{seed}:encryption"))
    body: dict[str, Any] = {
        "DeviceDisplayName": f"{seed} Mac", "DeviceType": "MacOS", "OSVersion": "14.4.1", "JoinType": join_type,
        "TargetDomain": world.entra.tenant.domain, "TransportKey": transport_key(encryption.public_key()),
        "CertificateRequest": {"Type": "pkcs10", "Data": device_csr(signing, f"{seed} Mac")}}
    if registration_token is not None:
        body["RegistrationToken"] = registration_token
    return body


def post_join(http: httpx.Client, access_token: str, body: dict[str, Any]) -> httpx.Response:
    return http.post(DRS_URL, params={"api-version": "2.0"}, headers={"Authorization": f"Bearer {access_token}"},
                     json=body)


def sign_in_with_mfa(world: World, http: httpx.Client, username: str, password: str, resource: str) -> str:
    """An interactive sign-in that the user approves in Microsoft Authenticator when asked: the access token."""
    form = {"grant_type": "password", "client_id": CLIENT_ID, "username": username, "password": password,
            "resource": resource, "amr_values": "mfa"}
    asked = http.post(TOKEN_URL, data=form)
    assert asked.status_code == 400 and asked.json()["error_codes"] == [50076], asked.text
    world.entra.tokens.approve_mfa(world.entra.directory.user_by_upn(username))
    answer = http.post(TOKEN_URL, data=form | {"mfa_context": asked.json()["mfa_context"]})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])
