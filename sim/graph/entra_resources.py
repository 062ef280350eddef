"""Entra's directory objects in Graph v1.0's shapes: user, device, deviceRegistrationPolicy,
conditionalAccessPolicy; and what each collection lets ``$filter`` and ``$select`` use."""

from __future__ import annotations

import uuid
from typing import Any

from psso_sim.entra.models import (
    ConditionalAccessGrant,
    ConditionalAccessPolicy,
    DeviceObject,
    DeviceRegistrationPolicy,
    User,
)
from psso_sim.graph.odata import EntitySet

__all__ = [
    "BUILT_IN_CONTROLS",
    "CONDITIONAL_ACCESS_POLICIES",
    "DEVICES",
    "DEVICE_REGISTRATION_POLICY",
    "USERS",
    "conditional_access_policy_id",
    "conditional_access_policy_json",
    "device_json",
    "device_registration_policy_json",
    "user_json",
]

USERS = EntitySet(
    "users", "microsoft.graph.user",
    ("id", "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
     "preferredLanguage", "surname", "userPrincipalName", "accountEnabled"),
    frozenset({"id", "displayName", "userPrincipalName", "mail", "givenName", "surname", "accountEnabled"}),
)
DEVICES = EntitySet(
    "devices", "microsoft.graph.device",
    ("id", "accountEnabled", "deviceId", "displayName", "isCompliant", "isManaged", "operatingSystem",
     "operatingSystemVersion", "profileType", "registrationDateTime", "trustType"),
    frozenset({"id", "accountEnabled", "deviceId", "displayName", "isCompliant", "isManaged", "operatingSystem",
               "operatingSystemVersion", "profileType", "trustType"}),
)
DEVICE_REGISTRATION_POLICY = EntitySet(
    "policies/deviceRegistrationPolicy", "microsoft.graph.deviceRegistrationPolicy",
    ("id", "displayName", "description", "userDeviceQuota", "multiFactorAuthConfiguration", "azureADRegistration",
     "azureADJoin", "localAdminPassword"),
    frozenset(),
)
CONDITIONAL_ACCESS_POLICIES = EntitySet(
    "identity/conditionalAccess/policies", "microsoft.graph.conditionalAccessPolicy",
    ("id", "displayName", "state", "createdDateTime", "modifiedDateTime", "conditions", "grantControls",
     "sessionControls"),
    frozenset({"id", "displayName", "state"}),
)
BUILT_IN_CONTROLS = {
    "mfa": ConditionalAccessGrant.MFA,
    "compliantDevice": ConditionalAccessGrant.COMPLIANT_DEVICE,
}
_MEMBERSHIP = {"All": "all", "Selected": "enumerated", "None": "no"}


def user_json(user: User) -> dict[str, Any]:
    given, _, surname = user.display_name.partition(" ")
    return {"id": user.object_id, "businessPhones": [], "displayName": user.display_name,
            "givenName": given or None, "jobTitle": None, "mail": None, "mobilePhone": None,
            "officeLocation": None, "preferredLanguage": None, "surname": surname or None,
            "userPrincipalName": user.user_principal_name, "accountEnabled": user.account_enabled}


def device_json(device: DeviceObject) -> dict[str, Any]:
    return {
        "id": device.object_id,
        "accountEnabled": device.account_enabled,
        "deviceId": device.device_id,
        "displayName": device.display_name,
        "isCompliant": device.is_compliant,
        "isManaged": device.is_managed,
        "operatingSystem": device.operating_system,
        "operatingSystemVersion": device.operating_system_version,
        "profileType": "RegisteredDevice",
        "registrationDateTime": device.registration_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "trustType": device.trust_type,
    }


def device_registration_policy_json(policy: DeviceRegistrationPolicy) -> dict[str, Any]:
    allowed: dict[str, Any] = {"@odata.type": f"#microsoft.graph.{_MEMBERSHIP[policy.join.value]}"
                                              "DeviceRegistrationMembership"}
    if policy.join.value == "Selected":
        allowed |= {"users": sorted(policy.selected_users), "groups": []}
    return {
        "id": "deviceRegistrationPolicy",
        "displayName": "Device Registration Policy",
        "description": "Tenant-wide policy that manages initial provisioning controls using quota restrictions, "
                       "additional authentication and authorization checks",
        "userDeviceQuota": 50,
        "multiFactorAuthConfiguration": "required" if policy.require_mfa else "notRequired",
        "azureADRegistration": {"isAdminConfigurable": False, "allowedToRegister": {
            "@odata.type": "#microsoft.graph.allDeviceRegistrationMembership"}},
        "azureADJoin": {"isAdminConfigurable": True, "allowedToJoin": allowed},
        "localAdminPassword": {"isEnabled": False},
    }


def conditional_access_policy_id(tenant_id: str, name: str) -> str:
    """A stable id for a policy (the directory keys policies by name)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tenant_id}/conditionalAccess/{name}"))


def conditional_access_policy_json(tenant_id: str, policy: ConditionalAccessPolicy) -> dict[str, Any]:
    control = next(k for k, v in BUILT_IN_CONTROLS.items() if v is policy.grant)
    return {
        "id": conditional_access_policy_id(tenant_id, policy.name),
        "displayName": policy.name,
        "state": "enabled" if policy.enabled else "disabled",
        "createdDateTime": None,
        "modifiedDateTime": None,
        "conditions": {"applications": {"includeApplications": sorted(policy.resources)}},
        "grantControls": {"operator": "OR", "builtInControls": [control], "customAuthenticationFactors": [],
                          "termsOfUse": []},
        "sessionControls": None,
    }
