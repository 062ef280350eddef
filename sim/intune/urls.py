"""The endpoints simulated Intune answers, by real host."""

from __future__ import annotations

from psso_sim.intune.backend import ENROLLMENT_HOST, IntuneBackend
from psso_sim.intune.responses import IntuneResponses
from psso_sim.network.service import Endpoint, ServiceRoutes

__all__ = ["intune_routes"]

GRAPH_HOST = "graph.microsoft.com"
_POLICIES = r"^/beta/deviceManagement/configurationPolicies"
_POLICY = _POLICIES + r"/(?P<policy_id>[^/]+)"
_CONFIGURATIONS = r"^/v1\.0/deviceManagement/deviceConfigurations"
_CONFIGURATION = _CONFIGURATIONS + r"/(?P<configuration_id>[^/]+)"


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
            Endpoint("POST", ENROLLMENT_HOST, r"^/enrollment/ade/configuration$", r.ade_configuration,
                     "ADE: a Mac's cloud configuration in Setup Assistant, by serial number"),
            Endpoint("POST", ENROLLMENT_HOST, r"^/enrollment/ade/managementprofile$", r.ade_management_profile,
                     "ADE: the management profile for the user signed in on that Mac"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/apps/(?P<app_id>[^/]+)/manifest$", r.app_manifest,
                     "InstallApplication: a required app's manifest"),
            Endpoint("GET", ENROLLMENT_HOST, r"^/apps/(?P<app_id>[^/]+)/package$", r.app_package,
                     "InstallApplication: a required app's package"),
            Endpoint("GET", GRAPH_HOST, r"^/beta/deviceManagement/managedDevices/(?P<device_id>[^/]+)/getFileVaultKey$",
                     r.get_file_vault_key, "a managed Mac's escrowed FileVault recovery key"),
            Endpoint("GET", GRAPH_HOST, r"^/v1\.0/deviceManagement/managedDevices$", r.list_managed_devices,
                     "list managed devices"),
            Endpoint("GET", GRAPH_HOST, r"^/v1\.0/deviceManagement/managedDevices/(?P<device_id>[^/]+)$",
                     r.get_managed_device, "get a managed device"),
            Endpoint("POST", GRAPH_HOST, _POLICIES + "$", r.create_configuration_policy,
                     "create a settings catalog policy"),
            Endpoint("GET", GRAPH_HOST, _POLICIES + "$", r.list_configuration_policies,
                     "list settings catalog policies"),
            Endpoint("GET", GRAPH_HOST, _POLICY + "$", r.get_configuration_policy, "get a settings catalog policy"),
            Endpoint("PUT", GRAPH_HOST, _POLICY + "$", r.update_configuration_policy,
                     "update a settings catalog policy's settings"),
            Endpoint("POST", GRAPH_HOST, _POLICY + "/assign$", r.assign_configuration_policy,
                     "assign a settings catalog policy"),
            Endpoint("GET", GRAPH_HOST, _POLICY + "/deviceStatuses$", r.configuration_policy_device_statuses,
                     "a settings catalog policy's device statuses"),
            Endpoint("GET", GRAPH_HOST, _CONFIGURATIONS + "$", r.list_device_configurations,
                     "list template and custom profiles"),
            Endpoint("POST", GRAPH_HOST, _CONFIGURATION + "/assign$", r.assign_device_configuration,
                     "assign a template or custom profile"),
            Endpoint("GET", GRAPH_HOST, _CONFIGURATION + "/deviceStatuses$", r.device_configuration_device_statuses,
                     "a template or custom profile's device statuses"),
        ],
    )
