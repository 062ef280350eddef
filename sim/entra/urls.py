"""The endpoints simulated Entra ID answers, by real host."""

from __future__ import annotations

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.responses import EntraResponses
from psso_sim.network.service import Endpoint, ServiceRoutes

__all__ = ["LOGIN_HOST", "REGISTRATION_HOST", "entra_routes"]

LOGIN_HOST = "login.microsoftonline.com"
REGISTRATION_HOST = "enterpriseregistration.windows.net"
_T = r"^/(?P<tenant>[^/]+)"


def entra_routes(backend: EntraBackend) -> ServiceRoutes:
    from psso_sim.graph.entra_routes import entra_graph_endpoints  # psso_sim.graph imports psso_sim.entra

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
            Endpoint("GET", LOGIN_HOST, r"^/common/userrealm/(?P<username>[^/]+)$", r.user_realm,
                     "user realm discovery (managed or federated domain)"),
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
            *entra_graph_endpoints(backend),  # graph.microsoft.com: psso_sim.graph
        ],
    )
