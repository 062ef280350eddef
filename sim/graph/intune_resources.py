"""Intune's Graph resources in their shapes: managedDevice (v1.0), settings catalog policies (beta
``configurationPolicies``), template profiles (v1.0 ``deviceConfigurations``), device statuses; and the
bodies Intune's Graph endpoints take."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from psso_sim.graph.odata import EntitySet
from psso_sim.intune.configuration_policies import ConfigurationPolicy, PolicyDeviceStatus
from psso_sim.intune.device_configurations import DeviceConfiguration
from psso_sim.intune.models import ALL_DEVICES, ALL_USERS, ManagedDevice

__all__ = [
    "CONFIGURATION_POLICIES",
    "DEVICE_CONFIGURATIONS",
    "DEVICE_STATUSES",
    "MANAGED_DEVICES",
    "TARGETS",
    "AssignBody",
    "ConfigurationPolicyBody",
    "configuration_json",
    "managed_device_json",
    "policy_json",
    "status_json",
]


def _intune(name: str, entity_type: str, properties: tuple[str, ...], filterable: set[str]) -> EntitySet:
    return EntitySet(name, entity_type, properties, frozenset(filterable), page_size=1000, max_top=1000,
                     unsupported_query_code="BadRequest", bad_request_code="BadRequest")


MANAGED_DEVICES = _intune(
    "deviceManagement/managedDevices", "microsoft.graph.managedDevice",
    ("id", "deviceName", "serialNumber", "operatingSystem", "osVersion", "model", "manufacturer",
     "userPrincipalName", "emailAddress", "isSupervised", "managementAgent", "managedDeviceOwnerType",
     "deviceEnrollmentType", "azureADDeviceId", "azureADRegistered", "complianceState", "enrolledDateTime",
     "lastSyncDateTime"),
    {"id", "deviceName", "serialNumber", "operatingSystem", "osVersion", "userPrincipalName", "managementAgent",
     "deviceEnrollmentType", "azureADDeviceId", "complianceState", "isSupervised"},
)
CONFIGURATION_POLICIES = _intune(
    "deviceManagement/configurationPolicies", "microsoft.graph.deviceManagementConfigurationPolicy",
    ("id", "name", "description", "platforms", "technologies", "roleScopeTagIds", "createdDateTime",
     "settingCount", "isAssigned", "settings", "assignments"),
    {"id", "name", "platforms", "technologies"},
)
DEVICE_CONFIGURATIONS = _intune(
    "deviceManagement/deviceConfigurations", "microsoft.graph.deviceConfiguration",
    ("id", "displayName", "isAssigned", "assignments"), {"id", "displayName"},
)
DEVICE_STATUSES = _intune(
    "deviceManagement/deviceStatuses", "microsoft.graph.deviceConfigurationDeviceStatus",
    ("deviceName", "userPrincipalName", "status", "errorDescription"), {"deviceName", "userPrincipalName", "status"},
)

# Graph's assignment targets: All users, All devices (groups are not simulated).
TARGETS = {
    "#microsoft.graph.allLicensedUsersAssignmentTarget": ALL_USERS,
    "#microsoft.graph.allDevicesAssignmentTarget": ALL_DEVICES,
}


class SettingValue(BaseModel):
    """One configured setting: a flattened form of Graph's ``settingInstance`` (its definition and value)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    settingDefinitionId: str = Field(min_length=1)
    value: Any


class ConfigurationPolicyBody(BaseModel):
    """``POST``/``PUT /beta/deviceManagement/configurationPolicies``: a settings catalog policy."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    name: str = Field(min_length=1)
    description: str = ""
    platforms: Literal["macOS"]
    technologies: str = "mdm,appleRemoteManagement"
    roleScopeTagIds: list[str] = Field(default_factory=lambda: ["0"])
    settings: list[SettingValue]


class AssignmentTarget(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)
    odata_type: Literal["#microsoft.graph.allLicensedUsersAssignmentTarget",
                        "#microsoft.graph.allDevicesAssignmentTarget"] = Field(alias="@odata.type")


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    target: AssignmentTarget


class AssignBody(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    assignments: list[Assignment]

    def targets(self) -> list[str]:
        return [TARGETS[a.target.odata_type] for a in self.assignments]


def _time(value: Any) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def managed_device_json(device: ManagedDevice, enrollment_type: str) -> dict[str, Any]:
    return {
        "id": device.id,
        "deviceName": device.device_name,
        "serialNumber": device.serial_number,
        "operatingSystem": "macOS",
        "osVersion": device.os_version,
        "model": "Mac",
        "manufacturer": "Apple",
        "userPrincipalName": device.user_principal_name,
        "emailAddress": device.user_principal_name,
        "isSupervised": device.is_supervised,
        "managementAgent": device.management_agent,
        "managedDeviceOwnerType": "company",
        "deviceEnrollmentType": enrollment_type,
        "azureADDeviceId": device.azure_ad_device_id,
        "azureADRegistered": device.azure_ad_device_id is not None,
        "complianceState": device.compliance_state.value,
        "enrolledDateTime": _time(device.enrolled_at),
        "lastSyncDateTime": _time(device.last_sync),
    }


def status_json(status: PolicyDeviceStatus) -> dict[str, Any]:
    return {"deviceName": status.device.device_name, "userPrincipalName": status.device.user_principal_name,
            "status": status.status.value, "errorDescription": status.detail}


def _assignments_json(assignments: tuple[str, ...]) -> list[dict[str, Any]]:
    targets = {target: kind for kind, target in TARGETS.items()}
    return [{"target": {"@odata.type": targets.get(t, t)}} for t in assignments]


def configuration_json(configuration: DeviceConfiguration) -> dict[str, Any]:
    return {"@odata.type": configuration.odata_type, "id": configuration.id,
            "displayName": configuration.display_name, "isAssigned": bool(configuration.assignments),
            "assignments": _assignments_json(configuration.assignments)}


def policy_json(policy: ConfigurationPolicy) -> dict[str, Any]:
    return {
        "id": policy.id,
        "name": policy.name,
        "description": policy.description,
        "platforms": policy.platforms,
        "technologies": policy.technologies,
        "roleScopeTagIds": list(policy.role_scope_tag_ids),
        "createdDateTime": policy.created.isoformat(),
        "settingCount": len(policy.settings),
        "isAssigned": policy.is_assigned,
        "settings": [{"settingDefinitionId": d, "value": v} for d, v in policy.settings],
        "assignments": _assignments_json(policy.assignments),
    }
