"""The Mac's MDM client: enrollment by the Management Profile, then check-ins.

It speaks to Intune only over HTTP. Enrolling first gets the Mac its device identity (the profile's
SCEP payload: a key made on the Mac and a certificate Intune issues for the challenge), then sends
Apple's check-in ``Authenticate`` with the challenge and the Mac's APNs token; after that, each APNs
push makes the Mac report its state and run the commands Intune answers, one at a time. Every
check-in is signed with the identity key (:mod:`psso_sim.intune.mdm_identity`). A check-in Intune does not
answer is not an error for whatever asked for it (a push, a registration, Check status): the Mac tries again at
its next scheduled check-in, as Intune documents for a device its notifications did not reach.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.errors import SimError
from psso_sim.intune.mdm_identity import (
    CERTIFICATE_HEADER,
    SIGNATURE_HEADER,
    certificate_request,
    derive_identity_key,
    sign_body,
)
from psso_sim.intune.profiles import (
    ConfigurationProfile,
    ManagementPayload,
    OtherPayload,
    ProfileError,
    load_mobileconfig,
)

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac
    from psso_sim.scheduler import Event

__all__ = ["MDM_REFRESH_CYCLE", "EnrollmentFailed", "MdmClient"]

# Intune, "Common questions ... with device policies and profiles": macOS checks in "about every 8 hours".
# While check-ins succeed, Intune's pushes keep the Mac current and the schedule changes nothing, so only a
# failed check-in schedules the next one (a timer per Mac for months of simulated time would cost a fleet).
MDM_REFRESH_CYCLE = timedelta(hours=8)


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
        self.last_error: str | None = None  # why the last check-in failed; None once one succeeds
        self._retry: Event | None = None
        self._identity: tuple[ec.EllipticCurvePrivateKey, str] | None = None  # key, certificate (base64 DER)

    @property
    def supervised(self) -> bool:
        # Enrolling through Intune's Management Profile on these Macs makes them supervised.
        return self.enrolled

    def enroll(self, profile: ConfigurationProfile) -> None:
        payloads = profile.payloads(ManagementPayload)
        if not payloads:
            raise EnrollmentFailed(f"profile '{profile.payload_display_name}' has no MDM payload")
        mdm = payloads[0]
        challenge, scep_url = _scep(profile)
        self._identity = self._enroll_identity(scep_url or urljoin(mdm.check_in_url or mdm.server_url, "/mdm/scep"),
                                               challenge)
        # The Mac holds its APNs registration before it sends the token to the server.
        self._mac.runtime.apns.register(self.push_token, self._scheduled_check_in)
        response = self._signed_put(
            mdm.check_in_url or mdm.server_url,
            {
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

    def check_in(self) -> bool:
        """Answer a push: report state, then run commands until Intune has none. False if Intune could not be
        reached or refused the report: the Mac tries again at its next scheduled check-in."""
        if not self.enrolled or self.server_url is None:
            return False
        self.check_ins += 1
        report: dict[str, Any] = {"UDID": self._mac.udid, "Status": "Idle"}
        while True:
            report["Facts"] = self._mac.facts()
            try:
                response = self._signed_put(self.server_url, report)
            except httpx.TransportError as error:  # a timeout, a connection that failed
                return self._failed(f"check-in failed: {error}")
            if response.status_code != 200:
                return self._failed(f"check-in refused ({response.status_code}): {response.text}")
            self.last_error = None
            if not response.content:
                return True
            command = response.json()
            report = {"UDID": self._mac.udid, "CommandUUID": command["CommandUUID"]}
            try:
                self._run(command["Command"])
                report["Status"] = "Acknowledged"
            except SimError as error:
                report |= {"Status": "Error", "ErrorChain": str(error)}

    def _failed(self, error: str) -> bool:
        runtime = self._mac.runtime
        self.last_error = error
        retry = self._retry
        if retry is None or retry.cancelled or retry.due <= runtime.clock.now():  # one scheduled check-in at a time
            self._retry = retry = runtime.scheduler.after(
                MDM_REFRESH_CYCLE, f"{self._mac.name}: scheduled MDM check-in", self._scheduled_check_in)
        runtime.trace.record(self._mac.name, f"MDM {error}; the next scheduled check-in is at {retry.due:%H:%M}")
        return False

    def _scheduled_check_in(self) -> None:
        """A check-in nobody waits on: a push's, or the next scheduled one."""
        self.check_in()

    def _enroll_identity(self, url: str, challenge: str) -> tuple[ec.EllipticCurvePrivateKey, str]:
        key = derive_identity_key(self._mac.runtime.seeds.stream("mdm-identity"))
        response = self._mac.http.post(url, json={"Challenge": challenge,
                                                  "CSR": certificate_request(key, self._mac.udid)})
        if response.status_code != 200:
            raise EnrollmentFailed(f"the device identity was refused ({response.status_code}): {response.text}")
        return key, str(response.json()["Certificate"])

    def _signed_put(self, url: str, message: dict[str, Any]) -> httpx.Response:
        """Apple's check-in: the body signed with the device identity key (``Mdm-Signature``)."""
        body = json.dumps(message).encode()
        headers = {"content-type": "application/json"}
        if self._identity is not None:  # pragma: no branch - enrolling gets the identity before any check-in
            key, certificate = self._identity
            headers |= {SIGNATURE_HEADER: sign_body(key, body), CERTIFICATE_HEADER: certificate}
        return self._mac.http.put(url, content=body, headers=headers)

    def unenroll(self) -> None:
        self._mac.runtime.apns.unregister(self.push_token)
        self.enrolled = False
        self.managed_by = None

    def _run(self, command: dict[str, Any]) -> None:
        if command["RequestType"] != "InstallProfile":
            raise EnrollmentFailed(f"unsupported MDM command {command['RequestType']!r}")
        profile = load_mobileconfig(base64.b64decode(command["Payload"]), name="InstallProfile")
        self._mac.install_profile(profile)


def _scep(profile: ConfigurationProfile) -> tuple[str, str | None]:
    """The SCEP payload's challenge and URL."""
    for payload in profile.payloads(OtherPayload):
        content = payload.raw.get("PayloadContent")
        if isinstance(content, dict) and "Challenge" in content:
            url = content.get("URL")
            return str(content["Challenge"]), str(url) if url else None
    raise ProfileError(f"profile '{profile.payload_display_name}' carries no enrollment challenge")
