"""Errors of simulated Intune, one class per real failure."""

from __future__ import annotations

from psso_sim.network.service import ServiceError

__all__ = ["EnrollmentChallengeInvalid", "IntuneError", "InvalidConfigurationPolicy", "UnknownCommand",
           "UnknownConfigurationPolicy", "UnknownManagedDevice", "UnknownProfile"]


class IntuneError(ServiceError):
    subsystem = "intune"


class UnknownManagedDevice(IntuneError):
    status = 404


class EnrollmentChallengeInvalid(IntuneError):
    status = 401


class UnknownCommand(IntuneError):
    """An acknowledgement for a CommandUUID the server never sent to that device: the MDM server answers
    400 and keeps its queue as it was."""

    status = 400

    def body(self) -> dict[str, str]:
        return {"error": "UnknownCommand", "error_description": f"MDM error: {self.message}"}


class UnknownProfile(IntuneError):
    status = 404


class UnknownConfigurationPolicy(IntuneError):
    status = 404


class InvalidConfigurationPolicy(IntuneError):
    """Graph's 400 for a settings catalog policy its settings cannot make (a wrong value, a missing key)."""

    status = 400
