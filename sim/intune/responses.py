"""Intune's HTTP surface: Company Portal's enrollment API, Apple MDM check-in, Graph."""

from __future__ import annotations

import base64
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from psso_sim.intune.backend import IntuneBackend
from psso_sim.intune.configuration_policies import ConfigurationPolicy, PolicyDeviceStatus
from psso_sim.intune.device_configurations import DeviceConfiguration
from psso_sim.intune.models import ALL_DEVICES, ALL_USERS, ManagedDevice
from psso_sim.intune.required_apps import InstallApplication
from psso_sim.network.service import json_response, parse_body

__all__ = ["IntuneResponses"]


class CheckInMessage(BaseModel):
    """Apple's check-in request: Authenticate then TokenUpdate, sent together here."""

    model_config = ConfigDict(extra="forbid")
    MessageType: str = Field(pattern="^Authenticate$")
    Challenge: str
    UDID: str
    SerialNumber: str
    OSVersion: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    DeviceName: str
    PushToken: str


class StatusReport(BaseModel):
    """A device's report to the MDM server URL; the answer is its next command."""

    model_config = ConfigDict(extra="forbid")
    UDID: str
    Status: str = Field(pattern="^(Idle|Acknowledged|Error)$")
    CommandUUID: str | None = None
    ErrorChain: str | None = None
    Facts: dict[str, Any] = Field(default_factory=dict)


class CloudConfigurationRequest(BaseModel):
    """Setup Assistant's request for the Mac's cloud configuration (and, signed in, its management profile)."""

    model_config = ConfigDict(extra="forbid")
    serial_number: str = Field(pattern=r"^[A-Z0-9]{10,14}$")


class SettingValue(BaseModel):
    """One configured setting: a flattened form of Graph's ``settingInstance`` (its definition and value)."""

    model_config = ConfigDict(extra="forbid")
    settingDefinitionId: str = Field(min_length=1)
    value: Any


