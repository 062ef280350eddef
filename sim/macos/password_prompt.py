"""The dialog that asks for the Microsoft Entra ID password (the product release's
``entra_password_window``: "Platform Single Sign-On" in the seeds, "Microsoft Entra" now).

macOS shows it when Platform SSO needs the password to log in: after a registration that
signed in without one (Microsoft Authenticator phone sign-in), when the local password the
Single Sign-On window took is not the Entra password (Authentication Required > Sign-in), and
after the Entra password changed. Signing in runs Platform SSO's password login, which
synchronizes the local password.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.errors import SimError
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["PASSWORD_CHANGED", "SESSION_EXPIRED", "SIGN_IN_TO_FINISH", "PasswordPrompt"]

SIGN_IN_TO_FINISH = "Enter your Microsoft Entra ID password to finish setting up Platform SSO."
PASSWORD_CHANGED = "Your Microsoft Entra ID password has changed. Enter your new password."
SESSION_EXPIRED = "Your Microsoft Entra ID sign-in has expired. Enter your password to sign in again."
_WRONG_PASSWORD = 50126


class PasswordPrompt:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.name = mac.runtime.product.entra_password_window
        self.message: str | None = None  # None while the dialog is closed
        self.error: str | None = None
        self._password = ""

    @property
    def open(self) -> bool:
        return self.message is not None

    def ask(self, message: str) -> None:
        psso = self._mac.platform_sso
        if psso.registration is None or psso.user_name is None:
            raise SimError(f"{self._mac.name}: Platform SSO has no registered user to sign in",
                           subsystem="macos")
        self.message = message
        self.error = None
        self._password = ""
        self._mac.desktop.show(self)

    def sign_in(self, password: str) -> bool:
        psso = self._mac.platform_sso
        assert psso.user_name is not None
        if psso.login(psso.user_name, password):
            self.close()
            return True
        wrong = str(_WRONG_PASSWORD) in (psso.last_error or "")
        self.error = "The password you entered is incorrect." if wrong else psso.last_error
        return False

    def close(self) -> None:
        self.message = None
        self._mac.desktop.close(self)

    def view(self) -> View | None:
        if self.message is None:
            return None
        account = self._mac.platform_sso.user_name or ""
        text = [self.message, account, *([self.error] if self.error else [])]
        return view(self.name, "Microsoft Entra ID", text=text, fields={"Password": self._set_password},
                    buttons={"Sign In": self._sign_in, "Cancel": self.close})

    def _set_password(self, value: str) -> None:
        self._password = value

    def _sign_in(self) -> None:
        self.sign_in(self._password)
