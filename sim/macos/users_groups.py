"""System Settings > Users & Groups: the user's Info, and Network Account Server > Edit.

- Info (the registration guide's "Open Info menu") shows the account and its Platform SSO
  state, with whatever registration control Users & Groups offers on this macOS;
- Network Account Server > Edit lists the Platform SSO server. On macOS 14 Sonoma it offers
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
        return {"Info": lambda: self._show("Info"),
                "Network Account Server": lambda: self._show("Network Account Server")}

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
        account = self._mac.account
        text = [account.full_name, f"Account name: {account.short_name}", self._server_line()]
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