class ConfigurationPolicyBody(BaseModel):
    """``POST``/``PUT /beta/deviceManagement/configurationPolicies``: a settings catalog policy."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    description: str = ""
    platforms: Literal["macOS"]
    technologies: str = "mdm,appleRemoteManagement"
    roleScopeTagIds: list[str] = Field(default_factory=lambda: ["0"])
    settings: list[SettingValue]


# Graph's assignment targets: All users, All devices (groups are not simulated).
TARGETS = {
    "#microsoft.graph.allLicensedUsersAssignmentTarget": ALL_USERS,
    "#microsoft.graph.allDevicesAssignmentTarget": ALL_DEVICES,
}


class AssignmentTarget(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    odata_type: Literal["#microsoft.graph.allLicensedUsersAssignmentTarget",
                        "#microsoft.graph.allDevicesAssignmentTarget"] = Field(alias="@odata.type")


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: AssignmentTarget


class AssignBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignments: list[Assignment]


def _bearer(request: httpx.Request) -> str:
    return str(request.headers.get("authorization", "")).partition(" ")[2]


class IntuneResponses:
    def __init__(self, backend: IntuneBackend) -> None:
        self.backend = backend

    def branding(self, request: httpx.Request) -> httpx.Response:
        return json_response(self.backend.branding(_bearer(request)))

    def device_status(self, request: httpx.Request, udid: str) -> httpx.Response:
        return json_response(self.backend.device_status(_bearer(request), udid).as_json())

    def management_profile(self, request: httpx.Request) -> httpx.Response:
        content = self.backend.management_profile(_bearer(request))
        return httpx.Response(200, content=content, headers={"content-type": "application/x-apple-aspen-config"})

    def check_in(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(CheckInMessage, request)
        device = self.backend.authenticate(
            body.Challenge, udid=body.UDID, serial_number=body.SerialNumber, os_version=body.OSVersion,
            device_name=body.DeviceName, push_token=body.PushToken,
        )
        return json_response(self._device_json(device))

    def server(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(StatusReport, request)
        command = self.backend.check_in(
            body.UDID, facts=body.Facts,
            acknowledged=body.CommandUUID if body.Status in ("Acknowledged", "Error") else None,
            error=body.ErrorChain if body.Status == "Error" else None,
        )
        if command is None:
            return httpx.Response(200)
        if isinstance(command, InstallApplication):
            return json_response({"CommandUUID": command.command_uuid,
                                  "Command": {"RequestType": command.request_type, "ManifestURL": command.manifest_url,
                                              "ManagementFlags": 1}})
        return json_response(
            {"CommandUUID": command.command_uuid,
             "Command": {"RequestType": command.request_type,
                         "Payload": base64.b64encode(command.payload).decode()}}
        )

    # Automated Device Enrollment: the Mac in Setup Assistant, by serial number
    def ade_configuration(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(CloudConfigurationRequest, request)
        return json_response(self.backend.automated_enrollment.cloud_configuration(body.serial_number))

    def ade_management_profile(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(CloudConfigurationRequest, request)
        content = self.backend.automated_enrollment.management_profile(_bearer(request), body.serial_number)
        return httpx.Response(200, content=content, headers={"content-type": "application/x-apple-aspen-config"})

    # required apps
    def app_manifest(self, request: httpx.Request, app_id: str) -> httpx.Response:
        return httpx.Response(200, content=self.backend.required_apps.manifest(app_id),
                              headers={"content-type": "application/xml"})

    def app_package(self, request: httpx.Request, app_id: str) -> httpx.Response:
        return httpx.Response(200, content=self.backend.required_apps.package(app_id),
                              headers={"content-type": "application/octet-stream"})

    def get_file_vault_key(self, request: httpx.Request, device_id: str) -> httpx.Response:
        return json_response({"value": self.backend.recovery_keys.get_file_vault_key(device_id)})

    def list_managed_devices(self, request: httpx.Request) -> httpx.Response:
        return json_response({"value": [self._device_json(d) for d in self.backend.devices.values()]})

    def get_managed_device(self, request: httpx.Request, device_id: str) -> httpx.Response:
        return json_response(self._device_json(self.backend.device(device_id)))

    def _device_json(self, device: ManagedDevice) -> dict[str, Any]:
        return _device_json(device, self.backend.automated_enrollment.enrollment_type(device.id))

    # settings catalog (Graph beta)
    def create_configuration_policy(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(ConfigurationPolicyBody, request)
        policy = self.backend.configuration_policies.create(
            body.name, body.description, {s.settingDefinitionId: s.value for s in body.settings},
            platforms=body.platforms, technologies=body.technologies, role_scope_tag_ids=body.roleScopeTagIds)
        return json_response(_policy_json(policy), status=201)

    def list_configuration_policies(self, request: httpx.Request) -> httpx.Response:
        policies = self.backend.configuration_policies.policies.values()
        return json_response({"value": [_policy_json(p) for p in policies]})

    def get_configuration_policy(self, request: httpx.Request, policy_id: str) -> httpx.Response:
        return json_response(_policy_json(self.backend.configuration_policies.get(policy_id)))

    def update_configuration_policy(self, request: httpx.Request, policy_id: str) -> httpx.Response:
        body = parse_body(ConfigurationPolicyBody, request)
        policy = self.backend.configuration_policies.update(
            policy_id, {s.settingDefinitionId: s.value for s in body.settings}, name=body.name,
            description=body.description)
        return json_response(_policy_json(policy))

    def assign_configuration_policy(self, request: httpx.Request, policy_id: str) -> httpx.Response:
        body = parse_body(AssignBody, request)
        targets = [TARGETS[a.target.odata_type] for a in body.assignments]
        self.backend.configuration_policies.assign(policy_id, targets)
        return httpx.Response(204)

    def configuration_policy_device_statuses(self, request: httpx.Request, policy_id: str) -> httpx.Response:
        return _statuses_json(self.backend.configuration_policies.device_statuses(policy_id))

    # profiles from templates (Device features...): v1.0 deviceConfigurations
    def list_device_configurations(self, request: httpx.Request) -> httpx.Response:
        return json_response({"value": [_configuration_json(c) for c in self.backend.device_configurations.list()]})

    def assign_device_configuration(self, request: httpx.Request, configuration_id: str) -> httpx.Response:
        body = parse_body(AssignBody, request)
        self.backend.device_configurations.assign(configuration_id, [TARGETS[a.target.odata_type]
                                                                     for a in body.assignments])
        return httpx.Response(204)

    def device_configuration_device_statuses(self, request: httpx.Request, configuration_id: str) -> httpx.Response:
        configuration = self.backend.device_configurations.get(configuration_id)
        return _statuses_json(self.backend.profile_device_statuses(configuration.profile.payload_identifier))


def _statuses_json(statuses: list[PolicyDeviceStatus]) -> httpx.Response:
    return json_response({"value": [
        {"deviceName": s.device.device_name, "userPrincipalName": s.device.user_principal_name,
         "status": s.status.value, "errorDescription": s.detail} for s in statuses]})


def _assignments_json(assignments: tuple[str, ...]) -> list[dict[str, Any]]:
    targets = {target: kind for kind, target in TARGETS.items()}
    return [{"target": {"@odata.type": targets.get(t, t)}} for t in assignments]


def _configuration_json(configuration: DeviceConfiguration) -> dict[str, Any]:
    return {"id": configuration.id, "displayName": configuration.display_name,
            "@odata.type": configuration.odata_type, "isAssigned": bool(configuration.assignments),
            "assignments": _assignments_json(configuration.assignments)}


def _policy_json(policy: ConfigurationPolicy) -> dict[str, Any]:
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


def _device_json(device: ManagedDevice, enrollment_type: str) -> dict[str, Any]:
    return {
        "id": device.id,
        "deviceName": device.device_name,
        "serialNumber": device.serial_number,
        "osVersion": device.os_version,
        "userPrincipalName": device.user_principal_name,
        "isSupervised": device.is_supervised,
        "managementAgent": device.management_agent,
        "managedBy": device.managed_by,
        "deviceEnrollmentType": enrollment_type,
        "azureADDeviceId": device.azure_ad_device_id,
        "complianceState": device.compliance_state.value,
    }
