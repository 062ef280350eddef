"""Microsoft's SSO extension (shipped inside Company Portal): the Entra side of
Platform SSO, over HTTP.

- ``acquire_registration_token``: interactive sign-in for the registration service;
- ``register_device``: Microsoft Entra join: a signing request by the device signing key and the device
  encryption key (transport key), public halves only; the answer is the device certificate;
- ``password_login``: server nonce, then Apple's login request signed with the device signing key carrying
  the user's password (password sync); the answer is a JWE to the device encryption key holding the PRT,
  whose ID token the extension checks against the tenant's JWKS (:mod:`psso_sim.entra.psso_wire`);
- ``refresh``: a PRT is redeemed with a proof of the device key over a fresh nonce;
- ``unregister_device``: proves the device key, for unregistering, and deletes the device object;
- ``certificate_sign_in``: certificate-based authentication with a smart card (the card signs a nonce);
- ``register_platform_credential``: the public half of the user's Secure Enclave key, after the device;
- ``key_login``: the same login request, with an assertion signed by the user's key (Secure Enclave or card)
  embedded in place of the password; the same JWE answers it.

The user's keys sign through a callback (``Signer``) and the device keys through a handle (``DeviceKeys``):
their private halves never reach this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jwt as jose_jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from psso_sim.company_portal.retry_policy import ClientThrottle
from psso_sim.entra import device_proofs, es256, psso_wire
from psso_sim.entra.responses import CERTIFICATE_SIGN_IN, PHONE_SIGN_IN
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.errors import SimError

__all__ = ["CLIENT_ID", "DeviceKeyLost", "DeviceKeys", "DeviceRegistration", "EntraAnswer", "Signer", "SsoExtension"]

Signer = Callable[[dict[str, Any]], str]
"""Signs claims with a key the caller holds (a Secure Enclave key, a smart card) and returns the JWS, with the
header macOS gives an embedded assertion (:func:`psso_sim.entra.psso_wire.embedded_assertion_header`)."""

CLIENT_ID = "29d9ed98-a469-4536-ade2-f981bc1d605e"  # Microsoft Authentication Broker
LOGIN = "https://login.microsoftonline.com"
DRS = "https://enterpriseregistration.windows.net"


@dataclass(frozen=True)
class EntraAnswer:
    """A token endpoint answer: the tokens, or the AADSTS code and its text."""

    status: int
    body: dict[str, Any]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300  # unregistration answers 204 No Content

    @property
    def code(self) -> int | None:
        codes = self.body.get("error_codes") or [self.body.get("ErrorCode")]
        return int(codes[0]) if codes and codes[0] is not None else None

    @property
    def description(self) -> str:
        return str(self.body.get("error_description") or self.body.get("Message") or "")


class DeviceKeyLost(SimError):
    """The device keys are gone (the Secure Enclave was reset): nothing can be signed or decrypted with them."""

    subsystem = "company-portal"


class DeviceKeys(Protocol):
    """The device signing and encryption keys, as the Mac lets the extension use them (never read them).
    Every use raises :class:`DeviceKeyLost` once the keys are gone."""

    def certificate_request(self, common_name: str) -> str: ...
    def transport_key(self) -> str: ...
    def encryption_key(self) -> ec.EllipticCurvePublicKey: ...
    def signing_public_key(self) -> str: ...
    def sign(self, claims: dict[str, Any], header: dict[str, Any]) -> str: ...
    def open_login_response(self, token: str, apv: bytes) -> dict[str, Any]: ...
    def delete(self) -> None: ...


@dataclass(frozen=True)
class DeviceRegistration:
    device_id: str
    certificate_thumbprint: str
    certificate_issuer: str
    certificate: str  # the device certificate, base64 DER
    keys: DeviceKeys = field(compare=False, repr=False)


class SsoExtension:
    def __init__(self, http: httpx.Client, tenant: str, *, now: Callable[[], datetime] | None = None,
                 new_nonce: Callable[[], str] | None = None, wait: Callable[[timedelta], object] | None = None,
                 ) -> None:
        """``now`` and ``new_nonce`` (the Mac's clock and its random client nonces) are needed by the flows that
        use the device keys; a sign-in web view (Setup Assistant's) has neither. With ``now`` and ``wait`` (the
        Mac's scheduler), token requests follow the extension's retry policy (:mod:`.retry_policy`)."""
        self._http = http
        self._tenant = tenant
        self._clock, self._nonces = now, new_nonce
        self.throttle = ClientThrottle(now, wait) if now is not None and wait is not None else None
        self.device: DeviceRegistration | None = None  # the registration whose key redeems the PRT
        self._jwks: KeySet | None = None

    @property
    def token_endpoint(self) -> str:
        return f"{LOGIN}/{self._tenant}/oauth2/v2.0/token"

    def sign_in(
        self, username: str, password: str, resource: str, mfa_context: str | None, *, require_mfa: bool = False
    ) -> EntraAnswer:
        form = {"grant_type": "password", "client_id": CLIENT_ID, "username": username, "password": password,
                "resource": resource}
        if mfa_context:
            form["mfa_context"] = mfa_context
        if require_mfa:
            form["amr_values"] = "mfa"
        return self._post(self.token_endpoint, form)

    def acquire_registration_token(
        self, username: str, password: str, mfa_context: str | None, *, require_mfa: bool = False
    ) -> EntraAnswer:
        """``require_mfa``: ask for an MFA sign-in whatever the tenant requires (the method's setup needs one)."""
        return self.sign_in(username, password, DRS_RESOURCE, mfa_context, require_mfa=require_mfa)

    def certificate_sign_in(
        self, certificate: str, sign: Signer, resource: str, mfa_context: str | None, *, require_mfa: bool = False
    ) -> EntraAnswer:
        """Certificate-based authentication: the card signs a fresh server nonce."""
        nonce = self._post(self.token_endpoint, {"grant_type": "srv_challenge"})
        if not nonce.ok:
            return nonce
        assertion = sign({"aud": self.token_endpoint, "request_nonce": nonce.body["Nonce"]})
        form = {"grant_type": CERTIFICATE_SIGN_IN, "client_id": CLIENT_ID, "certificate": certificate,
                "assertion": assertion, "resource": resource}
        if mfa_context:
            form["mfa_context"] = mfa_context
        if require_mfa:
            form["amr_values"] = "mfa"
        return self._post(self.token_endpoint, form)

    def register_platform_credential(
        self, access_token: str, registration: DeviceRegistration, public_key: str, proof: str
    ) -> EntraAnswer:
        """The user's Secure Enclave key: its public half and a proof signed by its private half."""
        response = self._http.post(
            f"{DRS}/EnrollmentServer/device/{registration.device_id}/platformcredential",
            params={"api-version": "2.0"}, headers={"Authorization": f"Bearer {access_token}"},
            json={"KeyType": "UserSecureEnclaveKey", "PublicKey": public_key, "Proof": proof},
        )
        return EntraAnswer(response.status_code, _json(response))

    def key_login(self, registration: DeviceRegistration, username: str, sign: Signer) -> EntraAnswer:
        """Platform SSO's login with the user's key: Apple's login request, signed by the device key, embedding an
        assertion the user's key signs (``sign``: the Secure Enclave or the card); the answer is the JWE."""
        try:
            return self._login(registration, username, sign=sign)
        except DeviceKeyLost as error:
            return _key_lost(error)

    def phone_sign_in(self, username: str, resource: str, mfa_context: str | None) -> EntraAnswer:
        """Passwordless: the email address, then the approval in Microsoft Authenticator."""
        form = {"grant_type": PHONE_SIGN_IN, "client_id": CLIENT_ID, "username": username,
                "resource": resource}
        if mfa_context:
            form["mfa_context"] = mfa_context
        return self._post(self.token_endpoint, form)

    def register_device(
        self, access_token: str, *, display_name: str, os_version: str, registration_token: str | None,
        keys: DeviceKeys, domain: str, join_type: int = 0,
    ) -> tuple[EntraAnswer, DeviceRegistration | None]:
        """JoinType 0 joins the Mac (Platform SSO); 4 is the plug-in's workplace registration."""
        body = {"DeviceDisplayName": display_name, "DeviceType": "MacOS", "OSVersion": os_version,
                "JoinType": join_type, "TargetDomain": domain,
                "CertificateRequest": {"Type": "pkcs10", "Data": keys.certificate_request(display_name)},
                "TransportKey": keys.transport_key()}
        if registration_token is not None:
            body["RegistrationToken"] = registration_token
        response = self._http.post(
            f"{DRS}/EnrollmentServer/device/", params={"api-version": "2.0"},
            headers={"Authorization": f"Bearer {access_token}"}, json=body,
        )
        answer = EntraAnswer(response.status_code, _json(response))
        if not answer.ok:
            return answer, None
        certificate = answer.body["Certificate"]
        registration = DeviceRegistration(
            device_id=str(answer.body["DeviceId"]), certificate_thumbprint=str(certificate["Thumbprint"]),
            certificate_issuer=str(certificate["Issuer"]).removeprefix("CN="),
            certificate=str(certificate.get("RawBody", "")), keys=keys,
        )
        if join_type == 0:
            self.device = registration
        return answer, registration

    def password_login(self, registration: DeviceRegistration, username: str, password: str) -> EntraAnswer:
        """Apple's login request, signed by the device key; the answer is decrypted and its ID token checked."""
        try:
            return self._login(registration, username, password=password)
        except DeviceKeyLost as error:
            return _key_lost(error)

    def _login(self, registration: DeviceRegistration, username: str, *, password: str | None = None,
               sign: Signer | None = None) -> EntraAnswer:
        nonce = self._post(self.token_endpoint, {"grant_type": "srv_challenge"})
        if not nonce.ok:
            return nonce
        client_nonce, request_nonce = self._new_nonce(), str(nonce.body["Nonce"])
        issued_at = int(self._now().timestamp())
        apv = psso_wire.party_v_info(registration.keys.encryption_key(), client_nonce)
        embedded = None if sign is None else sign(psso_wire.embedded_assertion_claims(
            username=username, audience=self.token_endpoint, request_nonce=request_nonce, nonce=client_nonce,
            issued_at=issued_at))
        claims = psso_wire.login_request_claims(
            client_id=CLIENT_ID, audience=self.token_endpoint, username=username, password=password,
            assertion=embedded, request_nonce=request_nonce, nonce=client_nonce, apv=apv, issued_at=issued_at)
        assertion = registration.keys.sign(claims, psso_wire.login_request_header(
            psso_wire.key_id(es256.load_public_key(registration.keys.signing_public_key()))))
        sent = self._send(self.token_endpoint, {
            "grant_type": psso_wire.JWT_BEARER, "client_id": CLIENT_ID, "assertion": assertion,
            "platform_sso_version": "1.0"})
        if not isinstance(sent, httpx.Response):
            return EntraAnswer(0, sent)
        response = sent
        if not response.headers.get("content-type", "").startswith(psso_wire.LOGIN_RESPONSE_CONTENT_TYPE):
            return EntraAnswer(response.status_code, _json(response))
        try:
            body = registration.keys.open_login_response(response.text, apv)
            self._check_id_token(str(body.get("id_token", "")), client_nonce)
        except ValueError as error:
            return EntraAnswer(502, {"error_description": f"the login response was refused: {error}"})
        return EntraAnswer(response.status_code, body)

    def _now(self) -> datetime:
        if self._clock is None:
            raise SimError("this SSO extension has no clock: device-key flows need one", subsystem="company-portal")
        return self._clock()

    def _new_nonce(self) -> str:
        if self._nonces is None:
            raise SimError("this SSO extension has no nonce source: logins need one", subsystem="company-portal")
        return self._nonces()

    def _check_id_token(self, id_token: str, nonce: str) -> None:
        """Platform SSO's check: signed by a key of the tenant's JWKS, for this client, with the request's nonce."""
        if self._jwks is None:
            self._jwks = KeySet.import_key_set(self._http.get(f"{LOGIN}/{self._tenant}/discovery/v2.0/keys").json())
        try:
            claims = jose_jwt.decode(id_token, self._jwks, algorithms=["RS256"]).claims
        except (JoseError, ValueError) as error:
            raise ValueError(f"the id_token does not verify against the tenant's JWKS: {error}") from None
        if claims.get("aud") != CLIENT_ID or claims.get("nonce") != nonce:
            raise ValueError("the id_token is not for this client and login request (aud, nonce)")

    def refresh(self, prt: str, resource: str) -> EntraAnswer:
        """Redeem a refresh token; once the Mac is registered, with a proof of the device key (for a PRT)."""
        form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": prt, "resource": resource}
        if self.device is not None:
            nonce = self._post(self.token_endpoint, {"grant_type": "srv_challenge"})
            if not nonce.ok:
                return nonce
            claims = device_proofs.refresh_proof_claims(prt, CLIENT_ID, self._now(), str(nonce.body["Nonce"]))
            try:
                form["request"] = self.device.keys.sign(claims, {"kid": self.device.device_id})
            except DeviceKeyLost as error:
                return _key_lost(error)
        return self._post(self.token_endpoint, form)

    def login_configuration(self, domain: str) -> dict[str, str] | None:
        """What the extension hands Platform SSO as its login configuration, from Entra's discovery."""
        response = self._http.get(f"{LOGIN}/{domain}/v2.0/.well-known/openid-configuration")
        if response.status_code != 200:
            return None
        discovery = _json(response)
        tenant = str(discovery["issuer"]).split("/")[3]
        return {
            "accountDisplayName": "Microsoft Entra",
            "clientID": CLIENT_ID,
            "issuer": str(discovery["issuer"]),
            "tokenEndpointURL": str(discovery["token_endpoint"]),
            "jwksEndpointURL": str(discovery["jwks_uri"]),
            "nonceEndpointURL": str(discovery["token_endpoint"]),
            "keyEndpointURL": f"{LOGIN}/{tenant}/getkeydata",
            "nonceResponseKeypath": "Nonce",
            "serverNonceClaimName": "request_nonce",
        }

    def unregister_device(self, registration: DeviceRegistration) -> EntraAnswer:
        """Delete the device object, proving the device key for that alone (action, time, server nonce)."""
        nonce = self._post(self.token_endpoint, {"grant_type": "srv_challenge"})
        if not nonce.ok:
            return nonce
        claims = device_proofs.unregister_proof_claims(registration.device_id, self._now(), str(nonce.body["Nonce"]))
        try:
            proof = registration.keys.sign(claims, {"kid": registration.device_id})
        except DeviceKeyLost as error:  # the device object stays in Entra: an admin deletes it
            return _key_lost(error)
        response = self._http.delete(f"{DRS}/EnrollmentServer/device/{registration.device_id}",
                                     headers={"Authorization": f"Bearer {proof}"})
        answer = EntraAnswer(response.status_code, _json(response))
        if self.device is registration and (answer.ok or answer.code == 700003):  # gone: no PRT to prove for
            self.device = None
        return answer

    def _post(self, url: str, form: dict[str, str]) -> EntraAnswer:
        sent = self._send(url, form)
        return EntraAnswer(sent.status_code, _json(sent)) if isinstance(sent, httpx.Response) else EntraAnswer(0, sent)

    def _send(self, url: str, form: dict[str, str]) -> httpx.Response | dict[str, str]:
        """A token request, under the retry policy when the extension has one; held back: the error body."""
        if self.throttle is None:
            return self._http.post(url, data=form)
        return self.throttle.send(lambda: self._http.post(url, data=form))


def _key_lost(error: DeviceKeyLost) -> EntraAnswer:
    """No request could be made: status 0, and why."""
    return EntraAnswer(0, {"error_description": error.message})


def _json(response: httpx.Response) -> dict[str, Any]:
    if not response.content:
        return {}
    try:
        body = response.json()
    except ValueError:
        raise SimError(f"non-JSON answer from {response.request.url}: {response.text[:80]!r}",
                       subsystem="company-portal") from None
    return body if isinstance(body, dict) else {"value": body}
