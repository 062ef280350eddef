"""Entra ID's Microsoft Graph resources: users, devices, the device registration policy, per-user MFA,
Conditional Access; each endpoint with the permission the real API needs (:mod:`psso_sim.graph.authz`)."""

from __future__ import annotations

from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.errors import UserNotFound
from psso_sim.entra.models import ConditionalAccessPolicy, JoinPermission, User
from psso_sim.graph.api import DIRECTORY, GraphApi
from psso_sim.graph.authz import Caller, Permission
from psso_sim.graph.entra_resources import (
    BUILT_IN_CONTROLS,
    CONDITIONAL_ACCESS_POLICIES,
    DEVICE_REGISTRATION_POLICY,
    DEVICES,
    USERS,
    conditional_access_policy_id,
    conditional_access_policy_json,
    device_json,
    device_registration_policy_json,
    user_json,
)
from psso_sim.graph.errors import GraphBadRequest
from psso_sim.graph.odata import collection_response, entity_response
from psso_sim.graph.passkey_policy import passkey_policy_endpoints
from psso_sim.network.service import Endpoint, parse_body

__all__ = ["ConditionalAccessPolicyBody", "DeviceRegistrationPolicyBody", "PerUserMfaBody", "entra_graph_endpoints"]

_P = Permission
_POLICY = r"^/v1\.0/policies/deviceRegistrationPolicy$"
_CA = r"^/v1\.0/identity/conditionalAccess/policies"
_MEMBERSHIP = {
    "#microsoft.graph.allDeviceRegistrationMembership": JoinPermission.ALL,
    "#microsoft.graph.enumeratedDeviceRegistrationMembership": JoinPermission.SELECTED,
    "#microsoft.graph.noDeviceRegistrationMembership": JoinPermission.NONE,
}


class PerUserMfaBody(BaseModel):
    """Graph (beta) ``PATCH /users/{id}/authentication/requirements``."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    perUserMfaState: str = Field(pattern="^(disabled|enabled|enforced)$")


class _Membership(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)
    odata_type: Literal["#microsoft.graph.allDeviceRegistrationMembership",
                        "#microsoft.graph.enumeratedDeviceRegistrationMembership",
                        "#microsoft.graph.noDeviceRegistrationMembership"] = Field(alias="@odata.type")
    users: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)


class _AzureADJoin(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)
    allowedToJoin: _Membership


class DeviceRegistrationPolicyBody(BaseModel):
    """``PUT /policies/deviceRegistrationPolicy``: the whole policy as GET gave it; read-only parts ignored."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    azureADJoin: _AzureADJoin
    multiFactorAuthConfiguration: Literal["notRequired", "required"] | None = None


class _Applications(BaseModel):
    model_config = ConfigDict(defer_build=True)
    includeApplications: list[str] = Field(min_length=1)


class _Conditions(BaseModel):
    model_config = ConfigDict(defer_build=True)
    applications: _Applications


class _GrantControls(BaseModel):
    model_config = ConfigDict(defer_build=True)
    operator: str = Field(default="OR", pattern="^(OR|AND)$")
    builtInControls: list[str] = Field(min_length=1)


class ConditionalAccessPolicyBody(BaseModel):
    """Graph ``POST /identity/conditionalAccess/policies``, the part the simulation models."""

    model_config = ConfigDict(defer_build=True)
    displayName: str = Field(min_length=1)
    state: str = Field(pattern="^(enabled|disabled|enabledForReportingButNotEnforced)$")
    conditions: _Conditions
    grantControls: _GrantControls


