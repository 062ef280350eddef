"""Profiles that are not settings catalog policies: from templates (Device features, Device restrictions)
or uploaded (Custom), as Graph's ``deviceManagement/deviceConfigurations`` lists them.

The SSO app extension profile an admin made with the Device features template before Platform SSO is
one: "Step 7 - Unassign any existing SSO app extension profiles", or error 10002. A profile keeps its
row once unassigned, as in the admin center's list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psso_sim.intune.errors import UnknownConfigurationPolicy
from psso_sim.intune.profiles import ConfigurationProfile, PasscodePayload, SsoExtensionPayload

if TYPE_CHECKING:
    from psso_sim.intune.backend import IntuneBackend

__all__ = ["DeviceConfiguration", "DeviceConfigurations"]

_DEVICE_FEATURES = "#microsoft.graph.macOSDeviceFeaturesConfiguration"  # the SSO app extension's template
_DEVICE_RESTRICTIONS = "#microsoft.graph.macOSGeneralDeviceConfiguration"  # passcode settings
_CUSTOM = "#microsoft.graph.macOSCustomConfiguration"


@dataclass(frozen=True)
class DeviceConfiguration:
    id: str  # the profile's PayloadUUID
    display_name: str
    odata_type: str
    profile: ConfigurationProfile
    assignments: tuple[str, ...]


class DeviceConfigurations:
    def __init__(self, backend: IntuneBackend) -> None:
        self._backend = backend
        self._known: dict[str, ConfigurationProfile] = {}  # by PayloadUUID, assigned once

    def list(self) -> list[DeviceConfiguration]:
        policies = {p.profile.payload_identifier for p in self._backend.configuration_policies.policies.values()}
        for assignment in self._backend.assignments:
            if assignment.profile.payload_identifier not in policies:
                self._known.setdefault(assignment.profile.payload_uuid, assignment.profile)
        return [self._configuration(profile) for profile in self._known.values()]

    def get(self, configuration_id: str) -> DeviceConfiguration:
        for configuration in self.list():
            if configuration.id == configuration_id:
                return configuration
        raise UnknownConfigurationPolicy(f"no device configuration '{configuration_id}'",
                                         hint=f"configurations: {', '.join(self._known) or 'none'}")

    def assign(self, configuration_id: str, targets: Iterable[str]) -> DeviceConfiguration:
        """``POST deviceConfigurations/{id}/assign``: the targets replace the profile's assignments."""
        profile = self.get(configuration_id).profile
        self._backend.unassign_profile(profile.payload_identifier)
        wanted = frozenset(targets)
        if wanted:
            self._backend.assign_profile(profile, wanted)
        return self.get(configuration_id)

    def _configuration(self, profile: ConfigurationProfile) -> DeviceConfiguration:
        kind = _CUSTOM
        if profile.payloads(SsoExtensionPayload):
            kind = _DEVICE_FEATURES
        elif profile.payloads(PasscodePayload):
            kind = _DEVICE_RESTRICTIONS
        targets = sorted({t for a in self._backend.assignments
                          if a.profile.payload_identifier == profile.payload_identifier for t in a.users})
        return DeviceConfiguration(profile.payload_uuid, profile.payload_display_name, kind, profile, tuple(targets))
