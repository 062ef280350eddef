"""The Mac's MDM client: enrollment by the Management Profile, then check-ins.

It speaks to Intune only over HTTP. Enrolling sends Apple's check-in ``Authenticate``
with the profile's challenge and the Mac's APNs token; after that, each APNs push
makes the Mac report its state and run the commands Intune answers, one at a time.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from psso_sim.errors import SimError
from psso_sim.intune.profiles import (
    ConfigurationProfile,
    ManagementPayload,
    OtherPayload,
    ProfileError,
    load_mobileconfig,
)

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["EnrollmentFailed", "MdmClient"]


class EnrollmentFailed(SimError):
    subsystem = "macos"


class MdmClient:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.enrolled = False
        self.managed_by: str | None = None
        self.server_url: str | None = None
        self.push_token = mac.runtime.seeds.token("apns-")
        self.check_ins = 0

    @property
    def supervised(self) -> bool:
        # Enrolling through Intune's Management Profile on these Macs makes them supervised.
        return self.enrolled

    def enroll(self, profile: ConfigurationProfile) -> None:
        payloads = profile.payloads(ManagementPayload)
        if not payloads:
            raise EnrollmentFailed(f"profile '{profile.payload_display_name}' has no MDM payload")
        mdm = payloads[0]
        challenge = _challenge(profile)
        # The Mac holds its APNs registration before it sends the token to the server.
        self._mac.runtime.apns.register(self.push_token, self.check_in)
        response = self._mac.http.put(
            mdm.check_in_url or mdm.server_url,
            json={
                "MessageType": "Authenticate",
                "Challenge": challenge,
                "UDID": self._mac.udid,
                "SerialNumber": self._mac.serial_number,
                "OSVersion": self._mac.os_version,
                "DeviceName": self._mac.name,
                "PushToken": self.push_token,
            },
        )
        if response.status_code != 200:
            self._mac.runtime.apns.unregister(self.push_token)
            raise EnrollmentFailed(f"enrollment refused ({response.status_code}): {response.text}")
        self.enrolled = True
        self.managed_by = str(response.json()["managedBy"])
        self.server_url = mdm.server_url
        self._mac.runtime.trace.record(self._mac.name, f"enrolled; supervised and managed by {self.managed_by}")

    def check_in(self) -> None:
        """Answer a push: report state, then run commands until Intune has none."""
        if not self.enrolled or self.server_url is None:
            return
        self.check_ins += 1
        report: dict[str, Any] = {"UDID": self._mac.udid, "Status": "Idle"}
        while True:
            report["Facts"] = self._mac.facts()
            response = self._mac.http.put(self.server_url, json=report)
            if response.status_code != 200:
                raise EnrollmentFailed(f"check-in refused ({response.status_code}): {response.text}")
            if not response.content:
                return
            command = response.json()
            report = {"UDID": self._mac.udid, "CommandUUID": command["CommandUUID"]}
            try:
                self._run(command["Command"])
                report["Status"] = "Acknowledged"
            except SimError as error:
                report |= {"Status": "Error", "ErrorChain": str(error)}

    def unenroll(self) -> None:
        self._mac.runtime.apns.unregister(self.push_token)
        self.enrolled = False
        self.managed_by = None

    def _run(self, command: dict[str, Any]) -> None:
        if command["RequestType"] != "InstallProfile":
            raise EnrollmentFailed(f"unsupported MDM command {command['RequestType']!r}")
        profile = load_mobileconfig(base64.b64decode(command["Payload"]), name="InstallProfile")
        self._mac.install_profile(profile)


def _challenge(profile: ConfigurationProfile) -> str:
    for payload in profile.payloads(OtherPayload):
        content = payload.raw.get("PayloadContent")
        if isinstance(content, dict) and "Challenge" in content:
            return str(content["Challenge"])
    raise ProfileError(f"profile '{profile.payload_display_name}' carries no enrollment challenge")
