"""System Settings > Users & Groups: the user's Info, and Network Account Server > Edit.

- Info (the registration guide's "Open Info menu"; the current articles' Information icon, the label is the
  product release's ``user_info_label``) shows the account and its Platform SSO state, with whatever
  registration control Users & Groups offers on this macOS, and, on a release whose row says
  ``registration_status_in_users_and_groups``, the authentication method (Secure enclave, Smart Card, Password);
- Network Account Server > Edit (also "Edit next to Network Account Server" on the pane, on such a release)
  lists the Platform SSO server, "Registered" once registered. On macOS 14 Sonoma it offers
  Repair, which runs the same device registration flow as the first registration; macOS 13
  Ventura offers no Repair (the troubleshooting guide sends its users to Company Portal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from psso_sim.macos.platform_sso import RegistrationStatus
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["UsersAndGroupsSheets"]

_BUSY = (RegistrationStatus.SIGNING_IN, RegistrationStatus.REGISTERING)


class UsersAndGroupsSheets:
    """The sheets and sections of the Users & Groups pane; ``None`` shows the pane itself."""

    def __init__(
        self, mac: Mac, surface: str, registration_controls: Callable[[], dict[str, Callable[[], None]]]
    ) -> None:
        self._mac = mac
        self._surface = surface
        self._registration_controls = registration_controls
        self.showing: str | None = None  # None | "Info" | "Network Account Server" | "Edit"

    def rows(self) -> dict[str, Callable[[], None]]:
        return {self._mac.runtime.product.user_info_label: lambda: self._show("Info"),
                "Network Account Server": lambda: self._show("Network Account Server")}

    def buttons(self) -> dict[str, Callable[[], None]]:
        """The pane's own buttons: Edit next to Network Account Server, where the release shows the status."""
        if not self._mac.runtime.product.registration_status_in_users_and_groups:
            return {}
        return {"Edit": lambda: self._show("Edit")}

    def close(self) -> None:
        self.showing = None

    def view(self) -> View | None:
        if self.showing == "Info":
            return self._info()
        if self.showing == "Network Account Server":
            return view(self._surface, "Users & Groups", text=["Network Account Server", self._server_line()],
                        buttons={"Edit": lambda: self._show("Edit"), "Back": self.close})
        if self.showing == "Edit":
            return self._edit()
        return None

    @property
    def repair_offered(self) -> bool:
        psso = self._mac.platform_sso
        # Network Account Server > Edit > Repair first appears in macOS 14 Sonoma (the release's row).
        return (self._mac.release.users_and_groups_registration and psso.payload is not None
                and psso.status not in _BUSY)

    def _show(self, what: str) -> None:
        self.showing = what

    def _server_line(self) -> str:
        psso = self._mac.platform_sso
        if psso.payload is None:
            return "No network account server"
        state = "Registered" if psso.registration_completed else psso.status.value.capitalize()
        return f"Platform SSO: Microsoft Entra ID ({state})"

    def _info(self) -> View:
        account, psso = self._mac.account, self._mac.platform_sso
        text = [account.full_name, f"Account name: {account.short_name}", self._server_line()]
        method = psso.registered_method
        if self._mac.runtime.product.registration_status_in_users_and_groups and method and psso.user_state:
            text.append(f"Authentication method: {method.info_label}")
        return view(self._surface, account.full_name, text=text,
                    buttons={**self._registration_controls(), "Done": self.close})

    def _edit(self) -> View:
        buttons: dict[str, Callable[[], None]] = {}
        if self.repair_offered:
            buttons["Repair"] = self._repair
        buttons["Done"] = lambda: self._show("Network Account Server")
        return view(self._surface, "Network Account Server", text=[self._server_line()], buttons=buttons)

    def _repair(self) -> None:
        self.showing = None
        self._mac.platform_sso.repair()
