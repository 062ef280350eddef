"""The endpoints simulated Intune answers, by real host."""

from __future__ import annotations

from psso_sim.intune.backend import ENROLLMENT_HOST, IntuneBackend
from psso_sim.intune.responses import IntuneResponses
from psso_sim.network.service import Endpoint, ServiceRoutes

__all__ = ["intune_routes"]


def intune_routes(backend: IntuneBackend) -> ServiceRoutes:
    from psso_sim.graph.intune_routes import intune_graph_endpoints  # psso_sim.graph imports psso_sim.intune

    r = IntuneResponses(backend)
    return ServiceRoutes(
        "Intune",
        [
            Endpoint("GET", ENROLLMENT_HOST, r"^/enrollment/branding$", r.branding, "Company Portal branding"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/enrollment/managementprofile$", r.management_profile,
                     "download the Management Profile"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/companyportal/devices/(?P<udid>[^/]+)/status$",
                     r.device_status, "Company Portal Devices tab: compliance and action items"),
            Endpoint("POST", ENROLLMENT_HOST, r"^/mdm/scep$", r.scep, "SCEP: the Mac's MDM identity certificate"),
            Endpoint("PUT", ENROLLMENT_HOST, r"^/mdm/checkin$", r.check_in, "MDM check-in (enroll)"),
            Endpoint("PUT", ENROLLMENT_HOST, r"^/mdm/server$", r.server, "MDM status and next command"),
            Endpoint("POST", ENROLLMENT_HOST, r"^/enrollment/ade/configuration$", r.ade_configuration,
                     "ADE: a Mac's cloud configuration in Setup Assistant, by serial number"),
            Endpoint("POST", ENROLLMENT_HOST, r"^/enrollment/ade/managementprofile$", r.ade_management_profile,
                     "ADE: the management profile for the user signed in on that Mac"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/apps/(?P<app_id>[^/]+)/manifest$", r.app_manifest,
                     "InstallApplication: a required app's manifest"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/apps/(?P<app_id>[^/]+)/package$", r.app_package,
                     "InstallApplication: a required app's package"),
            *intune_graph_endpoints(backend),  # graph.microsoft.com: psso_sim.graph
        ],
    )
