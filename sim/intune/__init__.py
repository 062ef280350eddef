"""Simulated Microsoft Intune: enrollment, MDM commands, configuration profiles, compliance."""

from sim.intune.backend import ENROLLMENT_HOST, INTUNE_RESOURCE, IntuneBackend
from sim.intune.models import ALL_USERS, CompliancePolicy, ComplianceState, ManagedDevice, ProfileStatus
from sim.intune.urls import intune_routes

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
