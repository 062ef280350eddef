"""The diagnostics service's HTTP surface: each handler parses, calls the backend once, answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from psso_sim.diagnostics_service.backend import INCIDENT_ID_PATTERN, DiagnosticsBackend, Incident
from psso_sim.network.service import json_response, parse_body

if TYPE_CHECKING:
    import httpx

__all__ = ["DiagnosticsResponses", "UploadRequest"]


class UploadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    incidentId: str = Field(pattern=INCIDENT_ID_PATTERN)
    application: str = Field(min_length=1)
    bundle: dict[str, Any]


class DiagnosticsResponses:
    def __init__(self, backend: DiagnosticsBackend) -> None:
        self.backend = backend

    def upload(self, request: httpx.Request) -> httpx.Response:
        body = parse_body(UploadRequest, request)
        incident = self.backend.upload_logs(body.incidentId, body.application, body.bundle)
        return json_response(_incident_json(incident, with_bundle=False), status=201)

    def get(self, request: httpx.Request, incident_id: str) -> httpx.Response:
        incident = self.backend.read_incident(request.headers.get("authorization", ""), incident_id)
        return json_response(_incident_json(incident, with_bundle=True))


def _incident_json(incident: Incident, *, with_bundle: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "incidentId": incident.incident_id,
        "application": incident.application,
        "receivedDateTime": incident.received_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if with_bundle:
        body["bundle"] = incident.bundle
    return body
