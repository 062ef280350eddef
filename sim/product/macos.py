"""The macOS releases Platform SSO runs on, one row each: what differs between 13, 14 and 15 is data here.

A behaviour that depends on the macOS version is a field of :class:`MacOSRelease`, read by the model
that needs it (``mac.release.registration_duration``), never an ``if macos_major >= 14`` in that model.
The values come from the documents: the seeds (13, 14) and the current Learn articles (15).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from psso_sim.errors import SimError

__all__ = ["MACOS", "MacOSRelease", "UnsupportedMacOS", "macos_release"]


class UnsupportedMacOS(SimError):
    subsystem = "macos"


@dataclass(frozen=True)
class MacOSRelease:
    major: int
    name: str
    os_version: str
    """The build a new simulated Mac runs (the one the documents were written against)."""
    registration_duration: timedelta
    """'Wait for your device to register': seconds on 14 and later, 'a few minutes' on 13."""
    registration_retry_prompt: timedelta
    """After a failed registration the prompt comes back: 'after about 10 minutes' on 14 and later
    (the Device Registration popup), 'wait a few minutes and try again if prompted' on 13."""
    reads_method_from: str
    """Where the SSO payload's authentication method is read: the top-level ``AuthenticationMethod``
    (13) or ``PlatformSSO`` > ``AuthenticationMethod`` (14 and later)."""
    authentication_methods: frozenset[str]
    """The Platform SSO methods this macOS can use (Apple: SmartCard from 14)."""
    users_and_groups_registration: bool
    """Users & Groups > Network Account Server offers Register and Repair (14 and later; 13 has neither)."""
    entra_registration_prompt: bool
    """Selecting Register first shows a prompt to register the device with Microsoft Entra (14 and later)."""
    shared_device_keys: bool
    """``PlatformSSO`` > ``UseSharedDeviceKeys`` is read (14 and later)."""

    @property
    def title(self) -> str:
        return f"macOS {self.major} {self.name}"


_SONOMA = MacOSRelease(
    14, "Sonoma", "14.1.1", registration_duration=timedelta(seconds=30),
    registration_retry_prompt=timedelta(minutes=10), reads_method_from="PlatformSSO.AuthenticationMethod",
    authentication_methods=frozenset({"Password", "UserSecureEnclaveKey", "SmartCard"}),
    users_and_groups_registration=True, entra_registration_prompt=True, shared_device_keys=True)

MACOS: dict[int, MacOSRelease] = {
    13: MacOSRelease(
        13, "Ventura", "13.6.1", registration_duration=timedelta(minutes=3),
        registration_retry_prompt=timedelta(minutes=5), reads_method_from="AuthenticationMethod",
        authentication_methods=frozenset({"Password", "UserSecureEnclaveKey"}),
        users_and_groups_registration=False, entra_registration_prompt=False, shared_device_keys=False),
    14: _SONOMA,
    # 15.3: the 15.0-15.2 re-registration known issue is fixed there (a Mac can be set to an earlier build).
    15: replace(_SONOMA, major=15, name="Sequoia", os_version="15.3"),
}
"""Every simulated macOS release, by major version (a plain dict: a rule-breaking test swaps a row)."""


def macos_release(major: int, supported: tuple[int, ...] | None = None) -> MacOSRelease:
    """The row for ``major``; ``supported`` narrows it to what a product release covers."""
    versions = tuple(MACOS) if supported is None else supported
    if major not in versions or major not in MACOS:
        names = ", ".join(MACOS[v].title for v in versions if v in MACOS)
        raise UnsupportedMacOS(f"macOS {major} is not simulated here", hint=f"simulated: {names}")
    return MACOS[major]
