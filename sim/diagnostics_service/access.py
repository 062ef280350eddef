"""Who may read a diagnostic bundle: the tenant's administrators, never whoever knows the incident ID.

A bundle holds a Mac's logs (user names, device IDs, tokens' traces): support reads it with an access
token for Microsoft Graph of the same tenant, signed in as a Global Administrator or an Intune
Administrator. The incident ID is eight characters a user reads out over the phone: a name, not a secret.
"""

from __future__ import annotations

from typing import Any

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.models import DirectoryRole
from psso_sim.network.service import ServiceError

__all__ = ["BUNDLE_READERS", "GRAPH_RESOURCE", "BundleAccessDenied", "NotAuthenticated", "require_tenant_admin"]

GRAPH_RESOURCE = "https://graph.microsoft.com"
BUNDLE_READERS = frozenset({DirectoryRole.GLOBAL_ADMINISTRATOR, DirectoryRole.INTUNE_ADMINISTRATOR})


class NotAuthenticated(ServiceError):
    """No valid bearer token: Graph's 401 shape, as the Intune service answers."""

    subsystem = "diagnostics"
    status = 401

    def body(self) -> dict[str, Any]:
        return {"error": {"code": "InvalidAuthenticationToken", "message": self.message}}


class BundleAccessDenied(ServiceError):
    subsystem = "diagnostics"
    status = 403

    def body(self) -> dict[str, Any]:
        return {"error": {"code": "Forbidden", "message": self.message}}


def require_tenant_admin(entra: EntraBackend, authorization: str) -> str:
    """The signed-in administrator's user principal name; 401 without a valid token, 403 for anyone else."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise NotAuthenticated("Access token is empty.")
    try:
        grant = entra.tokens.validate(token, GRAPH_RESOURCE)
    except ServiceError as error:
        raise NotAuthenticated(f"Access token validation failure: {error.message}") from None
    user = entra.directory.users.get(grant.user_id)
    if user is None or not user.account_enabled or not BUNDLE_READERS & set(user.roles):
        who = user.user_principal_name if user is not None else grant.user_id
        raise BundleAccessDenied(f"{who} is not an administrator of this tenant: only a Global Administrator or "
                                 "an Intune Administrator reads diagnostic reports")
    return user.user_principal_name
