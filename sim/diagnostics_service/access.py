"""Who may read a diagnostic bundle: the tenant's administrators, never whoever knows the incident ID.

A bundle holds a Mac's logs (user names, device IDs, tokens' traces): support reads it with an access
token for Microsoft Graph of the same tenant (Graph's own check, :func:`psso_sim.graph.authz.caller_of`:
401 InvalidAuthenticationToken otherwise), signed in as a Global Administrator or an Intune Administrator
(403 Forbidden otherwise). The incident ID is eight characters a user reads out over the phone: a name,
not a secret.
"""

from __future__ import annotations

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.models import DirectoryRole
from psso_sim.graph.authz import caller_of
from psso_sim.graph.errors import GraphForbidden

__all__ = ["BUNDLE_READERS", "require_tenant_admin"]

BUNDLE_READERS = frozenset({DirectoryRole.GLOBAL_ADMINISTRATOR, DirectoryRole.INTUNE_ADMINISTRATOR})


def require_tenant_admin(entra: EntraBackend, authorization: str) -> str:
    """The signed-in administrator's user principal name; 401 without a valid token, 403 for anyone else."""
    user = caller_of(authorization, entra.tokens, entra.directory).user
    if not BUNDLE_READERS & set(user.roles):
        raise GraphForbidden(f"{user.user_principal_name} is not an administrator of this tenant: only a Global "
                             "Administrator or an Intune Administrator reads diagnostic reports", code="Forbidden")
    return user.user_principal_name
