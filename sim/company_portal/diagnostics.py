"""Company Portal's Help > Send diagnostic report > Email logs.

The window collects a diagnostic bundle from the Mac's real state (Platform SSO, enrollment,
profiles, password policy, the AppSSO messages), uploads it over HTTP to the diagnostics
service under a new incident ID, and shows that ID for the user to note. The ID comes from the
World's seeds: the same seed gives the same ID.
"""

from __future__ import annotations

import string
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from psso_sim.diagnostics_service.backend import DIAGNOSTICS_HOST
from psso_sim.seeding import Seeds
from psso_sim.ui.screen import Control, Screen, View, view

if TYPE_CHECKING:
    from psso_sim.company_portal.host import HostMac

__all__ = ["DiagnosticReportWindow", "HelpMenu", "collect_bundle", "new_incident_id"]

UPLOAD_URL = f"https://{DIAGNOSTICS_HOST}/incidents"
INCIDENT_ID_LENGTH = 8
RECENT_LOG_LINES = 50


def new_incident_id(seeds: Seeds) -> str:
    rng = seeds.stream("incidents")
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(INCIDENT_ID_LENGTH))


def collect_bundle(mac: HostMac, incident_id: str) -> dict[str, Any]:
    """What Company Portal sends: the Mac's state as its models hold it now."""
    psso = mac.platform_sso
    tokens = psso.tokens
    return {
        "incidentId": incident_id,
        "collectedDateTime": _iso(mac),
        "device": {"name": mac.name, "osVersion": mac.os_version, "serialNumber": mac.serial_number,
                   "udid": mac.udid},
        "management": {"enrolled": mac.mdm.enrolled, "supervised": mac.mdm.supervised,
                       "managedBy": mac.mdm.managed_by,
                       "profiles": sorted(p.payload_display_name for p in mac.profiles.values())},
        "platformSSO": {
            "status": psso.status.value,
            "registrationCompleted": psso.registration_completed,
            "deviceId": psso.registration.device_id if psso.registration else None,
            "loginType": psso.login_type,
            "userState": psso.user_state.value if psso.user_state else None,
            "lastError": psso.last_error,
            "tokenReceived": tokens.received.strftime("%Y-%m-%dT%H:%M:%SZ") if tokens else None,
            "tokenExpiration": tokens.expiration.strftime("%Y-%m-%dT%H:%M:%SZ") if tokens else None,
        },
        "localPasswordPolicy": asdict(mac.password_policy) if mac.password_policy else None,
        "companyPortal": {"signedInUser": mac.company_portal.user_principal_name},
        "appSsoPlatformState": mac.app_sso_platform_state(),
        "recentLogs": mac.logging.appsso_messages()[-RECENT_LOG_LINES:],
    }


def _iso(mac: HostMac) -> str:
    return mac.runtime.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")


class HelpMenu:
    """The Help menu of Company Portal's menu bar."""

    def __init__(self, mac: HostMac) -> None:
        self._mac = mac
        self.open = False
        self.report = DiagnosticReportWindow(mac)

    def decorate(self, current: View) -> View:
        """The app's view with its menu bar: Help, and the Help menu's items while it is open."""
        menus: dict[str, Any] = {"Help": self._toggle}
        if self.open:
            menus["Send diagnostic report"] = self._send_diagnostic_report
        screen = current.screen
        controls = (*screen.controls, *(Control(label, "menu") for label in menus))
        return View(Screen(screen.surface, screen.title, controls, screen.text),
                    {**current.actions, **menus}, dict(current.fields))

    def _toggle(self) -> None:
        self.open = not self.open

    def _send_diagnostic_report(self) -> None:
        self.open = False
        self.report.show()


class DiagnosticReportWindow:
    name = "Send diagnostic report"

    def __init__(self, mac: HostMac) -> None:
        self._mac = mac
        self.visible = False
        self.incident_id: str | None = None
        self.error: str | None = None

    def show(self) -> None:
        self.visible = True
        self.incident_id = None
        self.error = None
        self._mac.desktop.show(self)

    def close(self) -> None:
        self.visible = False
        self._mac.desktop.close(self)

    def view(self) -> View | None:
        if not self.visible:
            return None
        if self.incident_id is not None:
            return view(self.name, "Send diagnostic report", text=[
                f"Incident ID: {self.incident_id}",
                "Your logs were sent. Take note of your incident ID before closing the window.",
            ], buttons={"Close": self.close})
        return view(self.name, "Send diagnostic report", text=[
            "Company Portal collects logs from this Mac to help investigate your issue.",
            *([self.error] if self.error else []),
        ], buttons={"Email logs": self.email_logs, "Cancel": self.close})

    def email_logs(self) -> None:
        incident_id = new_incident_id(self._mac.runtime.seeds)
        response = self._mac.http.post(UPLOAD_URL, json={
            "incidentId": incident_id, "application": "Company Portal",
            "bundle": collect_bundle(self._mac, incident_id),
        })
        if response.status_code != 201:
            self.error = f"We couldn't send your logs ({response.status_code}). Try again later."
            return
        self.incident_id = incident_id
        self._mac.runtime.trace.record(self._mac.name, f"Company Portal sent diagnostic logs: {incident_id}")
