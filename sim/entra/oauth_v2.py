"""What the v2.0 endpoint's clients (MSAL) send and expect, beside the token itself.

- A v2.0 token request names ``scope``, not ``resource``: the resource is the scope's URI without its
  last segment (``https://graph.microsoft.com/.default`` is for ``https://graph.microsoft.com``); a bare
  permission (``User.Read``) is Graph's; one request is for one resource (AADSTS28000). The OpenID
  Connect scopes (``openid profile offline_access email``) name no resource.
- ``client_info=1`` asks for ``client_info``: base64url JSON ``{"uid", "utid"}`` (user and tenant), which
  MSAL keys its token cache's accounts by (``home_account_id`` is ``uid.utid``).
- Before a username/password sign-in MSAL asks the user realm (``/common/userrealm/{username}``) whether
  the domain is managed or federated (a federated one would sign in at its own identity provider).
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import unquote

from psso_sim.entra.errors import EntraError

__all__ = ["GRAPH_RESOURCE", "OIDC_SCOPES", "ScopeHasManyResources", "client_info", "resource_of_scope", "user_realm"]

GRAPH_RESOURCE = "https://graph.microsoft.com"
OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})


class ScopeHasManyResources(EntraError):
    code = 28000
    oauth_error = "invalid_scope"


def resource_of_scope(scope: str) -> str:
    """The one resource a v2.0 ``scope`` parameter asks a token for."""
    resources = {_resource(s) for s in scope.split() if s not in OIDC_SCOPES}
    if len(resources) > 1:
        raise ScopeHasManyResources(
            "Provided value for the input parameter scope is not valid because it contains more than one "
            f"resource. Scope {scope} is not valid.",
            hint="ask for one resource's scopes per token request",
        )
    # Only the OpenID Connect scopes: Entra answers with a token for Graph (User.Read).
    return resources.pop() if resources else GRAPH_RESOURCE


def _resource(scope: str) -> str:
    resource, slash, _permission = scope.rpartition("/")
    if not slash:
        return GRAPH_RESOURCE  # a bare permission name is one of Graph's
    if resource.endswith((":", ":/")):  # "https://host" or "api://id" alone: the scope is the resource
        return scope
    return resource  # "https://database.windows.net//.default" is for "https://database.windows.net/"


def client_info(user_object_id: str, tenant_id: str) -> str:
    data = json.dumps({"uid": user_object_id, "utid": tenant_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def user_realm(username: str, tenant_domain: str) -> dict[str, Any]:
    """``GET /common/userrealm/{username}?api-version=1.0``: every simulated tenant's domain is managed."""
    domain = unquote(username).rpartition("@")[2].lower()  # the path segment may escape "@" as %40
    if domain != tenant_domain.lower():
        return {"ver": "1.0", "account_type": "Unknown", "cloud_instance_name": "microsoftonline.com"}
    return {
        "ver": "1.0",
        "account_type": "Managed",
        "domain_name": tenant_domain,
        "cloud_instance_name": "microsoftonline.com",
        "cloud_audience_urn": "urn:federation:MicrosoftOnline",
    }
