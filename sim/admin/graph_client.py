"""The admin's Microsoft Graph calls, over the World's HTTP seam, as the admin centers make them.

Entra: the device registration policy ("Users may join devices to Microsoft Entra"), per-user MFA,
Conditional Access. Intune: settings catalog policies (``/beta/deviceManagement/configurationPolicies``),
their assignments and device statuses. A refusal is an :class:`AdminCenterError` with Graph's answer.

Graph answers only a signed-in caller with the right role: the admin centers sign in as the tenant's
administrator (:func:`admin_account` adds one, a Global Administrator, when an admin center opens) with
a password grant for ``https://graph.microsoft.com``, and send the access token as a bearer token. When
the token has expired (an hour of simulated time), the client signs in again, once, and retries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.errors import UserNotFound
from psso_sim.entra.models import DirectoryRole, JoinPermission
from psso_sim.errors import SimError

__all__ = ["ADMIN_CENTER_CLIENT_ID", "ASSIGNMENT_TARGETS", "GRAPH", "AdminAccount", "AdminCenterError",
           "GraphClient", "admin_account", "admin_graph_client"]

GRAPH = "https://graph.microsoft.com"
ADMIN_CENTER_CLIENT_ID = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"  # the Azure portal's application ID
_LOGIN = "https://login.microsoftonline.com"
_POLICIES = "/beta/deviceManagement/configurationPolicies"
_CONFIGURATIONS = "/v1.0/deviceManagement/deviceConfigurations"
_MEMBERSHIP = {
    JoinPermission.ALL: "#microsoft.graph.allDeviceRegistrationMembership",
    JoinPermission.SELECTED: "#microsoft.graph.enumeratedDeviceRegistrationMembership",
    JoinPermission.NONE: "#microsoft.graph.noDeviceRegistrationMembership",
}
ASSIGNMENT_TARGETS = {
    "All users": "#microsoft.graph.allLicensedUsersAssignmentTarget",
    "All devices": "#microsoft.graph.allDevicesAssignmentTarget",
}
"""What the Assignments page can include, and Graph's target type for it."""


class AdminCenterError(SimError):
    subsystem = "admin-center"


@dataclass(frozen=True)
class AdminAccount:
    """The administrator the admin centers sign in as."""

    user_principal_name: str
    password: str
    tenant_id: str


def admin_account(entra: EntraBackend, role: DirectoryRole = DirectoryRole.GLOBAL_ADMINISTRATOR) -> AdminAccount:
    """The tenant's administrator ``admin@<domain>``, added (with ``role``) the first time an admin center opens.

    The password is derived from the tenant's (seeded) ID: deterministic, and not drawn from a seed
    stream, so opening an admin center does not shift the passwords of users added after it.
    """
    directory = entra.directory
    upn = f"admin@{entra.tenant.domain}"
    password = "Adm1n!" + hashlib.sha256(f"{entra.tenant.tenant_id}/admin".encode()).hexdigest()[:16]
    try:
        user = directory.user_by_upn(upn)
    except UserNotFound:
        user = directory.create_user(upn, password=password, display_name="Tenant Administrator", mfa_methods=())
    if role not in user.roles:
        directory.assign_role(user, role)
    return AdminAccount(upn, password, entra.tenant.tenant_id)


def admin_graph_client(
    http: httpx.Client, entra: EntraBackend, role: DirectoryRole = DirectoryRole.GLOBAL_ADMINISTRATOR
) -> GraphClient:
    """A Graph client that signs in as the tenant's administrator (with ``role``)."""
    return GraphClient(http, admin_account(entra, role))


