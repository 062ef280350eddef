"""Entra's HTTP surface: each handler parses a request, makes one backend call, answers."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.errors import EntraError, GraphResourceNotFound, InvalidAccessToken, UserNotFound
from psso_sim.entra.jwt import decode_unverified
from psso_sim.entra.models import ConditionalAccessGrant, ConditionalAccessPolicy, JoinPermission, User
from psso_sim.entra.registration import DeviceRegistrationRequest, PlatformCredentialRequest
from psso_sim.network.service import InvalidBody, json_response, parse_body, request_data

__all__ = [
    "CERTIFICATE_SIGN_IN",
    "PHONE_SIGN_IN",
    "ConditionalAccessPolicyBody",
    "EntraResponses",
    "PerUserMfaBody",
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


class PerUserMfaBody(BaseModel):
    """Graph (beta) ``PATCH /users/{id}/authentication/requirements``."""

    model_config = ConfigDict(extra="forbid")
    perUserMfaState: str = Field(pattern="^(disabled|enabled|enforced)$")


class _Applications(BaseModel):
    includeApplications: list[str] = Field(min_length=1)


class _Conditions(BaseModel):
    applications: _Applications


class _GrantControls(BaseModel):
    operator: str = Field(default="OR", pattern="^(OR|AND)$")
    builtInControls: list[str] = Field(min_length=1)


class ConditionalAccessPolicyBody(BaseModel):
    """Graph ``POST /identity/conditionalAccess/policies``, the part the simulation models."""

    displayName: str = Field(min_length=1)
    state: str = Field(pattern="^(enabled|disabled|enabledForReportingButNotEnforced)$")
    conditions: _Conditions
    grantControls: _GrantControls


_BUILT_IN_CONTROLS = {
    "mfa": ConditionalAccessGrant.MFA,
    "compliantDevice": ConditionalAccessGrant.COMPLIANT_DEVICE,
}


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
        form = request_data(request)
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
                resource=_required(form, "resource"),
                mfa_context=form.get("mfa_context") or None,
                amr_values=form.get("amr_values") or None,
            )
        elif grant_type == CERTIFICATE_SIGN_IN:
            result = tokens.certificate_sign_in(
                _required(form, "certificate"), _required(form, "assertion"), client_id=client_id,
                resource=_required(form, "resource"), mfa_context=form.get("mfa_context") or None,
                amr_values=form.get("amr_values") or None,
            )
        elif grant_type == PHONE_SIGN_IN:
            result = tokens.phone_sign_in(
                _required(form, "username"), client_id=client_id, resource=_required(form, "resource"),
                mfa_context=form.get("mfa_context") or None,
            )
        elif grant_type == _JWT_BEARER and _signed_with_user_key(_required(form, "assertion")):
            result = tokens.psso_key_login(_required(form, "assertion"), client_id=client_id)
        elif grant_type == _JWT_BEARER:
            result = tokens.psso_password_login(_required(form, "assertion"), client_id=client_id)
        elif grant_type == "refresh_token":
            result = tokens.refresh(
                _required(form, "refresh_token"), client_id=client_id, resource=_required(form, "resource")
            )
        else:
            raise InvalidBody(
                f"Invalid body: grant_type: unsupported value {grant_type!r}; expected one of password, "
                f"{PHONE_SIGN_IN}, {CERTIFICATE_SIGN_IN}, refresh_token, srv_challenge, {_JWT_BEARER}"
            )
        return json_response(result.as_json())

    def openid_configuration(self, request: httpx.Request, tenant: str) -> httpx.Response:
        self._tenant(tenant)
        base = f"https://login.microsoftonline.com/{self.backend.tenant.tenant_id}"
        return json_response(
            {
                "issuer": f"{base}/v2.0",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "jwks_uri": f"{base}/discovery/v2.0/keys",
            }
        )

    def keys(self, request: httpx.Request, tenant: str) -> httpx.Response:
        self._tenant(tenant)
        return json_response({"keys": [{"kty": "oct", "kid": "sim", "use": "sig", "alg": "HS256"}]})

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
        self.backend.registration.unregister_device(device_id, _bearer(request))
        return httpx.Response(204)

    # graph.microsoft.com
    def list_devices(self, request: httpx.Request) -> httpx.Response:
        devices = self.backend.directory.devices.values()
        return json_response({"value": [_device_json(d) for d in devices]})

    def list_users(self, request: httpx.Request) -> httpx.Response:
        users = self.backend.directory.users.values()
        return json_response(
            {
                "value": [
                    {"id": u.object_id, "userPrincipalName": u.user_principal_name, "displayName": u.display_name}
                    for u in users
                ]
            }
        )

    def get_device_registration_policy(self, request: httpx.Request) -> httpx.Response:
        policy = self.backend.directory.device_registration_policy
        return json_response(_policy_json(policy.join.value, sorted(policy.selected_users)))

    def update_device_registration_policy(self, request: httpx.Request) -> httpx.Response:
        data = request_data(request)
        allowed = data.get("azureADJoin", {}).get("allowedToJoin", {})
        kind = str(allowed.get("@odata.type", ""))
        joins = {
            "#microsoft.graph.allDeviceRegistrationMembership": JoinPermission.ALL,
            "#microsoft.graph.enumeratedDeviceRegistrationMembership": JoinPermission.SELECTED,
            "#microsoft.graph.noDeviceRegistrationMembership": JoinPermission.NONE,
        }
        if kind not in joins:
            raise InvalidBody(f"Invalid body: azureADJoin.allowedToJoin.@odata.type: unknown value {kind!r}")
        policy = self.backend.directory.update_device_registration_policy(
            joins[kind], frozenset(allowed.get("users", []))
        )
        return json_response(_policy_json(policy.join.value, sorted(policy.selected_users)))

    def update_authentication_requirements(self, request: httpx.Request, user: str) -> httpx.Response:
        body = parse_body(PerUserMfaBody, request)
        directory = self.backend.directory
        found = directory.users.get(user) or _user_by_upn_or_none(self.backend, user)
        if found is None:
            raise GraphResourceNotFound(
                f"Resource '{user}' does not exist or one of its queried reference-property objects "
                "are not present."
            )
        directory.update_per_user_mfa_state(found, body.perUserMfaState)
        return httpx.Response(204)

    def create_conditional_access_policy(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(ConditionalAccessPolicyBody, request)
        controls = body.grantControls.builtInControls
        if len(controls) != 1 or controls[0] not in _BUILT_IN_CONTROLS:
            raise InvalidBody(
                f"Invalid body: grantControls.builtInControls: expected one of {sorted(_BUILT_IN_CONTROLS)} "
                f"(got {controls})"
            )
        policy = ConditionalAccessPolicy(
            name=body.displayName,
            grant=_BUILT_IN_CONTROLS[controls[0]],
            resources=frozenset(body.conditions.applications.includeApplications),
            enabled=body.state == "enabled",
        )
        self.backend.directory.create_conditional_access_policy(policy)
        return json_response({"displayName": policy.name, "state": body.state}, status=201)


def _signed_with_user_key(assertion: str) -> bool:
    """An ES256 assertion is signed by the user's key (Secure Enclave, smart card); HS256 by the device's."""
    try:
        return decode_unverified(assertion)[0].get("alg") == "ES256"
    except ValueError:
        return False


def _user_by_upn_or_none(backend: EntraBackend, user: str) -> User | None:
    try:
        return backend.directory.user_by_upn(user)
    except UserNotFound:
        return None


def _required(form: dict[str, Any], key: str) -> str:
    value = form.get(key)
    if not value:
        raise InvalidBody(f"Invalid body: {key}: Field required")
    return str(value)


def _device_json(device: Any) -> dict[str, Any]:
    return {
        "id": device.object_id,
        "deviceId": device.device_id,
        "displayName": device.display_name,
        "operatingSystem": device.operating_system,
        "operatingSystemVersion": device.operating_system_version,
        "trustType": device.trust_type,
        "isManaged": device.is_managed,
        "isCompliant": device.is_compliant,
        "accountEnabled": device.account_enabled,
    }


def _policy_json(join: str, users: list[str]) -> dict[str, Any]:
    kinds = {"All": "all", "Selected": "enumerated", "None": "no"}
    return {
        "azureADJoin": {
            "allowedToJoin": {
                "@odata.type": f"#microsoft.graph.{kinds[join]}DeviceRegistrationMembership",
                "users": users,
            }
        }
    }
