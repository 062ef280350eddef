"""Microsoft's SSO extension (shipped inside Company Portal): the Entra side of
Platform SSO, over HTTP.

- ``acquire_registration_token``: interactive sign-in for the registration service;
- ``register_device``: Microsoft Entra join with a new signing key and transport key;
- ``password_login``: server nonce, then an assertion signed with the device key
  carrying the user's password (password sync); the answer holds the PRT;
- ``unregister_device``: proves the device key and deletes the device object;
- ``certificate_sign_in``: certificate-based authentication with a smart card (the card signs a nonce);
- ``register_platform_credential``: the public half of the user's Secure Enclave key, after the device;
- ``key_login``: Platform SSO's login signed by the user's key (Secure Enclave or card), no password.

The user's keys sign through a callback (``Signer``): their private halves never reach this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from psso_sim.entra import jwt
from psso_sim.entra.responses import CERTIFICATE_SIGN_IN, PHONE_SIGN_IN
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.errors import SimError

__all__ = ["CLIENT_ID", "DeviceRegistration", "EntraAnswer", "Signer", "SsoExtension"]

Signer = Callable[[dict[str, Any]], str]
"""Signs claims with a key the caller holds (a Secure Enclave key, a smart card) and returns the JWS."""

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


@dataclass(frozen=True)
class DeviceRegistration:
    device_id: str
    certificate_thumbprint: str
    certificate_issuer: str
    signing_key: str
    encryption_key: str


class SsoExtension:
    def __init__(self, http: httpx.Client, tenant: str) -> None:
        self._http = http
        self._tenant = tenant

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
        """Platform SSO's login with the user's key: a nonce, then an assertion the key signs."""
        nonce = self._post(self.token_endpoint, {"grant_type": "srv_challenge"})
        if not nonce.ok:
            return nonce
        assertion = sign({"iss": CLIENT_ID, "aud": self.token_endpoint, "request_nonce": nonce.body["Nonce"],
                          "username": username, "device_id": registration.device_id})
        return self._post(self.token_endpoint, {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                                                "client_id": CLIENT_ID, "assertion": assertion})

    def phone_sign_in(self, username: str, resource: str, mfa_context: str | None) -> EntraAnswer:
        """Passwordless: the email address, then the approval in Microsoft Authenticator."""
        form = {"grant_type": PHONE_SIGN_IN, "client_id": CLIENT_ID, "username": username,
                "resource": resource}
        if mfa_context:
            form["mfa_context"] = mfa_context
        return self._post(self.token_endpoint, form)

    def register_device(
        self, access_token: str, *, display_name: str, os_version: str, registration_token: str | None,
        signing_key: str, encryption_key: str, domain: str, join_type: int = 0,
    ) -> tuple[EntraAnswer, DeviceRegistration | None]:
        """JoinType 0 joins the Mac (Platform SSO); 4 is the plug-in's workplace registration."""
        body = {"DeviceDisplayName": display_name, "DeviceType": "MacOS", "OSVersion": os_version,
                "JoinType": join_type, "TargetDomain": domain,
                "CertificateRequest": {"Type": "pkcs10", "Data": signing_key}, "TransportKey": encryption_key}
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
        return answer, DeviceRegistration(
            device_id=str(answer.body["DeviceId"]), certificate_thumbprint=str(certificate["Thumbprint"]),
            certificate_issuer=str(certificate["Issuer"]).removeprefix("CN="), signing_key=signing_key,
            encryption_key=encryption_key,
        )

    def password_login(self, registration: DeviceRegistration, username: str, password: str) -> EntraAnswer:
        nonce = self._post(self.token_endpoint, {"grant_type": "srv_challenge"})
        if not nonce.ok:
            return nonce
        assertion = jwt.encode(
            {"iss": CLIENT_ID, "aud": self.token_endpoint, "request_nonce": nonce.body["Nonce"],
             "username": username, "password": password, "grant_type": "password"},
            registration.signing_key, kid=registration.device_id,
        )
        return self._post(self.token_endpoint, {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                                                "client_id": CLIENT_ID, "assertion": assertion})

    def refresh(self, prt: str, resource: str) -> EntraAnswer:
        return self._post(self.token_endpoint, {"grant_type": "refresh_token", "client_id": CLIENT_ID,
                                                "refresh_token": prt, "resource": resource})

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
        proof = jwt.encode({"action": "unregister"}, registration.signing_key, kid=registration.device_id)
        response = self._http.delete(f"{DRS}/EnrollmentServer/device/{registration.device_id}",
                                     headers={"Authorization": f"Bearer {proof}"})
        return EntraAnswer(response.status_code, _json(response))

    def _post(self, url: str, form: dict[str, str]) -> EntraAnswer:
        response = self._http.post(url, data=form)
        return EntraAnswer(response.status_code, _json(response))


def _json(response: httpx.Response) -> dict[str, Any]:
    if not response.content:
        return {}
    try:
        body = response.json()
    except ValueError:
        raise SimError(f"non-JSON answer from {response.request.url}: {response.text[:80]!r}",
                       subsystem="company-portal") from None
    return body if isinstance(body, dict) else {"value": body}
