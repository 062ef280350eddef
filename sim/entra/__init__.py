"""Simulated Microsoft Entra ID: directory, sign-in and tokens, device registration."""

from sim.entra.backend import EntraBackend
from sim.entra.models import ConditionalAccessGrant, ConditionalAccessPolicy, JoinPermission
from sim.entra.urls import entra_routes

__all__ = ["ConditionalAccessGrant", "ConditionalAccessPolicy", "EntraBackend", "JoinPermission", "entra_routes"]
