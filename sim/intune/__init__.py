"""Simulated Microsoft Intune: enrollment, MDM commands, configuration profiles, compliance."""

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
