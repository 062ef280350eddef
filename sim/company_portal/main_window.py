"""Company Portal's main window once the Mac is enrolled: the Devices and Preferences tabs.

Every screen of a signed-in Company Portal on an enrolled Mac carries the tabs, so the user can
leave the set-up flow for the Devices tab (the JITR workflow) or Preferences at any time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.company_portal.devices import DevicesPage
from psso_sim.company_portal.preferences import PreferencesPage
from psso_sim.ui.screen import Control, Screen, View

if TYPE_CHECKING:
    from psso_sim.company_portal.app import CompanyPortal
    from psso_sim.company_portal.host import HostMac

__all__ = ["TABS", "MainWindow"]

TABS = ("Devices", "Preferences")


class MainWindow:
    def __init__(self, app: CompanyPortal, mac: HostMac) -> None:
        self._app = app
        self._mac = mac
        self.page: str | None = None  # a tab the user chose; None follows the set-up flow
        self.devices = DevicesPage(app, mac)
        self.preferences = PreferencesPage(app, mac)

    @property
    def available(self) -> bool:
        return self._app.signed_in and self._mac.mdm.enrolled

    def go(self, tab: str) -> None:
        self.page = tab
        if tab == "Devices":
            self.devices.refresh()

    def activated(self) -> None:
        """The app came to the front: the Devices tab shows Intune's current view of the Mac."""
        if self.available and (self.page or self._app.screen_name) in ("Devices", "finished"):
            self.devices.refresh()

    def view(self) -> View:
        return self.preferences.view() if self.page == "Preferences" else self.devices.view()

    def decorate(self, current: View) -> View:
        if not self.available:
            return current
        screen = current.screen
        tabs = {tab: (lambda t=tab: self.go(t)) for tab in TABS}
        controls = (*screen.controls, *(Control(tab, "tab") for tab in TABS))
        return View(Screen(screen.surface, screen.title, controls, screen.text),
                    {**current.actions, **tabs}, dict(current.fields))
