"""Required apps: what Intune installs on a managed Mac with Apple's ``InstallApplication`` command.

A Mac set up by Automated Device Enrollment has no Company Portal, and Platform SSO needs it: the SSO
extension is Company Portal's ("Microsoft Intune Company Portal version 5.2404.0 or later", the out-of-box
join article's prerequisites). The admin assigns it as a required app. At each check-in the Mac reports the
apps it has (``InstalledApplications``, bundle identifiers); for a required app a targeted device lacks,
Intune sends ``InstallApplication`` once, with the URL of the app's manifest, and the install is pending
until the Mac reports the app. The manifest and the package are served over HTTP.
"""

from __future__ import annotations

import plistlib
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from psso_sim.intune.errors import IntuneError
from psso_sim.intune.models import ALL_DEVICES, ALL_USERS, ManagedDevice

if TYPE_CHECKING:
    from psso_sim.intune.backend import IntuneBackend

__all__ = ["COMPANY_PORTAL_BUNDLE_ID", "AppInstallState", "InstallApplication", "MacApp", "RequiredApps",
           "UnknownApp", "company_portal_app"]

COMPANY_PORTAL_BUNDLE_ID = "com.microsoft.CompanyPortalMac"


class UnknownApp(IntuneError):
    status = 404


@dataclass(frozen=True)
class MacApp:
    """A macOS app in Intune (Apps > macOS > Add): a line-of-business package, installed as the device."""

    id: str
    display_name: str
    bundle_id: str
    version: str
    publisher: str = "Microsoft Corporation"


def company_portal_app(app_id: str, version: str) -> MacApp:
    """Company Portal for macOS, as the admin uploads it (CompanyPortal-Installer.pkg)."""
    return MacApp(app_id, "Company Portal", COMPANY_PORTAL_BUNDLE_ID, version)


@dataclass(frozen=True)
class InstallApplication:
    """Apple's InstallApplication command: where the Mac finds the app's manifest."""

    command_uuid: str
    app: MacApp
    manifest_url: str
    request_type: str = "InstallApplication"


class AppInstallState(StrEnum):
    NOT_INSTALLED = "Not installed"
    PENDING = "Install pending"
    INSTALLED = "Installed"
    FAILED = "Failed"


class RequiredApps:
    def __init__(self, backend: IntuneBackend) -> None:
        self._backend = backend
        self.apps: dict[str, tuple[MacApp, frozenset[str]]] = {}  # app id -> the app, and who it is required for
        self.installed: dict[str, frozenset[str]] = {}  # device id -> the bundle identifiers it reported
        self.status: dict[tuple[str, str], tuple[AppInstallState, str]] = {}  # (device id, app id) -> state, detail
        self._sent: dict[str, tuple[str, str]] = {}  # command UUID -> (device id, app id)

    def assign(self, app: MacApp, users: frozenset[str] = frozenset({ALL_USERS})) -> None:
        """Apps > the app > Properties > Assignments: Required, for ``users``."""
        self.apps[app.id] = (app, users)
        self._backend.trace.record("intune", f"app '{app.display_name}' {app.version} required for "
                                             f"{', '.join(sorted(users))}")
        for device in self._backend.devices.values():
            if _targets(users, device):
                self._backend.push(device.udid)

    def app(self, app_id: str) -> MacApp:
        if app_id not in self.apps:
            raise UnknownApp(f"no app '{app_id}' in Intune",
                             hint=f"apps: {', '.join(a.display_name for a, _ in self.apps.values()) or 'none'}")
        return self.apps[app_id][0]

    def install_state(self, device_id: str, app_id: str) -> AppInstallState:
        return self.status.get((device_id, app_id), (AppInstallState.NOT_INSTALLED, ""))[0]

    # the MDM check-in
    def report(self, device: ManagedDevice, facts: dict[str, object]) -> None:
        """The device's ``InstalledApplications``: a required app it reports is installed."""
        reported = facts.get("InstalledApplications")
        if not isinstance(reported, list):
            return
        self.installed[device.id] = frozenset(str(bundle) for bundle in reported)
        for app, users in self.apps.values():
            if _targets(users, device) and app.bundle_id in self.installed[device.id]:
                if self.install_state(device.id, app.id) is not AppInstallState.INSTALLED:
                    self._backend.trace.record("intune", f"'{app.display_name}' installed on {device.device_name}")
                self.status[(device.id, app.id)] = (AppInstallState.INSTALLED, "")

    def next_command(self, device: ManagedDevice) -> InstallApplication | None:
        """InstallApplication for the first required app the device lacks and was not sent yet."""
        from psso_sim.intune.backend import INTUNE_RESOURCE  # the backend imports this module

        for app, users in self.apps.values():
            state = self.install_state(device.id, app.id)
            if not _targets(users, device) or state is not AppInstallState.NOT_INSTALLED:
                continue
            command = InstallApplication(self._backend.seeds.uuid("mdm-commands"), app,
                                         f"{INTUNE_RESOURCE}/apps/{app.id}/manifest")
            self._sent[command.command_uuid] = (device.id, app.id)
            self.status[(device.id, app.id)] = (AppInstallState.PENDING, "")
            self._backend.trace.record("intune", f"InstallApplication '{app.display_name}' sent to "
                                                 f"{device.device_name}")
            return command
        return None

    def acknowledge(self, command_uuid: str, error: str | None) -> bool:
        """The device's answer to an InstallApplication; False if the command is not one of ours."""
        sent = self._sent.pop(command_uuid, None)
        if sent is None:
            return False
        if error:
            self.status[sent] = (AppInstallState.FAILED, error)
        return True

    # what the Mac downloads
    def manifest(self, app_id: str) -> bytes:
        """Apple's app manifest (a property list): the package's URL and the app's identity."""
        from psso_sim.intune.backend import INTUNE_RESOURCE  # the backend imports this module

        app = self.app(app_id)
        return plistlib.dumps({"items": [{
            "assets": [{"kind": "software-package", "url": f"{INTUNE_RESOURCE}/apps/{app.id}/package"}],
            "metadata": {"bundle-identifier": app.bundle_id, "bundle-version": app.version, "kind": "software",
                         "title": app.display_name},
        }]})

    def package(self, app_id: str) -> bytes:
        """The installer package (its content is not simulated: the Mac installs what the manifest names)."""
        app = self.app(app_id)
        return f"xar!{app.bundle_id}-{app.version}.pkg".encode()


def _targets(users: frozenset[str], device: ManagedDevice) -> bool:
    return bool(users & {ALL_USERS, ALL_DEVICES}) or device.user_principal_name in users
