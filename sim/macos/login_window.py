"""Signing the local user out of the Mac and in again, at the login window.

Apple menu > Log Out ends the session: apps quit and banners go. At the login window the user
types a password. With Platform SSO registered (a method that syncs the password: Password) macOS
first tries it with the identity provider: when Entra accepts it, the session opens and the password
is synchronized to the local account; otherwise the local password opens the session as before. A
paired smart card's PIN opens it too, but not after a restart: the local password must unlock the
keychain first ("You'll need to use the local password to log in after a reboot"). Once the session
is open, Platform SSO looks again at what it has to ask the user (a cancelled registration is
offered again: known issue "SSO auth prompt dialog closed while the registration is in progress"), and
checks that it still holds its Secure Enclave key (:mod:`psso_sim.macos.password_recovery`). After three
wrong passwords the window offers to reset the password with the FileVault recovery key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.errors import SimError
from psso_sim.macos.password_recovery import RESET_WITH_RECOVERY_KEY, WRONG_PASSWORDS_BEFORE_RESET, check_user_key
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["LoginWindow", "SessionError"]


class SessionError(SimError):
    subsystem = "macos"


class LoginWindow:
    name = "Login Window"

    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self._password = ""
        self.error: str | None = None
        self.wrong_passwords = 0  # since the last login: three offer the FileVault reset

    def view(self) -> View | None:
        if self._mac.account.signed_in:
            return None
        buttons = {"Log In": self._log_in}
        if self.wrong_passwords >= WRONG_PASSWORDS_BEFORE_RESET:
            buttons[RESET_WITH_RECOVERY_KEY] = self._mac.filevault.offer_reset
        return view(
            self.name, self._mac.account.full_name,
            text=[self.error] if self.error else ["Enter Password"],
            fields={"Password": self._set_password}, buttons=buttons,
        )

    def sign_out(self) -> None:
        mac = self._mac
        if not mac.account.signed_in:
            raise SessionError(f"'{mac.account.short_name}' is not signed in to {mac.name}")
        mac.platform_sso.cancel_prompts()  # logging out closes the SSO auth prompt, as closing it does
        for app in (mac.company_portal, mac.settings, mac.terminal, mac.browser):
            app.quit()
        mac.company_portal.help.report.close()
        for notification in mac.notifications.active():
            notification.dismiss()
        mac.account.signed_in = False
        self.error = None
        mac.desktop.show(self)
        mac.runtime.trace.record(mac.name, f"{mac.account.short_name} logged out")

    def sign_in(self, password: str) -> bool:
        mac = self._mac
        if mac.account.signed_in:
            raise SessionError(f"'{mac.account.short_name}' is already signed in to {mac.name}")
        if not self.accepts(password):
            self.error = "The password you entered is incorrect."
            self.wrong_passwords += 1
            mac.runtime.trace.record(mac.name, "login window: wrong password")
            return False
        mac.keychain.locked = False
        self._open_session()
        return True

    def accepts(self, password: str) -> bool:
        """Whether ``password`` opens the account: the local password, or with a password-syncing method
        Entra's password, changed elsewhere (Platform SSO logs in with it and syncs it, as the FAQ says). With
        that method a full login is also made with the typed password when LoginFrequency says one is due."""
        mac = self._mac
        psso = mac.platform_sso
        user, method = psso.user_name, psso.method
        syncs = method is not None and method.syncs_password and psso.registration_completed and user is not None
        local = mac.account.verify(password)
        if syncs and (not local or psso.login_due()):  # a password changed elsewhere, or LoginFrequency's login
            assert user is not None
            return psso.login(user, password) or local
        return local

    def sign_in_with_pin(self, pin: str) -> bool:
        """The paired smart card's PIN; refused after a restart, until the local password unlocked the keychain."""
        mac = self._mac
        if mac.account.signed_in:
            raise SessionError(f"'{mac.account.short_name}' is already signed in to {mac.name}")
        refused = ("Enter your password to unlock your keychain after a restart." if mac.keychain.locked
                   else mac.smart_card_reader.unlock_with_pin(mac.account.short_name, pin))
        if refused is not None:
            self.error = refused
            mac.runtime.trace.record(mac.name, f"login window: {refused}")
            return False
        self._open_session()
        return True

    def restart(self) -> None:
        """The Mac restarts: the session ends, the keychain locks, the card must be unlocked again."""
        mac = self._mac
        if mac.account.signed_in:
            self.sign_out()
        mac.lock_screen.locked = False
        mac.keychain.locked = True
        if mac.smart_card_reader.card is not None:
            mac.smart_card_reader.card.verified = False
        mac.runtime.trace.record(mac.name, "restarted")

    def _open_session(self) -> None:
        mac = self._mac
        mac.account.signed_in = True
        self.error, self.wrong_passwords = None, 0
        mac.desktop.close(self)
        mac.runtime.trace.record(mac.name, f"{mac.account.short_name} logged in")
        check_user_key(mac)  # a Secure Enclave key lost to a password reset: registration required
        mac.platform_sso.user_signed_in()
        mac.platform_sso.unlocked()  # a key method's login, if LoginFrequency says one is due

    def _set_password(self, value: str) -> None:
        self._password = value

    def _log_in(self) -> None:
        self.sign_in(self._password)
