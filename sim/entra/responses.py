"""Entra's HTTP surface: each handler parses a request, makes one backend call, answers."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.errors import EntraError, InvalidAccessToken
from psso_sim.entra.oauth_v2 import OIDC_SCOPES, client_info, resource_of_scope, user_realm
from psso_sim.entra.psso_wire import LOGIN_RESPONSE_CONTENT_TYPE
from psso_sim.entra.registration import DeviceRegistrationRequest, PlatformCredentialRequest
from psso_sim.network.service import InvalidBody, form_data, json_response, parse_body

if TYPE_CHECKING:
    import httpx  # at run time imported where used: `import psso_sim.world` does not load httpx (~35 ms)
    from cryptography import x509

__all__ = [
    "CERTIFICATE_SIGN_IN",
    "PHONE_SIGN_IN",
    "EntraResponses",
    "TenantNotFound",
]


# The sign-in page's passwordless Microsoft Authenticator sign-in, as the simulation's token endpoint
# takes it (the real page is interactive; its grant is not public).
PHONE_SIGN_IN = "urn:sim:params:oauth:grant-type:phone-sign-in"
# The sign-in page's certificate-based authentication (really TLS client authentication at certauth.*):
# here the certificate and an assertion its key signed over a server nonce.
CERTIFICATE_SIGN_IN = "urn:sim:params:oauth:grant-type:certificate-sign-in"
_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"


class TenantNotFound(EntraError):
    code = 90002
    oauth_error = "invalid_request"


def _bearer(request: httpx.Request) -> str:
    scheme, _, token = str(request.headers.get("authorization", "")).partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise InvalidAccessToken("no bearer token in the Authorization header")
    return token


class EntraResponses:
    def __init__(self, backend: EntraBackend) -> None:
        self.backend = backend

    def _tenant(self, tenant: str) -> None:
        t = self.backend.tenant
        if tenant not in (t.tenant_id, t.domain, "organizations", "common"):
            raise TenantNotFound(f"Tenant '{tenant}' not found.")

    # login.microsoftonline.com
    def token(self, request: httpx.Request, tenant: str) -> httpx.Response:
        self._tenant(tenant)
        form = form_data(request)  # a list or number for a parameter is a 400, not a TypeError
        grant_type = form.get("grant_type", "")
        tokens = self.backend.tokens
        client_id = str(form.get("client_id", ""))
        if grant_type == "srv_challenge":
            return json_response({"Nonce": tokens.srv_challenge()})
        if grant_type == "password":
            result = tokens.password_grant(
                _required(form, "username"),
                _required(form, "password"),
                client_id=client_id,
                resource=_resource(form),
                mfa_context=form.get("mfa_context") or None,
                amr_values=form.get("amr_values") or None,
            )
        elif grant_type == CERTIFICATE_SIGN_IN:
            result = tokens.certificate_sign_in(
                _required(form, "certificate"), _required(form, "assertion"), client_id=client_id,
                resource=_resource(form), mfa_context=form.get("mfa_context") or None,
                amr_values=form.get("amr_values") or None,
            )
        elif grant_type == PHONE_SIGN_IN:
            result = tokens.phone_sign_in(
                _required(form, "username"), client_id=client_id, resource=_resource(form),
                mfa_context=form.get("mfa_context") or None,
            )
        elif grant_type == _JWT_BEARER:  # Platform SSO's login request, any method (psso_login)
            result = tokens.psso_login(_required(form, "assertion"), client_id=client_id)
        elif grant_type == "refresh_token":
            result = tokens.refresh(
                _required(form, "refresh_token"), client_id=client_id, resource=_resource(form),
                request=str(form["request"]) if form.get("request") else None,  # a PRT's proof of the device key
            )
        else:
            raise InvalidBody(
                f"Invalid body: grant_type: unsupported value {grant_type!r}; expected one of password, "
                f"{PHONE_SIGN_IN}, {CERTIFICATE_SIGN_IN}, refresh_token, srv_challenge, {_JWT_BEARER}"
            )
        if result.login_response is not None:  # Platform SSO's login: the answer is Apple's JWE (psso_wire)
            import httpx

            return httpx.Response(200, content=result.login_response.encode(), headers={
                "content-type": f"{LOGIN_RESPONSE_CONTENT_TYPE}; charset=utf-8", "cache-control": "no-store"})
        return json_response(self._v2_answer(result.as_json(), result.access_token, form))

    def _v2_answer(self, body: dict[str, Any], access_token: str, form: dict[str, Any]) -> dict[str, Any]:
        """A v2.0 request (``scope``) is answered with the scopes granted; ``client_info=1`` gets client_info."""
        if form.get("scope") and not form.get("resource"):
            body["scope"] = " ".join(s for s in str(form["scope"]).split() if s not in OIDC_SCOPES)
        if form.get("client_info") == "1":
            grant = self.backend.tokens.grants[access_token]
            body["client_info"] = client_info(grant.user_id, self.backend.tenant.tenant_id)
        return body

    def user_realm(self, request: httpx.Request, username: str) -> httpx.Response:
        return json_response(user_realm(username, self.backend.tenant.domain))

    def openid_configuration(self, request: httpx.Request, tenant: str) -> httpx.Response:
        self._tenant(tenant)
        base = f"https://login.microsoftonline.com/{self.backend.tenant.tenant_id}"
        return json_response(
            {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",  # MSAL requires it
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "jwks_uri": f"{base}/discovery/v2.0/keys",
                # REQUIRED by OpenID Connect Discovery 1.0, section 3
                "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "tenant_region_scope": "NA",
                "cloud_instance_name": "microsoftonline.com",
            }
        )

    def keys(self, request: httpx.Request, tenant: str) -> httpx.Response:
        self._tenant(tenant)
        return json_response(self.backend.tokens.keys.jwks())

    # enterpriseregistration.windows.net
    def register_device(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(DeviceRegistrationRequest, request)
        device = self.backend.registration.register_device(_bearer(request), body)
        return json_response(
            {
                "Certificate": {
                    "Thumbprint": device.certificate_thumbprint,
                    "Subject": f"CN={device.device_id}",
                    "Issuer": f"CN={device.certificate_issuer}",
                    "RawBody": _der_base64(self.backend.registration.certificates[device.device_id]),
                },
                "DeviceId": device.device_id,
                "User": {"Upn": self.backend.directory.users[device.registered_owner].user_principal_name},
            }
        )

    def register_platform_credential(self, request: httpx.Request, device_id: str) -> httpx.Response:
        body = parse_body(PlatformCredentialRequest, request)
        credential = self.backend.registration.register_platform_credential(_bearer(request), device_id, body)
        return json_response({"KeyId": credential.key_id, "DeviceId": credential.device_id}, status=201)

    def unregister_device(self, request: httpx.Request, device_id: str) -> httpx.Response:
        import httpx

        self.backend.registration.unregister_device(device_id, _bearer(request))
        return httpx.Response(204)

def _der_base64(certificate: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import serialization  # lazy: cryptography loads with the first key

    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def _resource(form: dict[str, Any]) -> str:
    """v1.0 clients (the SSO extension, Company Portal) name a ``resource``; v2.0 ones (MSAL) a ``scope``."""
    scope = form.get("scope")
    if not form.get("resource") and isinstance(scope, str) and scope.strip():
        return resource_of_scope(scope)
    return _required(form, "resource")


def _required(form: dict[str, Any], key: str) -> str:
    value = form.get(key)
    if not value:
        raise InvalidBody(f"Invalid body: {key}: Field required")
    return str(value)
