"""Apple's ``InstallApplication`` MDM command on the Mac: how a required app (Company Portal) arrives.

The command names the app's manifest. The Mac fetches it over HTTP, then the package it names, and installs
it in the background: the command is acknowledged at once, the app is there ``APP_INSTALL_TIME`` later (a
scheduled event), and the Mac checks in to report it. The MDM client here is the Mac's one
(:class:`psso_sim.macos.mdm_client.MdmClient`) with this command added.
"""

from __future__ import annotations

import plistlib
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from psso_sim.macos.applications import InstalledApp, company_portal
from psso_sim.macos.mdm_client import EnrollmentFailed, MdmClient

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["APP_INSTALL_TIME", "AppInstallingMdmClient"]

APP_INSTALL_TIME = timedelta(minutes=2)  # download and install of Company Portal's package in the background


class AppInstallingMdmClient(MdmClient):
    def __init__(self, mac: Mac) -> None:
        super().__init__(mac)
        self.installing: list[str] = []  # bundle identifiers being installed

    def _run(self, command: dict[str, Any]) -> None:
        if command["RequestType"] != "InstallApplication":
            super()._run(command)
            return
        app = self._fetch(str(command["ManifestURL"]))
        if app.bundle_id in self._mac.applications.installed or app.bundle_id in self.installing:
            return
        self.installing.append(app.bundle_id)
        self._mac.runtime.scheduler.after(APP_INSTALL_TIME, f"{self._mac.name}: {app.name} installed",
                                          lambda: self._installed(app))

    def _fetch(self, manifest_url: str) -> InstalledApp:
        http = self._mac.http
        manifest = http.get(manifest_url)
        if manifest.status_code != 200:
            raise EnrollmentFailed(f"the app manifest could not be downloaded ({manifest.status_code})")
        item = plistlib.loads(manifest.content)["items"][0]
        package = http.get(item["assets"][0]["url"])
        if package.status_code != 200:
            raise EnrollmentFailed(f"the app package could not be downloaded ({package.status_code})")
        metadata = item["metadata"]
        bundle_id, version = str(metadata["bundle-identifier"]), str(metadata["bundle-version"])
        portal = company_portal(version)  # the one app here that carries extensions
        if bundle_id == portal.bundle_id:
            return portal
        return InstalledApp(str(metadata["title"]), bundle_id, version)

    def _installed(self, app: InstalledApp) -> None:
        self.installing.remove(app.bundle_id)
        self._mac.applications.install(app)
        self.check_in()  # report the app to Intune
