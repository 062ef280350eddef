"""Platform SSO keeps the user's Primary Refresh Token fresh, and so notices a password change.

``PRT_REFRESH_INTERVAL`` after each login or successful refresh (4 hours: the troubleshooting
guide's "within 4 hours"), a scheduled event refreshes the PRT at Entra's token endpoint through
the SSO extension, over HTTP. A password change revokes the user's sessions, so the refresh is
refused with AADSTS50173: the user state becomes login-needed and a notification asks for the
new password, whose sign-in (``PasswordPrompt``) logs in again and synchronizes the local
password. A deleted device object (AADSTS700003) leaves the registration to be repaired, and
the refreshing stops.

Entra renews the PRT it refreshes (a new one, valid 14 days again), so a Mac in use keeps one. Asleep (lid
closed, :mod:`psso_sim.macos.power`) the Mac misses its refreshes and catches up when it wakes; a PRT left
unused past its 14-day window is refused with AADSTS700082, and macOS asks the user to sign in again (the
Secure Enclave and smart card methods with their key, the password method with the Entra password).

Each refresh first reads Platform SSO's device configuration and, once Entra answered, both AppSSO
processes record the refresh in it (:mod:`psso_sim.macos.device_configuration`): on macOS 15.0 to 15.2
those writes race and corrupt it, so the refresh after one finds it unreadable and macOS asks the user to
register the Mac again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from psso_sim.macos.device_configuration import ReadError, device_configuration
from psso_sim.macos.password_prompt import PASSWORD_CHANGED, SESSION_EXPIRED
from psso_sim.macos.platform_sso import SIGN_IN_REQUIRED, UserState
from psso_sim.scheduler import Event

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["PRT_REFRESH_INTERVAL", "PRT_RESOURCE", "SIGN_IN_REQUIRED", "PrtRefresh"]

PRT_REFRESH_INTERVAL = timedelta(hours=4)
PRT_RESOURCE = "urn:aad:prt"
_GRANT_REVOKED = 50173
_EXPIRED = 700082  # the refresh token has expired due to inactivity
_DEVICE_GONE = (700003, 50155)


class PrtRefresh:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.next_refresh: Event | None = None
        self.last_refresh: datetime | None = None
        self.missed = False  # a refresh fell due while the Mac was asleep: it runs when the Mac wakes
        mac.power.when_woken(self._woken)

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
        if mac.power.asleep:
            self.missed = True
            return
        configuration = device_configuration(mac)
        read = configuration.read()
        if isinstance(read, ReadError):
            configuration.remediate(read)
            return
        answer = psso.extension.refresh(psso.tokens.prt, PRT_RESOURCE)
        self.last_refresh = mac.runtime.clock.now()
        if answer.ok:
            renewed = answer.body.get("refresh_token")
            if renewed:
                psso.prt_renewed(str(renewed), int(answer.body.get("refresh_token_expires_in", 0)))
            configuration.refreshed()
            self.schedule()
            return
        psso.last_error = answer.description
        mac.runtime.trace.record(mac.name, f"PRT refresh failed: {answer.description}")
        if answer.code == _GRANT_REVOKED:
            self._ask_for_new_password()
        elif answer.code == _EXPIRED:
            self._ask_to_sign_in_again()
        elif answer.code not in _DEVICE_GONE:
            self.schedule()

    def _woken(self) -> None:
        if self.missed:
            self.missed = False
            self.refresh()

    def _ask_to_sign_in_again(self) -> None:
        """The PRT expired unused: the user signs in again, by the registered method (Apple's
        userNeedsReauthentication: "such as when revoking or expiring tokens")."""
        psso = self._mac.platform_sso
        self._ask("Your Microsoft Entra ID sign-in has expired. Sign in again to keep using single sign-on.",
                  lambda: psso.sign_in_again(SESSION_EXPIRED))

    def _ask_for_new_password(self) -> None:
        prompt = self._mac.password_prompt
        self._ask("Your Microsoft Entra ID password has changed. Sign in with your new password.",
                  lambda: prompt.ask(PASSWORD_CHANGED))

    def _ask(self, body: str, sign_in: Callable[[], None]) -> None:
        """Login needed: one "Sign In Required" notification (a newer one replaces it) whose Sign In acts."""
        mac = self._mac
        mac.platform_sso.user_state = UserState.LOGIN_NEEDED
        mac.notifications.dismiss_all(SIGN_IN_REQUIRED)
        mac.notifications.post("Platform Single Sign-On", SIGN_IN_REQUIRED, body, {"Sign In": sign_in})
