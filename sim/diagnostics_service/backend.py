"""The service behind Company Portal's Help > Send diagnostic report > Email logs.

Company Portal uploads the Mac's diagnostic bundle under the incident ID it shows the user;
support finds the report again by that ID. The real upload host is not in the documents: the
simulation answers on a clearly named one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psso_sim.clock import SimClock
from psso_sim.diagnostics_service.access import require_tenant_admin
from psso_sim.entra.backend import EntraBackend
from psso_sim.network.service import ServiceError
from psso_sim.trace import Trace

__all__ = [
    "DIAGNOSTICS_HOST",
    "INCIDENT_ID_PATTERN",
    "DiagnosticsBackend",
    "DiagnosticsError",
    "DuplicateIncident",
    "Incident",
    "UnknownIncident",
]

DIAGNOSTICS_HOST = "diagnostics.manage.microsoft.com"
INCIDENT_ID_PATTERN = r"^[A-Z0-9]{8}$"


class DiagnosticsError(ServiceError):
    subsystem = "diagnostics"


class UnknownIncident(DiagnosticsError):
    status = 404


class DuplicateIncident(DiagnosticsError):
    status = 409


@dataclass(frozen=True)
class Incident:
    incident_id: str
    received_at: datetime
    application: str
    bundle: dict[str, Any]


class DiagnosticsBackend:
    def __init__(self, clock: SimClock, trace: Trace, entra: EntraBackend) -> None:
        self._clock = clock
        self._trace = trace
        self._entra = entra  # the tenant whose administrators may read the reports
        self.incidents: dict[str, Incident] = {}

    def upload_logs(self, incident_id: str, application: str, bundle: dict[str, Any]) -> Incident:
        if not re.match(INCIDENT_ID_PATTERN, incident_id):
            raise DiagnosticsError(f"malformed incident ID '{incident_id}'", hint="eight capitals or digits")
        if incident_id in self.incidents:
            raise DuplicateIncident(f"incident '{incident_id}' was already uploaded")
        incident = Incident(incident_id, self._clock.now(), application, bundle)
        self.incidents[incident_id] = incident
        self._trace.record("diagnostics", f"incident {incident_id} received from {application}")
        return incident

    def read_incident(self, authorization: str, incident_id: str) -> Incident:
        """Over HTTP: only the tenant's administrator reads a report (:mod:`.access`)."""
        reader = require_tenant_admin(self._entra, authorization)
        incident = self.incident(incident_id)
        self._trace.record("diagnostics", f"incident {incident_id} read by {reader}")
        return incident

    def incident(self, incident_id: str) -> Incident:
        try:
            return self.incidents[incident_id]
        except KeyError:
            known = ", ".join(sorted(self.incidents)) or "none"
            raise UnknownIncident(f"unknown incident '{incident_id}'", hint=f"incidents: {known}") from None
