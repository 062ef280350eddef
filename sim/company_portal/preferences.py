"""Company Portal > Preferences: the deregister button, and Sign out.

The button's label is the product release's ``deregister_label`` (Unregister in the seeds, Deregister
now); Sign out is there only where the release's row says ``preferences_sign_out`` (the current
troubleshooting guide names Deregister only).

- Deregistering removes the device registration: the SSO extension deletes the Entra device object
  over HTTP and Platform SSO forgets the Mac's keys and tokens. The work account stays signed in,
  and Platform SSO asks for a new registration while its settings are installed.
- Sign out removes the user's work account from Company Portal, silently: no confirmation, no
  dialog, no notification. The device registration stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.company_portal.app import CompanyPortal
    from psso_sim.company_portal.host import HostMac

__all__ = ["PreferencesPage"]


class PreferencesPage:
    title = "Preferences"

    def __init__(self, app: CompanyPortal, mac: HostMac) -> None:
        self._app = app
        self._mac = mac
        self.error: str | None = None

    def unregister(self) -> None:
        failure = self._mac.platform_sso.unregister()
        if failure is not None:
            self.error = f"Couldn't unregister this Mac: {failure}"
            return
        self.error = None
        self._app.registration_removed()

    def sign_out(self) -> None:
        self.error = None
        self._app.sign_out()

    def view(self) -> View:
        psso = self._mac.platform_sso
        registered = "registered with Platform SSO" if psso.registration_completed else "not registered"
        text = [f"Work account: {self._app.user_principal_name}", f"{self._mac.name}: {registered}"]
        product = self._mac.runtime.product
        buttons = {product.deregister_label: self.unregister} if psso.registration_completed else {}
        if product.preferences_sign_out:
            buttons["Sign out"] = self.sign_out
        return view(self._app.name, self.title, text=[*text, *([self.error] if self.error else [])],
                    buttons=buttons)
