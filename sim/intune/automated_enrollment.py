"""Automated Device Enrollment (ADE) in Intune: the organisation's Macs, known by serial number.

Apple Business Manager hands the Macs the organisation buys to Intune's MDM server, by serial number; in
Intune the admin gives each an enrollment profile. The profile modelled is the one the out-of-box join
article needs ("A device with Automated Device Enrollment (ADE) enrolled"): **user affinity**, with the
user authenticating in **Setup Assistant with modern authentication** (the Microsoft Entra sign-in that
approves the management profile download), supervised.

The Mac, once online in Setup Assistant, asks for its cloud configuration by serial number. (Really it
asks Apple's deployment service, which relays what the MDM server set for that serial; the relay is not
simulated: the Mac asks Intune's ADE endpoint.) A Mac assigned a profile gets the organisation's name, the
Remote Management pane and where to sign in; any other gets a 404 and Setup Assistant goes on without
remote management. After the user's sign-in (a token for Microsoft Intune Enrollment), Intune issues the
management profile bound to that user and to that serial number: the Mac enrolls user-affine, and Graph
reports it as ``appleBulkWithUser`` (a Company Portal enrollment is ``userEnrollment``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from psso_sim.intune.errors import EnrollmentChallengeInvalid, IntuneError, UnknownManagedDevice
from psso_sim.intune.models import ManagedDevice
from psso_sim.intune.profiles import dump_mobileconfig

if TYPE_CHECKING:
    from psso_sim.intune.backend import IntuneBackend

__all__ = ["ADE_WITH_USER", "MODERN_AUTHENTICATION", "USER_ENROLLMENT", "AutomatedDeviceEnrollment",
           "DeviceNotAssigned", "EnrollmentProfile", "InvalidEnrollmentProfile"]

ADE_WITH_USER = "appleBulkWithUser"  # Graph's deviceEnrollmentType for ADE with user affinity
USER_ENROLLMENT = "userEnrollment"  # ... and for a user enrolling with Company Portal
MODERN_AUTHENTICATION = "Setup Assistant with modern authentication"
_SERIAL = re.compile(r"^[A-Z0-9]{10,14}$")


class DeviceNotAssigned(IntuneError):
    """No enrollment profile for this serial number: the Mac is not the organisation's (or not yet assigned)."""

    status = 404


class InvalidEnrollmentProfile(IntuneError):
    status = 400


@dataclass(frozen=True)
class EnrollmentProfile:
    """Devices > Enrollment > Apple > Enrollment program tokens > Profiles > Create profile > macOS."""

    name: str
    description: str = ""
    department: str = ""
    """Shown on the Remote Management pane with the organisation's name, when set."""
    authentication: str = MODERN_AUTHENTICATION
    """'Select where users must authenticate': only Setup Assistant with modern authentication is modelled
    (the Entra sign-in and MFA the article's step 2 and 3 describe)."""

    @property
    def user_affinity(self) -> bool:
        """'User affinity': Enroll with User Affinity (the only kind Platform SSO can register a user on)."""
        return True


class AutomatedDeviceEnrollment:
    def __init__(self, backend: IntuneBackend) -> None:
        self._backend = backend
        self.profiles: dict[str, EnrollmentProfile] = {}
        self.assignments: dict[str, str] = {}  # serial number -> enrollment profile name
        self.enrolled: dict[str, str] = {}  # managed device id -> serial number, for devices ADE enrolled
        self._challenges: dict[str, str] = {}  # enrollment challenge -> the serial number it was issued for

    # the admin (Intune admin center / Graph)
    def create_profile(self, profile: EnrollmentProfile) -> EnrollmentProfile:
        if not profile.name.strip():
            raise InvalidEnrollmentProfile("an enrollment profile needs a name", hint="e.g. 'Corporate Macs'")
        if profile.name in self.profiles:
            raise InvalidEnrollmentProfile(f"an enrollment profile named '{profile.name}' already exists",
                                           hint=f"profiles: {', '.join(sorted(self.profiles))}")
        self.profiles[profile.name] = profile
        self._backend.trace.record("intune", f"ADE enrollment profile '{profile.name}' created (user affinity, "
                                             f"{profile.authentication})")
        return profile

    def assign(self, serial_numbers: list[str], profile_name: str) -> None:
        """Assign devices (by serial number) to an enrollment profile."""
        if profile_name not in self.profiles:
            raise InvalidEnrollmentProfile(f"no enrollment profile named '{profile_name}'",
                                           hint=f"profiles: {', '.join(sorted(self.profiles)) or 'none'}")
        for serial in serial_numbers:
            if not _SERIAL.match(serial):
                raise InvalidEnrollmentProfile(f"'{serial}' is not a Mac serial number",
                                               hint="10 to 14 capital letters and digits, e.g. C02ZK1ABMD6R")
        for serial in serial_numbers:
            self.assignments[serial] = profile_name
            self._backend.trace.record("intune", f"{serial} assigned to ADE profile '{profile_name}'")

    def profile_for(self, serial_number: str) -> EnrollmentProfile:
        name = self.assignments.get(serial_number)
        if name is None:
            raise DeviceNotAssigned(f"no enrollment profile is assigned to serial number '{serial_number}'",
                                    hint="assign the Mac in Intune: Devices > Enrollment > Apple > Enrollment "
                                         "program tokens > Devices")
        return self.profiles[name]

    # the Mac in Setup Assistant
    def cloud_configuration(self, serial_number: str) -> dict[str, Any]:
        """What Setup Assistant shows and does for this Mac: Remote Management, supervised, sign in to enroll."""
        from psso_sim.intune.backend import INTUNE_RESOURCE  # the backend imports this module

        profile = self.profile_for(serial_number)
        return {
            "organization": self._backend.organisation,
            "department": profile.department,
            "is_supervised": True,
            "is_mandatory": True,
            "configuration_web_url": f"{INTUNE_RESOURCE}/enrollment/ade/managementprofile",
            "profile_name": profile.name,
        }

    def management_profile(self, access_token: str, serial_number: str) -> bytes:
        """The management profile for the user who signed in on this Mac (user affinity)."""
        from psso_sim.intune.backend import INTUNE_RESOURCE  # the backend imports this module

        grant = self._backend.entra.tokens.validate(access_token, INTUNE_RESOURCE)
        self.profile_for(serial_number)
        user = self._backend.entra.directory.users[grant.user_id]
        profile, challenge = self._backend.issue_management_profile(user.user_principal_name)
        self._challenges[challenge] = serial_number
        return dump_mobileconfig(profile)

    def take_challenge(self, challenge: str, serial_number: str) -> None:
        """At check-in ``Authenticate``: an ADE challenge enrolls only the Mac it was issued to."""
        issued_for = self._challenges.get(challenge)
        if issued_for is not None and issued_for != serial_number:
            raise EnrollmentChallengeInvalid(
                f"the enrollment challenge was issued to serial number '{issued_for}', not '{serial_number}'")

    def enrolled_device(self, challenge: str, device: ManagedDevice) -> None:
        if self._challenges.pop(challenge, None) is not None:
            self.enrolled[device.id] = device.serial_number
            self._backend.trace.record("intune", f"{device.device_name} enrolled by ADE with user affinity")

    def enrollment_type(self, device_id: str) -> str:
        """Graph's ``deviceEnrollmentType`` of a managed device."""
        if device_id not in self._backend.devices:
            raise UnknownManagedDevice(f"unknown managed device '{device_id}'")
        return ADE_WITH_USER if device_id in self.enrolled else USER_ENROLLMENT
