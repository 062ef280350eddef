"""The endpoints simulated Entra ID answers, by real host."""

from __future__ import annotations

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.responses import EntraResponses
from psso_sim.network.service import Endpoint, ServiceRoutes

__all__ = ["LOGIN_HOST", "REGISTRATION_HOST", "entra_routes"]

LOGIN_HOST = "login.microsoftonline.com"
REGISTRATION_HOST = "enterpriseregistration.windows.net"
GRAPH_HOST = "graph.microsoft.com"
_T = r"^/(?P<tenant>[^/]+)"


def entra_routes(backend: EntraBackend) -> ServiceRoutes:
    r = EntraResponses(backend)
    return ServiceRoutes(
        "Entra ID",
        [
            Endpoint("POST", LOGIN_HOST, _T + r"/oauth2/v2\.0/token$", r.token, "token endpoint"),
            Endpoint(
                "GET",
                LOGIN_HOST,
                _T + r"/v2\.0/\.well-known/openid-configuration$",
                r.openid_configuration,
                "OpenID configuration",
            ),
            Endpoint("GET", LOGIN_HOST, _T + r"/discovery/v2\.0/keys$", r.keys, "signing keys (JWKS)"),
            Endpoint(
                "POST", REGISTRATION_HOST, r"^/EnrollmentServer/device/?$", r.register_device, "device registration"
            ),
            Endpoint(
                "POST", REGISTRATION_HOST, r"^/EnrollmentServer/device/(?P<device_id>[^/]+)/platformcredential$",
                r.register_platform_credential, "platform credential registration (Secure Enclave key)",
            ),
            Endpoint(
                "DELETE",
                REGISTRATION_HOST,
                r"^/EnrollmentServer/device/(?P<device_id>[^/]+)$",
                r.unregister_device,
                "device unregistration",
            ),
            Endpoint("GET", GRAPH_HOST, r"^/v1\.0/devices$", r.list_devices, "list devices"),
            Endpoint("GET", GRAPH_HOST, r"^/v1\.0/users$", r.list_users, "list users"),
            Endpoint(
                "GET",
                GRAPH_HOST,
                r"^/v1\.0/policies/deviceRegistrationPolicy$",
                r.get_device_registration_policy,
                "device registration policy",
            ),
            Endpoint(
                "PUT",
                GRAPH_HOST,
                r"^/v1\.0/policies/deviceRegistrationPolicy$",
                r.update_device_registration_policy,
                "update device registration policy",
            ),
            Endpoint(
                "PATCH",
                GRAPH_HOST,
                r"^/beta/users/(?P<user>[^/]+)/authentication/requirements$",
                r.update_authentication_requirements,
                "per-user MFA state",
            ),
            Endpoint(
                "POST",
                GRAPH_HOST,
                r"^/v1\.0/identity/conditionalAccess/policies$",
                r.create_conditional_access_policy,
                "create a Conditional Access policy",
            ),
        ],
    )
