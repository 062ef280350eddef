"""The Mac's Applications folder, and the SSO extensions its apps carry.

A Mac the user set up before the story starts has Company Portal. A new Mac out of the box has only what
macOS ships; MDM installs the rest (``InstallApplication``: :mod:`psso_sim.macos.install_application`).

Platform SSO runs the SSO extension an app carries (Company Portal's
``com.microsoft.CompanyPortalMac.ssoextension``). With Automated Device Enrollment the SSO extension profile
and the app arrive in any order: a payload whose extension is not installed waits for its app, and, as the
Registration Required notification belongs to a user's session, for Setup Assistant to have created the
user's account. Then Platform SSO is configured with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from psso_sim.intune.profiles import MICROSOFT_EXTENSION_IDENTIFIER, SsoExtensionPayload
from psso_sim.intune.required_apps import COMPANY_PORTAL_BUNDLE_ID

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["BUILT_IN", "Applications", "InstalledApp", "company_portal"]


@dataclass(frozen=True)
class InstalledApp:
    name: str
    bundle_id: str
    version: str
    extensions: tuple[str, ...] = ()  # the app extensions it brings (an SSO extension, a passkey provider)


BUILT_IN = (
    InstalledApp("System Settings", "com.apple.systempreferences", "macOS"),
    InstalledApp("Terminal", "com.apple.Terminal", "macOS"),
    InstalledApp("Safari", "com.apple.Safari", "macOS"),
)
_ALIASES = {"Settings": "System Settings"}  # the articles say "Settings"


def company_portal(version: str) -> InstalledApp:
    """Company Portal, with Microsoft's SSO extension in it (Platform SSO's)."""
    return InstalledApp("Company Portal", COMPANY_PORTAL_BUNDLE_ID, version, (MICROSOFT_EXTENSION_IDENTIFIER,))


class Applications:
    def __init__(self, mac: Mac, *, with_company_portal: bool) -> None:
        self._mac = mac
        self.installed: dict[str, InstalledApp] = {app.bundle_id: app for app in BUILT_IN}
        if with_company_portal:
            self._add(company_portal(mac.runtime.product.company_portal_version))
        self.waiting: list[SsoExtensionPayload] = []  # SSO payloads whose extension or user is not there yet

    def has(self, name: str) -> bool:
        name = _ALIASES.get(name, name)
        return any(app.name == name for app in self.installed.values())

    def bundle_ids(self) -> list[str]:
        """What the Mac reports to MDM (``InstalledApplications``)."""
        return sorted(self.installed)

    def install(self, app: InstalledApp) -> None:
        """An installer finished: the app is in /Applications, its extensions registered."""
        self._add(app)
        self._mac.runtime.trace.record(self._mac.name, f"{app.name} {app.version} installed")
        self.load_waiting()

    def load_sso_extension(self, payload: SsoExtensionPayload) -> None:
        """An SSO extension payload was installed: Platform SSO takes it now, or once it can."""
        if self._ready(payload):
            self._mac.platform_sso.configure(payload)
            return
        self.waiting.append(payload)
        self._mac.runtime.trace.record(
            self._mac.name, f"SSO extension {payload.extension_identifier} waits for "
                            + ("its app" if not self._has_extension(payload) else "the user's account"))

    def load_waiting(self) -> None:
        """The app or the user's account arrived: payloads waiting for them configure Platform SSO."""
        ready = [payload for payload in self.waiting if self._ready(payload)]
        self.waiting = [payload for payload in self.waiting if payload not in ready]
        for payload in ready:
            self._mac.platform_sso.configure(payload)

    def _ready(self, payload: SsoExtensionPayload) -> bool:
        return self._has_extension(payload) and self._mac.setup_assistant.finished

    def _has_extension(self, payload: SsoExtensionPayload) -> bool:
        return any(payload.extension_identifier in app.extensions for app in self.installed.values())

    def _add(self, app: InstalledApp) -> None:
        self.installed[app.bundle_id] = app
