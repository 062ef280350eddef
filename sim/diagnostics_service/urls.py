"""The endpoints the simulated diagnostics service answers."""

from __future__ import annotations

from psso_sim.diagnostics_service.backend import DIAGNOSTICS_HOST, DiagnosticsBackend
from psso_sim.diagnostics_service.responses import DiagnosticsResponses
from psso_sim.network.service import Endpoint, ServiceRoutes

__all__ = ["diagnostics_routes"]


def diagnostics_routes(backend: DiagnosticsBackend) -> ServiceRoutes:
    r = DiagnosticsResponses(backend)
    return ServiceRoutes(
        "Company Portal diagnostics",
        [
            Endpoint("POST", DIAGNOSTICS_HOST, r"^/incidents$", r.upload, "upload a diagnostic report"),
            Endpoint("GET", DIAGNOSTICS_HOST, r"^/incidents/(?P<incident_id>[A-Z0-9]+)$", r.get,
                     "an incident and its report"),
        ],
    )
