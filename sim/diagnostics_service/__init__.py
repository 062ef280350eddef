"""Simulated Company Portal diagnostics service: where "Email logs" uploads a report."""

from psso_sim.diagnostics_service.backend import DIAGNOSTICS_HOST, DiagnosticsBackend, Incident
from psso_sim.diagnostics_service.urls import diagnostics_routes

__all__ = ["DIAGNOSTICS_HOST", "DiagnosticsBackend", "Incident", "diagnostics_routes"]
