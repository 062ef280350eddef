"""The admin's Microsoft Graph calls, over the World's HTTP seam, as the admin centers make them.

Entra: the device registration policy ("Users may join devices to Microsoft Entra"), per-user MFA,
Conditional Access. Intune: settings catalog policies (``/beta/deviceManagement/configurationPolicies``),
their assignments and device statuses. A refusal is an :class:`AdminCenterError` with Graph's answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import httpx

from psso_sim.entra.models import JoinPermission
from psso_sim.errors import SimError

__all__ = ["ASSIGNMENT_TARGETS", "GRAPH", "AdminCenterError", "GraphClient"]

GRAPH = "https://graph.microsoft.com"
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


class GraphClient:
    def __init__(self, http: httpx.Client) -> None:
        self._http = http

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

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self._http.request(method, GRAPH + path, json=body)
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
