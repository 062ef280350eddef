"""Simulated Microsoft Intune: enrollment, MDM commands, configuration profiles (settings catalog policies
and template profiles, errors 10001 and 10002), compliance, and the Intune admin center (admin_center)."""

from psso_sim.intune.backend import ENROLLMENT_HOST, INTUNE_RESOURCE, IntuneBackend
from psso_sim.intune.models import ALL_USERS, CompliancePolicy, ComplianceState, ManagedDevice, ProfileStatus
from psso_sim.intune.urls import intune_routes

__all__ = [
    "ALL_USERS",
    "ENROLLMENT_HOST",
    "INTUNE_RESOURCE",
    "CompliancePolicy",
    "ComplianceState",
    "IntuneBackend",
    "ManagedDevice",
    "ProfileStatus",
    "intune_routes",
]
