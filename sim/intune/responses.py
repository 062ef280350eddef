"""Intune's HTTP surface: Company Portal's enrollment API, Apple MDM check-in, Graph."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from psso_sim.intune.backend import IntuneBackend
from psso_sim.intune.mdm_identity import CERTIFICATE_HEADER, SIGNATURE_HEADER
from psso_sim.intune.models import ManagedDevice
from psso_sim.intune.required_apps import InstallApplication
from psso_sim.network.service import json_response, parse_body

if TYPE_CHECKING:
    import httpx  # at run time imported where used: `import psso_sim.world` does not load httpx (~35 ms)

__all__ = ["IntuneResponses"]


class CheckInMessage(BaseModel):
    """Apple's check-in request: Authenticate then TokenUpdate, sent together here."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    MessageType: str = Field(pattern="^Authenticate$")
    Challenge: str
    UDID: str
    SerialNumber: str
    OSVersion: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    DeviceName: str
    PushToken: str


class ScepRequest(BaseModel):
    """The SCEP enrollment of the Management Profile's identity: its challenge and the Mac's CSR."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    Challenge: str = Field(min_length=1)
    CSR: str = Field(min_length=1)  # base64 DER PKCS#10


class StatusReport(BaseModel):
    """A device's report to the MDM server URL; the answer is its next command."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    UDID: str
    Status: str = Field(pattern="^(Idle|Acknowledged|Error)$")
    CommandUUID: str | None = None
    ErrorChain: str | None = None
    Facts: dict[str, Any] = Field(default_factory=dict)


class CloudConfigurationRequest(BaseModel):
    """Setup Assistant's request for the Mac's cloud configuration (and, signed in, its management profile)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    serial_number: str = Field(pattern=r"^[A-Z0-9]{10,14}$")


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
        import httpx

        content = self.backend.management_profile(_bearer(request))
        return httpx.Response(200, content=content, headers={"content-type": "application/x-apple-aspen-config"})

    def scep(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(ScepRequest, request)
        return json_response({"Certificate": self.backend.scep(body.Challenge, body.CSR)})

    def check_in(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(CheckInMessage, request)
        signed = (request.content, request.headers.get(CERTIFICATE_HEADER), request.headers.get(SIGNATURE_HEADER))
        device = self.backend.authenticate(
            body.Challenge, udid=body.UDID, serial_number=body.SerialNumber, os_version=body.OSVersion,
            device_name=body.DeviceName, push_token=body.PushToken, signed=signed,
        )
        return json_response(self._device_json(device))

    def server(self, request: httpx.Request) -> httpx.Response:
        import httpx

        body = parse_body(StatusReport, request)
        self.backend.authenticate_check_in(body.UDID, request.content, request.headers.get(SIGNATURE_HEADER))
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
        import httpx

        body = parse_body(CloudConfigurationRequest, request)
        content = self.backend.automated_enrollment.management_profile(_bearer(request), body.serial_number)
        return httpx.Response(200, content=content, headers={"content-type": "application/x-apple-aspen-config"})

    # required apps
    def app_manifest(self, request: httpx.Request, app_id: str) -> httpx.Response:
        import httpx

        return httpx.Response(200, content=self.backend.required_apps.manifest(app_id),
                              headers={"content-type": "application/xml"})

    def app_package(self, request: httpx.Request, app_id: str) -> httpx.Response:
        import httpx

        return httpx.Response(200, content=self.backend.required_apps.package(app_id),
                              headers={"content-type": "application/octet-stream"})

    def _device_json(self, device: ManagedDevice) -> dict[str, Any]:
        return _device_json(device, self.backend.automated_enrollment.enrollment_type(device.id))

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
