"""Errors of simulated Intune, one class per real failure."""

from __future__ import annotations

from psso_sim.network.service import ServiceError

__all__ = ["EnrollmentChallengeInvalid", "IntuneError", "UnknownManagedDevice", "UnknownProfile"]


class IntuneError(ServiceError):
    subsystem = "intune"


class UnknownManagedDevice(IntuneError):
    status = 404


class EnrollmentChallengeInvalid(IntuneError):
    status = 401


class UnknownProfile(IntuneError):
    status = 404
