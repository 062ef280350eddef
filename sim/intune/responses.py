"""Intune's HTTP surface: Company Portal's enrollment API, Apple MDM check-in, Graph."""

from __future__ import annotations

import base64
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field

from psso_sim.intune.backend import IntuneBackend
from psso_sim.intune.models import ManagedDevice
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
        return json_response(_device_json(device))

    def server(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(StatusReport, request)
        command = self.backend.check_in(
            body.UDID, facts=body.Facts,
            acknowledged=body.CommandUUID if body.Status in ("Acknowledged", "Error") else None,
            error=body.ErrorChain if body.Status == "Error" else None,
        )
        if command is None:
            return httpx.Response(200)
        return json_response(
            {"CommandUUID": command.command_uuid,
             "Command": {"RequestType": command.request_type,
                         "Payload": base64.b64encode(command.payload).decode()}}
        )

    def list_managed_devices(self, request: httpx.Request) -> httpx.Response:
        return json_response({"value": [_device_json(d) for d in self.backend.devices.values()]})

    def get_managed_device(self, request: httpx.Request, device_id: str) -> httpx.Response:
        return json_response(_device_json(self.backend.device(device_id)))


def _device_json(device: ManagedDevice) -> dict[str, Any]:
    return {
        "id": device.id,
        "deviceName": device.device_name,
        "serialNumber": device.serial_number,
        "osVersion": device.os_version,
        "userPrincipalName": device.user_principal_name,
        "isSupervised": device.is_supervised,
        "managementAgent": device.management_agent,
        "managedBy": device.managed_by,
        "azureADDeviceId": device.azure_ad_device_id,
        "complianceState": device.compliance_state.value,
    }
