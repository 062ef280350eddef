"""Company Portal's Devices tab: this Mac as Intune sees it, and what the user can do about it.

The status (compliance, its reasons, the action items) comes from Intune over HTTP each time the
tab is shown or the app comes back to the front. The tab then acts, as the documents describe:

- an action item to register the Mac triggers Platform SSO's registration notification (the
  registration guide's JITR workflow), and offers Register;
- Check status makes the Mac check in with Intune, which downloads any updated policy;
- Resolve starts compliance mediation: Platform SSO asks for authentication ("Authentication
  Required") to register the Mac.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from psso_sim.intune.device_status import REGISTER_PLATFORM_SSO
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.company_portal.app import CompanyPortal
    from psso_sim.company_portal.host import HostMac

__all__ = ["COMPLIANCE_LABELS", "REGISTRATION_CONFIRMATION", "DevicesPage"]

COMPLIANCE_LABELS = {"compliant": "Compliant", "noncompliant": "Not compliant", "unknown": "Checking status"}
REGISTRATION_CONFIRMATION = "Registration complete"


class DevicesPage:
    title = "Devices"

    def __init__(self, app: CompanyPortal, mac: HostMac) -> None:
        self._app = app
        self._mac = mac
        self.status: dict[str, Any] | None = None  # Intune's last answer
        self.error: str | None = None
        self.jit_resource: str | None = None  # the resource whose block opened the app (Intune JIT)

    @property
    def action_items(self) -> list[str]:
        return [str(item["id"]) for item in (self.status or {}).get("actionItems", [])]

    def refresh(self) -> None:
        """Read the Mac's status from Intune; an action item to register prompts the registration."""
        response = self._app.intune_get(f"/companyportal/devices/{self._mac.udid}/status")
        if response.status_code != 200:
            self.status, self.error = None, f"Couldn't check this Mac's status ({response.status_code})."
            return
        self.status, self.error = response.json(), None
        if REGISTER_PLATFORM_SSO.id in self.action_items:
            self._mac.platform_sso.prompt_registration()

    def check_status(self) -> None:
        """The Mac checks in with Intune (downloading any updated policy), then the tab re-reads."""
        self._mac.mdm.check_in()
        self.refresh()

    def resolve(self) -> None:
        """Compliance mediation: Platform SSO asks the user to authenticate and register."""
        self._mac.platform_sso.request_authentication()

    def view(self) -> View:
        psso = self._mac.platform_sso
        text, buttons = [self._mac.name], {"Check status": self.check_status}
        status = self.status or {}
        if status:
            state = str(status["complianceState"])
            text.append(f"Compliance: {COMPLIANCE_LABELS.get(state, state)}")
            text += [f"- {reason}" for reason in status["noncomplianceReasons"]]
            if status["noncomplianceReasons"]:
                buttons["Resolve"] = self.resolve
        for item in status.get("actionItems", []):
            if self.jit_resource:
                text.append(f"{self.jit_resource} requires a registered device that meets your "
                            "organization's policy.")
            text.append(f"Action required: {item['title']}. {item['description']}")
            if item["id"] == REGISTER_PLATFORM_SSO.id and psso.registration_required:
                buttons["Register"] = psso.begin_registration
        if status.get("platformSSORegistered"):
            org = self._app.organisation or "your organization"
            text.append(f"{REGISTRATION_CONFIRMATION}: this Mac is registered with {org}. "
                        "You can now close Company Portal.")
        if self.error:
            text.append(self.error)
        return view(self._app.name, self.title, text=text, buttons=_ordered(buttons))


def _ordered(buttons: dict[str, Callable[[], None]]) -> dict[str, Callable[[], None]]:
    order = ("Register", "Resolve", "Check status")
    return {label: buttons[label] for label in order if label in buttons}
