"""The Mac's MDM client: enrollment by the Management Profile, then check-ins.

It speaks to Intune only over HTTP. Enrolling first gets the Mac its device identity (the profile's
SCEP payload: a key made on the Mac and a certificate Intune issues for the challenge), then sends
Apple's check-in ``Authenticate`` with the challenge and the Mac's APNs token; after that, each APNs
push makes the Mac report its state and run the commands Intune answers, one at a time. Every
check-in is signed with the identity key (:mod:`psso_sim.intune.mdm_identity`).
"""

from __future__ import annotations

import base64
import json
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
        self._mac.runtime.apns.register(self.push_token, self.check_in)
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

    def check_in(self) -> None:
        """Answer a push: report state, then run commands until Intune has none."""
        if not self.enrolled or self.server_url is None:
            return
        self.check_ins += 1
        report: dict[str, Any] = {"UDID": self._mac.udid, "Status": "Idle"}
        while True:
            report["Facts"] = self._mac.facts()
            response = self._signed_put(self.server_url, report)
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
