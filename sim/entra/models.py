"""Entities of simulated Microsoft Entra ID. Frozen: the directory replaces, never mutates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "ConditionalAccessGrant",
    "ConditionalAccessPolicy",
    "DeviceObject",
    "DeviceRegistrationPolicy",
    "DirectoryRole",
    "Grant",
    "JoinPermission",
    "MfaChallenge",
    "Tenant",
    "TokenKind",
    "User",
]


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    name: str  # the organisation's display name, shown as "Set up <name> access"
    domain: str


class DirectoryRole(StrEnum):
    """Microsoft Entra built-in roles the simulated Graph checks (a user with none is a plain member)."""

    GLOBAL_ADMINISTRATOR = "Global Administrator"
    GLOBAL_READER = "Global Reader"
    INTUNE_ADMINISTRATOR = "Intune Administrator"
    CLOUD_DEVICE_ADMINISTRATOR = "Cloud Device Administrator"
    CONDITIONAL_ACCESS_ADMINISTRATOR = "Conditional Access Administrator"
    AUTHENTICATION_POLICY_ADMINISTRATOR = "Authentication Policy Administrator"
    AUTHENTICATION_ADMINISTRATOR = "Authentication Administrator"


@dataclass(frozen=True)
class User:
    object_id: str
    user_principal_name: str
    display_name: str
    password: str
    mfa_methods: tuple[str, ...] = ("Microsoft Authenticator",)
    per_user_mfa: bool = False  # legacy per-user MFA: enforced on every sign-in, even PSSO's
    account_enabled: bool = True
    password_changed_at: datetime | None = None
    roles: frozenset[DirectoryRole] = frozenset()  # directory role assignments (Graph: roleManagement)


class JoinPermission(StrEnum):
    """ "Users may join devices to Microsoft Entra": All, Selected or None."""

    ALL = "All"
    SELECTED = "Selected"
    NONE = "None"


@dataclass(frozen=True)
class DeviceRegistrationPolicy:
    join: JoinPermission = JoinPermission.ALL
    selected_users: frozenset[str] = frozenset()  # object ids, when join is Selected
    require_mfa: bool = True  # "Require MFA to register or join devices"

    def may_join(self, user: User) -> bool:
        if self.join is JoinPermission.ALL:
            return True
        return self.join is JoinPermission.SELECTED and user.object_id in self.selected_users


class ConditionalAccessGrant(StrEnum):
    MFA = "Require multifactor authentication"
    COMPLIANT_DEVICE = "Require device to be marked as compliant"


@dataclass(frozen=True)
class ConditionalAccessPolicy:
    name: str
    grant: ConditionalAccessGrant
    resources: frozenset[str]  # resource names, e.g. "Office 365"
    enabled: bool = True


@dataclass(frozen=True)
class DeviceObject:
    device_id: str
    object_id: str
    display_name: str
    operating_system: str
    operating_system_version: str
    trust_type: str  # "AzureAd": Microsoft Entra joined
    registered_owner: str  # user object id
    registration_time: datetime
    certificate_thumbprint: str
    certificate_issuer: str
    signing_key: str  # public half (PEM) of the device signing key, from its certificate signing request
    managed_device_id: str | None = None
    is_managed: bool = False
    is_compliant: bool | None = None
    account_enabled: bool = True
    encryption_key: str = ""  # the device encryption key (TransportKey): base64 SubjectPublicKeyInfo DER
    signing_key_id: str = ""  # Apple's kid of the signing key (base64 SHA-256 of its point): login requests name it


class TokenKind(StrEnum):
    ACCESS = "access_token"
    REFRESH = "refresh_token"
    PRT = "primary_refresh_token"


@dataclass(frozen=True)
class Grant:
    token: str
    kind: TokenKind
    user_id: str
    client_id: str
    resource: str
    amr: tuple[str, ...]
    issued_at: datetime
    expires_at: datetime
    device_id: str | None = None
    revoked: bool = False
    key_id: str | None = None  # a PRT bound to a platform credential (the Secure Enclave key)


@dataclass(frozen=True)
class MfaChallenge:
    context: str
    user_id: str
    created_at: datetime
    approved: bool = False
    method: str = field(default="Microsoft Authenticator")
