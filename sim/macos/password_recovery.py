"""A forgotten local password: FileVault's recovery key resets it, and what that does to Platform SSO.

Every simulated Mac encrypts its disk with FileVault and holds a personal recovery key; a managed Mac
escrows it with Intune (:mod:`psso_sim.intune.recovery_keys`), where the helpdesk can look it up: the
"MDM-driven recovery" (troubleshooting FAQ, Secure Enclave: "Users can reset the local password via Apple ID
or an admin recovery key"). After three wrong passwords the login window offers to reset the password with
the recovery key; the Reset Password window takes the key and a new password, and the user is signed in.

The reset sets the local password without the old one, so (troubleshooting article, known issues):

- the Secure Enclave, whose keys are protected by the local password, is reset: "password resets that occur
  without providing this password (such as FileVault or MDM-based recovery) resets the Secure Enclave";
  the Secure Enclave method's Platform Credential is gone;
- with a method that keeps the local password in sync with Entra ID (Password), the recovery removes the
  Platform SSO registration (FAQ, Password Sync: "registration removal during recovery and may prompt users
  to re-register after recovery. This is expected behavior").

Whenever the user's session opens, Platform SSO checks that the Secure Enclave still holds the key it
registered (:func:`check_user_key`); without it Platform SSO can no longer sign the user in, and asks to
register the Mac again ("Devices whose Secure Enclave keys are lost must be reregistered"). Registering
again makes a new key and replaces the device object. A smart card's key is on the card: a reset leaves it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from psso_sim.macos.device_configuration import device_configuration
from psso_sim.macos.platform_sso import RegistrationStatus, UserState
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["RESET_PASSWORD", "RESET_WITH_RECOVERY_KEY", "WRONG_PASSWORDS_BEFORE_RESET", "FileVault", "PasswordReset",
           "check_user_key", "registration_lost", "remove_synced_registration", "reset_local_password"]

RESET_WITH_RECOVERY_KEY = "Reset it using your Recovery Key"
RESET_PASSWORD = "Reset Password"
WRONG_PASSWORDS_BEFORE_RESET = 3  # the login window offers the reset after three wrong passwords
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # Apple's recovery keys: no 0/O, 1/I


class FileVault:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        rng = mac.runtime.seeds.stream(f"filevault:{mac.udid}")
        self.personal_recovery_key = "-".join("".join(rng.choice(_ALPHABET) for _ in range(4)) for _ in range(6))
        self.reset_window = PasswordReset(mac, self)

    def accepts(self, recovery_key: str) -> bool:
        return recovery_key.strip().upper() == self.personal_recovery_key

    def offer_reset(self) -> None:
        """The login window's "Reset it using your Recovery Key"."""
        self.reset_window.show()


class PasswordReset:
    """The Reset Password window: the recovery key, a new password twice."""

    name = RESET_PASSWORD

    def __init__(self, mac: Mac, filevault: FileVault) -> None:
        self._mac = mac
        self._filevault = filevault
        self.open = False
        self.error: str | None = None
        self._entries: dict[str, str] = {}

    def show(self) -> None:
        self.open, self.error, self._entries = True, None, {}
        self._mac.desktop.show(self)

    def close(self) -> None:
        self.open = False
        self._mac.desktop.close(self)

    def view(self) -> View | None:
        if not self.open:
            return None
        fields = {label: partial(self._enter, label) for label in ("Recovery Key", "New password", "Verify password")}
        return view(self.name, RESET_PASSWORD, fields=fields,
                    text=["Enter your FileVault recovery key and a new password for your account.",
                          *([self.error] if self.error else [])],
                    buttons={RESET_PASSWORD: self._reset, "Cancel": self.close})

    def _enter(self, label: str, value: str) -> None:
        self._entries[label] = value

    def _reset(self) -> None:
        key, new, again = (self._entries.get(f, "") for f in ("Recovery Key", "New password", "Verify password"))
        if not self._filevault.accepts(key):
            self.error = "The recovery key you entered is incorrect."
        elif not new:
            self.error = "Enter a new password."
        elif new != again:
            self.error = "The passwords you entered don't match."
        else:
            self.close()
            reset_local_password(self._mac, new)
            self._mac.login_window.sign_in(new)


def reset_local_password(mac: Mac, new_password: str) -> None:
    """A reset without the old password: the new password, the Secure Enclave reset, and (password sync)
    the Platform SSO registration removed."""
    mac.account.password = new_password
    mac.runtime.trace.record(mac.name, "local password reset with the FileVault recovery key")
    mac.secure_enclave.reset()  # its keys were protected by the password nobody gave
    remove_synced_registration(mac)


def remove_synced_registration(mac: Mac) -> None:
    """The FAQ's Password Sync note: a method that syncs the local password loses its registration."""
    psso = mac.platform_sso
    method = psso.method
    if method is not None and method.syncs_password and psso.registration_completed:
        registration_lost(mac, "Platform SSO registration removed during password recovery")


def check_user_key(mac: Mac) -> None:
    """A session opens: Platform SSO needs the Secure Enclave key it registered for the user."""
    tag = mac.platform_sso.secure_enclave_key
    if tag is not None and not mac.secure_enclave.has(tag):
        registration_lost(mac, "the Platform Credential's Secure Enclave key is gone")


def registration_lost(mac: Mac, reason: str) -> None:
    """Platform SSO can no longer sign the user in: no PRT, no user configuration; registration is required
    (the notification comes when the user's session opens, which checks what Platform SSO must ask)."""
    psso = mac.platform_sso
    psso.tokens, psso.user_name, psso.secure_enclave_key = None, None, None
    psso.user_state, psso.last_error = UserState.LOGIN_NEEDED, reason
    psso.status = RegistrationStatus.REQUIRED
    mac.prt_refresh.cancel()
    device_configuration(mac).text = None  # macOS removes the configuration it can no longer use
    mac.runtime.trace.record(mac.name, f"{reason}: Platform SSO registration required")
