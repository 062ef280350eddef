"""The endpoints simulated Intune answers, by real host."""

from __future__ import annotations

from psso_sim.intune.backend import ENROLLMENT_HOST, IntuneBackend
from psso_sim.intune.responses import IntuneResponses
from psso_sim.network.service import Endpoint, ServiceRoutes

__all__ = ["intune_routes"]

GRAPH_HOST = "graph.microsoft.com"


def intune_routes(backend: IntuneBackend) -> ServiceRoutes:
    r = IntuneResponses(backend)
    return ServiceRoutes(
        "Intune",
        [
            Endpoint("GET", ENROLLMENT_HOST, r"^/enrollment/branding$", r.branding, "Company Portal branding"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/enrollment/managementprofile$", r.management_profile,
                     "download the Management Profile"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/companyportal/devices/(?P<udid>[^/]+)/status$",
                     r.device_status, "Company Portal Devices tab: compliance and action items"),
            Endpoint("PUT", ENROLLMENT_HOST, r"^/mdm/checkin$", r.check_in, "MDM check-in (enroll)"),
            Endpoint("PUT", ENROLLMENT_HOST, r"^/mdm/server$", r.server, "MDM status and next command"),
            Endpoint("GET", GRAPH_HOST, r"^/v1\.0/deviceManagement/managedDevices$", r.list_managed_devices,
                     "list managed devices"),
            Endpoint("GET", GRAPH_HOST, r"^/v1\.0/deviceManagement/managedDevices/(?P<device_id>[^/]+)$",
                     r.get_managed_device, "get a managed device"),
        ],
    )