class GraphClient:
    def __init__(self, http: httpx.Client, account: AdminAccount | None = None) -> None:
        """``account`` None: a client that never signs in (Graph answers it 401)."""
        self._http = http
        self._account = account
        self._access_token: str | None = None

    # Entra ID
    def device_registration_policy(self) -> JoinPermission:
        return self.join_policy()[0]

    def join_policy(self) -> tuple[JoinPermission, tuple[str, ...]]:
        """Who may join devices: All, Selected (and the selected users' object IDs) or None."""
        body = self._call("GET", "/v1.0/policies/deviceRegistrationPolicy")
        allowed = body["azureADJoin"]["allowedToJoin"]
        join = next(join for join, membership in _MEMBERSHIP.items() if membership == allowed["@odata.type"])
        return join, tuple(allowed.get("users", []))

    def update_device_registration_policy(self, join: JoinPermission, users: Iterable[str] = ()) -> None:
        allowed = {"@odata.type": _MEMBERSHIP[join], "users": sorted(users)}
        body = {"azureADJoin": {"allowedToJoin": allowed}}
        self._call("PUT", "/v1.0/policies/deviceRegistrationPolicy", body)

    def update_per_user_mfa_state(self, user: str, state: str) -> None:
        """Per-user MFA: "disabled", "enabled" or "enforced" (Graph beta)."""
        self._call("PATCH", f"/beta/users/{user}/authentication/requirements", {"perUserMfaState": state})

    def create_conditional_access_policy(
        self, name: str, *, control: str, applications: Iterable[str]
    ) -> None:
        """A policy that grants access to ``applications`` with one built-in control ("mfa", ...)."""
        self._call("POST", "/v1.0/identity/conditionalAccess/policies", {
            "displayName": name, "state": "enabled",
            "conditions": {"applications": {"includeApplications": sorted(applications)}},
            "grantControls": {"operator": "OR", "builtInControls": [control]},
        })

    # Intune settings catalog
    def create_configuration_policy(
        self, name: str, description: str, settings: Sequence[tuple[str, Any]], *, scope_tags: Sequence[str] = ("0",)
    ) -> dict[str, Any]:
        """A macOS settings catalog policy; ``settings`` are (settingDefinitionId, value)."""
        return self._call("POST", _POLICIES, _policy_body(name, description, settings, scope_tags))

    def update_configuration_policy(
        self, policy_id: str, name: str, description: str, settings: Sequence[tuple[str, Any]]
    ) -> dict[str, Any]:
        return self._call("PUT", f"{_POLICIES}/{policy_id}", _policy_body(name, description, settings, ("0",)))

    def configuration_policies(self) -> list[dict[str, Any]]:
        policies: list[dict[str, Any]] = self._call("GET", _POLICIES)["value"]
        return policies

    def configuration_policy(self, policy_id: str) -> dict[str, Any]:
        return self._call("GET", f"{_POLICIES}/{policy_id}")

    def assign_configuration_policy(self, policy_id: str, targets: Iterable[str]) -> None:
        """Replace the policy's assignments with ``targets`` (names of :data:`ASSIGNMENT_TARGETS`)."""
        assignments = [{"target": {"@odata.type": ASSIGNMENT_TARGETS[t]}} for t in targets]
        self._call("POST", f"{_POLICIES}/{policy_id}/assign", {"assignments": assignments})

    def configuration_policy_device_statuses(self, policy_id: str) -> list[dict[str, Any]]:
        statuses: list[dict[str, Any]] = self._call("GET", f"{_POLICIES}/{policy_id}/deviceStatuses")["value"]
        return statuses

    def device_configurations(self) -> list[dict[str, Any]]:
        """Profiles from templates (Device features...) and custom ones: what is not a settings catalog policy."""
        configurations: list[dict[str, Any]] = self._call("GET", _CONFIGURATIONS)["value"]
        return configurations

    def assign_device_configuration(self, configuration_id: str, targets: Iterable[str]) -> None:
        assignments = [{"target": {"@odata.type": ASSIGNMENT_TARGETS[t]}} for t in targets]
        self._call("POST", f"{_CONFIGURATIONS}/{configuration_id}/assign", {"assignments": assignments})

    def device_configuration_device_statuses(self, configuration_id: str) -> list[dict[str, Any]]:
        statuses: list[dict[str, Any]] = self._call("GET", f"{_CONFIGURATIONS}/{configuration_id}/deviceStatuses")[
            "value"]
        return statuses

    def sign_in(self) -> str:
        """A Graph access token for the admin: a password grant at the tenant's token endpoint."""
        account = self._account
        if account is None:
            raise AdminCenterError("the admin center has no administrator account to sign in with",
                                   hint="GraphClient(http, admin_account(world.entra))")
        response = self._http.post(f"{_LOGIN}/{account.tenant_id}/oauth2/v2.0/token", data={
            "grant_type": "password", "client_id": ADMIN_CENTER_CLIENT_ID, "username": account.user_principal_name,
            "password": account.password, "resource": GRAPH})
        if response.status_code != 200:
            raise AdminCenterError(f"{account.user_principal_name} could not sign in to Microsoft Graph: "
                                   f"{response.status_code}: {response.text}")
        self._access_token = str(response.json()["access_token"])
        return self._access_token

    def _send(self, method: str, path: str, body: dict[str, Any] | None) -> httpx.Response:
        headers = {}
        if self._account is not None:
            headers["Authorization"] = f"Bearer {self._access_token or self.sign_in()}"
        return self._http.request(method, GRAPH + path, json=body, headers=headers)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self._send(method, path, body)
        if response.status_code == 401 and self._account is not None:  # expired: sign in again, once
            self.sign_in()
            response = self._send(method, path, body)
        if response.status_code >= 300:
            raise AdminCenterError(f"{method} {path} answered {response.status_code}: {response.text}")
        data = response.json() if response.content else {}
        return data if isinstance(data, dict) else {"value": data}


def _policy_body(
    name: str, description: str, settings: Sequence[tuple[str, Any]], scope_tags: Sequence[str]
) -> dict[str, Any]:
    return {"name": name, "description": description, "platforms": "macOS",
            "technologies": "mdm,appleRemoteManagement", "roleScopeTagIds": list(scope_tags),
            "settings": [{"settingDefinitionId": d, "value": v} for d, v in settings]}
