"""Who may call which Graph operation: the bearer token, the signed-in user, their directory roles.

Every Graph request needs ``Authorization: Bearer <access token>`` that Entra issued for
``https://graph.microsoft.com`` and that is still valid (else 401 ``InvalidAuthenticationToken``). What the
call may do is the delegated model's: the permission an operation needs (the names of Graph's permissions
reference) must be one the signed-in user holds, by default as a member or through a directory role
(else 403). Members read their own profile and other users' basic profiles (``User.ReadBasic.All``, the
default user permissions) and their own devices; changing tenant policies, listing every device or
reading Intune's managed devices needs an administrator role. Application permissions (client
credentials) are not simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import InvalidAccessToken
from psso_sim.entra.models import DirectoryRole, Grant, User
from psso_sim.entra.tokens import TokenService
from psso_sim.graph.errors import GraphForbidden, InvalidAuthenticationToken

if TYPE_CHECKING:
    import httpx

__all__ = ["GRAPH_RESOURCE", "MEMBER_PERMISSIONS", "ROLE_PERMISSIONS", "Caller", "Permission", "authenticate",
           "caller_of"]

GRAPH_RESOURCE = "https://graph.microsoft.com"
_R = DirectoryRole


class Permission(StrEnum):
    USER_READ = "User.Read"
    USER_READ_BASIC_ALL = "User.ReadBasic.All"
    DEVICE_READ_ALL = "Device.Read.All"
    POLICY_READ_DEVICE_CONFIGURATION = "Policy.Read.DeviceConfiguration"
    POLICY_READWRITE_DEVICE_CONFIGURATION = "Policy.ReadWrite.DeviceConfiguration"
    POLICY_READ_ALL = "Policy.Read.All"
    POLICY_READWRITE_CONDITIONAL_ACCESS = "Policy.ReadWrite.ConditionalAccess"
    POLICY_READWRITE_AUTHENTICATION_METHOD = "Policy.ReadWrite.AuthenticationMethod"
    MANAGED_DEVICES_READ_ALL = "DeviceManagementManagedDevices.Read.All"
    MANAGED_DEVICES_PRIVILEGED_OPERATIONS = "DeviceManagementManagedDevices.PrivilegedOperations.All"
    CONFIGURATION_READ_ALL = "DeviceManagementConfiguration.Read.All"
    CONFIGURATION_READWRITE_ALL = "DeviceManagementConfiguration.ReadWrite.All"


_P = Permission
MEMBER_PERMISSIONS = frozenset({_P.USER_READ, _P.USER_READ_BASIC_ALL})
"""What every member user may do (their own profile and devices come with User.Read)."""

_READER = frozenset({_P.DEVICE_READ_ALL, _P.POLICY_READ_DEVICE_CONFIGURATION, _P.POLICY_READ_ALL,
                     _P.MANAGED_DEVICES_READ_ALL, _P.CONFIGURATION_READ_ALL})
ROLE_PERMISSIONS: dict[DirectoryRole, frozenset[Permission]] = {
    _R.GLOBAL_ADMINISTRATOR: frozenset(Permission),
    _R.GLOBAL_READER: _READER,
    _R.INTUNE_ADMINISTRATOR: frozenset({
        _P.DEVICE_READ_ALL, _P.POLICY_READ_DEVICE_CONFIGURATION, _P.MANAGED_DEVICES_READ_ALL,
        _P.MANAGED_DEVICES_PRIVILEGED_OPERATIONS, _P.CONFIGURATION_READ_ALL, _P.CONFIGURATION_READWRITE_ALL}),
    _R.CLOUD_DEVICE_ADMINISTRATOR: frozenset({
        _P.DEVICE_READ_ALL, _P.POLICY_READ_DEVICE_CONFIGURATION, _P.POLICY_READWRITE_DEVICE_CONFIGURATION}),
    _R.CONDITIONAL_ACCESS_ADMINISTRATOR: frozenset({_P.POLICY_READ_ALL, _P.POLICY_READWRITE_CONDITIONAL_ACCESS}),
    _R.AUTHENTICATION_POLICY_ADMINISTRATOR: frozenset({_P.POLICY_READ_ALL, _P.POLICY_READWRITE_AUTHENTICATION_METHOD}),
    _R.AUTHENTICATION_ADMINISTRATOR: frozenset({_P.POLICY_READWRITE_AUTHENTICATION_METHOD}),
}
"""Each role's effective Graph permissions (least-privileged roles from Graph's API reference)."""

# Per-user MFA (strongAuthenticationRequirements) is the authentication administrators' job; in this table
# it rides on Policy.ReadWrite.AuthenticationMethod, which Graph's reference lists for it.


@dataclass(frozen=True)
class Caller:
    """The signed-in user behind a Graph request, and what their roles let them do."""

    user: User
    grant: Grant
    permissions: frozenset[Permission]

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission, *, code: str = "Authorization_RequestDenied") -> None:
        if not self.may(permission):
            roles = ", ".join(sorted(r.value for r in self.user.roles)) or "none"
            raise GraphForbidden(
                "Insufficient privileges to complete the operation.", code=code,
                hint=f"needs {permission.value}; {self.user.user_principal_name}'s directory roles: {roles}")


def authenticate(request: httpx.Request, tokens: TokenService, directory: Directory) -> Caller:
    """The caller of a Graph request, from its bearer token; 401 without a valid token for Graph."""
    return caller_of(str(request.headers.get("authorization", "")), tokens, directory)


def caller_of(authorization: str, tokens: TokenService, directory: Directory) -> Caller:
    """The caller an ``Authorization`` header names (``Bearer <Graph access token>``); 401 otherwise."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidAuthenticationToken("Access token is empty.")
    try:
        grant = tokens.validate(token.strip(), GRAPH_RESOURCE)
    except InvalidAccessToken as error:
        raise InvalidAuthenticationToken(f"Access token validation failure: {error.message}") from None
    user = directory.users.get(grant.user_id)
    if user is None or not user.account_enabled:
        raise InvalidAuthenticationToken("Access token validation failure: the signed-in user no longer exists "
                                         "or is disabled.")
    permissions = MEMBER_PERMISSIONS.union(*(ROLE_PERMISSIONS[role] for role in user.roles))
    return Caller(user, grant, permissions)