def entra_graph_endpoints(backend: EntraBackend) -> list[Endpoint]:
    graph = GraphApi(backend.tokens, backend.directory, DIRECTORY)
    directory = backend.directory
    tenant_id = backend.tenant.tenant_id

    def user_named(key: str) -> User:
        found = directory.users.get(key)
        if found is None:
            try:
                found = directory.user_by_upn(key)
            except UserNotFound:
                raise graph.not_found(key) from None
        return found

    def me(request: httpx.Request, caller: Caller) -> httpx.Response:
        return entity_response(request, USERS, user_json(caller.user), context="users/$entity")

    def my_devices(request: httpx.Request, caller: Caller) -> httpx.Response:
        owned = [{"@odata.type": "#microsoft.graph.device"} | device_json(d) for d in directory.devices_of(caller.user)]
        return collection_response(request, DEVICES, owned, context="directoryObjects")

    def list_users(request: httpx.Request, caller: Caller) -> httpx.Response:
        return collection_response(request, USERS, [user_json(u) for u in directory.users.values()])

    def get_user(request: httpx.Request, caller: Caller, user: str) -> httpx.Response:
        return entity_response(request, USERS, user_json(user_named(user)))

    def list_devices(request: httpx.Request, caller: Caller) -> httpx.Response:
        return collection_response(request, DEVICES, [device_json(d) for d in directory.devices.values()])

    def get_device(request: httpx.Request, caller: Caller, object_id: str) -> httpx.Response:
        device = next((d for d in directory.devices.values() if d.object_id == object_id), None)
        if device is None:
            raise graph.not_found(object_id)
        if device.registered_owner != caller.user.object_id:
            caller.require(_P.DEVICE_READ_ALL)  # members read their own devices only
        return entity_response(request, DEVICES, device_json(device))

    def get_policy(request: httpx.Request, caller: Caller) -> httpx.Response:
        policy = directory.device_registration_policy
        return entity_response(request, DEVICE_REGISTRATION_POLICY, device_registration_policy_json(policy),
                               context="policies/deviceRegistrationPolicy")

    def update_policy(request: httpx.Request, caller: Caller) -> httpx.Response:
        body = parse_body(DeviceRegistrationPolicyBody, request)
        allowed = body.azureADJoin.allowedToJoin
        mfa = body.multiFactorAuthConfiguration
        policy = directory.update_device_registration_policy(
            _MEMBERSHIP[allowed.odata_type], frozenset(allowed.users),
            require_mfa=None if mfa is None else mfa == "required")
        return entity_response(request, DEVICE_REGISTRATION_POLICY, device_registration_policy_json(policy),
                               context="policies/deviceRegistrationPolicy")

    def update_authentication_requirements(request: httpx.Request, caller: Caller, user: str) -> httpx.Response:
        body = parse_body(PerUserMfaBody, request)
        directory.update_per_user_mfa_state(user_named(user), body.perUserMfaState)
        return httpx.Response(204)

    def list_ca_policies(request: httpx.Request, caller: Caller) -> httpx.Response:
        policies = [conditional_access_policy_json(tenant_id, p) for p in directory.conditional_access.values()]
        return collection_response(request, CONDITIONAL_ACCESS_POLICIES, policies)

    def get_ca_policy(request: httpx.Request, caller: Caller, policy_id: str) -> httpx.Response:
        for policy in directory.conditional_access.values():
            if conditional_access_policy_id(tenant_id, policy.name) == policy_id:
                return entity_response(request, CONDITIONAL_ACCESS_POLICIES,
                                       conditional_access_policy_json(tenant_id, policy))
        raise graph.not_found(policy_id)

    def create_ca_policy(request: httpx.Request, caller: Caller) -> httpx.Response:
        body = parse_body(ConditionalAccessPolicyBody, request)
        controls = body.grantControls.builtInControls
        if len(controls) != 1 or controls[0] not in BUILT_IN_CONTROLS:
            raise GraphBadRequest(f"Invalid body: grantControls.builtInControls: expected one of "
                                  f"{sorted(BUILT_IN_CONTROLS)} (got {controls})")
        policy = ConditionalAccessPolicy(
            name=body.displayName, grant=BUILT_IN_CONTROLS[controls[0]],
            resources=frozenset(body.conditions.applications.includeApplications), enabled=body.state == "enabled")
        directory.create_conditional_access_policy(policy)
        body_json = conditional_access_policy_json(tenant_id, policy) | {"state": body.state}
        return entity_response(request, CONDITIONAL_ACCESS_POLICIES, body_json, status=201)

    e = graph.endpoint
    return [
        *passkey_policy_endpoints(graph, backend.passkeys),
        e("GET", r"^/v1\.0/me$", me, "the signed-in user", None),
        e("GET", r"^/v1\.0/me/registeredDevices$", my_devices, "the signed-in user's devices", None),
        e("GET", r"^/v1\.0/users$", list_users, "list users", _P.USER_READ_BASIC_ALL),
        e("GET", r"^/v1\.0/users/(?P<user>[^/]+)$", get_user, "get a user", _P.USER_READ_BASIC_ALL),
        e("GET", r"^/v1\.0/devices$", list_devices, "list devices", _P.DEVICE_READ_ALL),
        e("GET", r"^/v1\.0/devices/(?P<object_id>[^/]+)$", get_device, "get a device", None),
        e("GET", _POLICY, get_policy, "device registration policy", _P.POLICY_READ_DEVICE_CONFIGURATION),
        e("PUT", _POLICY, update_policy, "update device registration policy",
          _P.POLICY_READWRITE_DEVICE_CONFIGURATION),
        e("PATCH", r"^/beta/users/(?P<user>[^/]+)/authentication/requirements$",
          update_authentication_requirements, "per-user MFA state", _P.POLICY_READWRITE_AUTHENTICATION_METHOD),
        e("GET", _CA + "$", list_ca_policies, "list Conditional Access policies", _P.POLICY_READ_ALL),
        e("GET", _CA + r"/(?P<policy_id>[^/]+)$", get_ca_policy, "get a Conditional Access policy",
          _P.POLICY_READ_ALL),
        e("POST", _CA + "$", create_ca_policy, "create a Conditional Access policy",
          _P.POLICY_READWRITE_CONDITIONAL_ACCESS),
    ]
