"""Simulated Microsoft Entra ID: directory, sign-in and tokens, device registration."""

from psso_sim.entra.backend import EntraBackend
from psso_sim.entra.models import ConditionalAccessGrant, ConditionalAccessPolicy, JoinPermission
from psso_sim.entra.urls import entra_routes

__all__ = ["ConditionalAccessGrant", "ConditionalAccessPolicy", "EntraBackend", "JoinPermission", "entra_routes"]
