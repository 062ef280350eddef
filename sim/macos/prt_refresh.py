"""Platform SSO keeps the user's Primary Refresh Token fresh, and so notices a password change.

``PRT_REFRESH_INTERVAL`` after each login or successful refresh (4 hours: the troubleshooting
guide's "within 4 hours"), a scheduled event refreshes the PRT at Entra's token endpoint through
the SSO extension, over HTTP. A password change revokes the user's sessions, so the refresh is
refused with AADSTS50173: the user state becomes login-needed and a notification asks for the
new password, whose sign-in (``PasswordPrompt``) logs in again and synchronizes the local
password. A deleted device object (AADSTS700003) leaves the registration to be repaired, and
the refreshing stops.

Each refresh first reads Platform SSO's device configuration and, once Entra answered, both AppSSO
processes record the refresh in it (:mod:`psso_sim.macos.device_configuration`): on macOS 15.0 to 15.2
those writes race and corrupt it, so the refresh after one finds it unreadable and macOS asks the user to
register the Mac again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from psso_sim.macos.device_configuration import ReadError, device_configuration
from psso_sim.macos.password_prompt import PASSWORD_CHANGED
from psso_sim.macos.platform_sso import UserState
from psso_sim.scheduler import Event

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["PRT_REFRESH_INTERVAL", "PRT_RESOURCE", "SIGN_IN_REQUIRED", "PrtRefresh"]

PRT_REFRESH_INTERVAL = timedelta(hours=4)
PRT_RESOURCE = "urn:aad:prt"
SIGN_IN_REQUIRED = "Sign In Required"
_GRANT_REVOKED = 50173
_DEVICE_GONE = (700003, 50155)


class PrtRefresh:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.next_refresh: Event | None = None
        self.last_refresh: datetime | None = None

    def logged_in(self) -> None:
        """A Platform SSO login just gave a fresh PRT: it is written down, and refreshed again in 4 hours."""
        device_configuration(self._mac).logged_in()
        self.schedule()

    def schedule(self) -> None:
        self.cancel()
        self.next_refresh = self._mac.runtime.scheduler.after(
            PRT_REFRESH_INTERVAL, f"{self._mac.name}: Platform SSO refreshes the PRT", self.refresh
        )

    def cancel(self) -> None:
        if self.next_refresh is not None:
            self.next_refresh.cancel()
            self.next_refresh = None

    def refresh(self) -> None:
        mac, psso = self._mac, self._mac.platform_sso
        self.next_refresh = None
        if psso.tokens is None or psso.registration is None:
            return
        configuration = device_configuration(mac)
        read = configuration.read()
        if isinstance(read, ReadError):
            configuration.remediate(read)
            return
        answer = psso.extension.refresh(psso.tokens.prt, PRT_RESOURCE)
        self.last_refresh = mac.runtime.clock.now()
        if answer.ok:
            configuration.refreshed()
            self.schedule()
            return
        psso.last_error = answer.description
        mac.runtime.trace.record(mac.name, f"PRT refresh failed: {answer.description}")
        if answer.code == _GRANT_REVOKED:
            self._ask_for_new_password()
        elif answer.code not in _DEVICE_GONE:
            self.schedule()

    def _ask_for_new_password(self) -> None:
        mac = self._mac
        mac.platform_sso.user_state = UserState.LOGIN_NEEDED
        mac.notifications.dismiss_all(SIGN_IN_REQUIRED)
        mac.notifications.post(
            "Platform Single Sign-On", SIGN_IN_REQUIRED,
            "Your Microsoft Entra ID password has changed. Sign in with your new password.",
            {"Sign In": lambda: mac.password_prompt.ask(PASSWORD_CHANGED)},
        )
