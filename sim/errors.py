"""Errors raised by the simulation.

Every message starts with the subsystem and shows the offending value, e.g.
``SIM/intune: unknown device 'abc'``, and where it helps says what would be right.
"""

from __future__ import annotations

__all__ = ["NotModelled", "SimError", "UnexpectedRequest"]


class NotModelled(Exception):
    """Mixed into an error for a part of the real product the simulation does not model (a Templates
    profile, a command option): a check that meets it cannot say whether the document is right."""


class SimError(Exception):
    """Base of every error the simulation raises on purpose."""

    subsystem = "sim"

    def __init__(self, message: str, *, hint: str | None = None, subsystem: str | None = None) -> None:
        self.message = message
        self.hint = hint
        if subsystem is not None:
            self.subsystem = subsystem
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"SIM/{self.subsystem}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class UnexpectedRequest(SimError):
    """A simulated device sent a request no simulated service answers."""

    subsystem = "network"
