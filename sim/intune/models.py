"""Entities of simulated Microsoft Intune."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from psso_sim.intune.profiles import ConfigurationProfile

__all__ = [
    "ALL_DEVICES",
    "ALL_USERS",
    "CompliancePolicy",
    "ComplianceState",
    "ManagedDevice",
    "MdmCommand",
    "ProfileAssignment",
    "ProfileStatus",
]

ALL_USERS = "All users"
ALL_DEVICES = "All devices"  # every managed device, whoever its user ("Add all devices")


class ComplianceState(StrEnum):
    UNKNOWN = "unknown"
    COMPLIANT = "compliant"
    NONCOMPLIANT = "noncompliant"


@dataclass(frozen=True)
class ManagedDevice:
    id: str
    udid: str
    serial_number: str
    device_name: str
    os_version: str
    user_principal_name: str
    enrolled_at: datetime
    managed_by: str  # the organisation shown on the Mac: "supervised and managed by <org>"
    is_supervised: bool = True
    management_agent: str = "mdm"
    azure_ad_device_id: str | None = None
    psso_registered: bool = False
    compliance_state: ComplianceState = ComplianceState.UNKNOWN
    noncompliance_reasons: tuple[str, ...] = ()
    last_sync: datetime | None = None
    installed_profiles: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompliancePolicy:
    """What Intune requires of a Mac. Targeting a user for PSSO adds the PSSO rule."""

    name: str
    minimum_os_version: int = 13
    require_platform_sso_registration: bool = True


@dataclass(frozen=True)
class ProfileAssignment:
    profile: ConfigurationProfile
    users: frozenset[str] = frozenset({ALL_USERS})  # user principal names, All users or All devices

    def targets(self, user_principal_name: str) -> bool:
        """Whether a device enrolled for this user receives the profile (every Mac here has a user)."""
        return bool(self.users & {ALL_USERS, ALL_DEVICES}) or user_principal_name in self.users


class ProfileStatus(StrEnum):
    PENDING = "Pending"
    SUCCEEDED = "Succeeded"
    ERROR = "Error"


@dataclass(frozen=True)
class MdmCommand:
    command_uuid: str
    request_type: str  # Apple MDM RequestType, e.g. "InstallProfile"
    profile_identifier: str
    payload: bytes = field(repr=False)
