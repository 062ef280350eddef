"""The Microsoft sign-in page in the browser, with a passkey: the Platform Credential, from Company Portal.

The page (``login.microsoftonline.com``, where single sign-on does not answer for the user) takes the email
address and asks Entra what the user can sign in with (``GetCredentialType``, over HTTP). It offers
**Face, fingerprint, PIN or security key** only when Entra says a passkey can sign the user in: the
tenant's passkey (FIDO2) policy is on and accepts Company Portal's authenticator
(:mod:`psso_sim.entra.passkey_authentication`). Choosing it, macOS lists the passkeys its providers hold for
``login.microsoft.com``: Company Portal's, when it is on as a passkey provider and holds the Secure Enclave
credential (:mod:`psso_sim.macos.passkeys`: the Secure Enclave method only). Continue and Touch ID: the
Secure Enclave signs the page's challenge, Entra checks it and signs the user in. Otherwise the password.

Each missing condition shows as the troubleshooting article's symptom, "Platform Credential as Passkey option"
unavailable: no passkey option on the page (FIDO2 off), or no passkey in macOS's list (Company Portal off,
another method).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from psso_sim.company_portal.sign_in import MESSAGES, outcome_for
from psso_sim.company_portal.sso_extension import CLIENT_ID, LOGIN, EntraAnswer
from psso_sim.entra.passkey_authentication import RP_ID
from psso_sim.macos.passkeys import COMPANY_PORTAL
from psso_sim.ui.screen import View, view

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["PASSKEYS", "PASSKEY_OPTION", "PasskeyChooser", "SignInPage", "sign_in_page"]

PASSKEY_OPTION = "Face, fingerprint, PIN or security key"
PASSKEYS = "Passkeys"  # macOS's sheet listing the passkeys its providers hold


class SignInPage:
    name = "Sign in"

    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.resource: str | None = None
        self.state = "closed"  # closed | email | password | signed in
        self.username = ""
        self.error: str | None = None
        self.access_token: str | None = None
        self.fido: dict[str, Any] | None = None  # Entra's FidoParams: a passkey may sign the user in
        self._password = ""
        self.chooser = PasskeyChooser(mac, self)

    def open(self, resource: str) -> None:
        self.resource, self.state, self.error, self.access_token, self.fido = resource, "email", None, None, None
        self._mac.desktop.show(self)

    def view(self) -> View | None:
        error = [self.error] if self.error else []
        if self.state == "email":
            return view(self.name, f"Sign in to {self.resource}", fields={"Email address": self._set_username},
                        text=error, buttons={"Next": self._next})
        if self.state == "password":
            buttons = {"Sign in": self._sign_in_with_password}
            if self.fido is not None:
                buttons[PASSKEY_OPTION] = self._use_passkey
            return view(self.name, "Enter password", fields={"Password": self._set_password},
                        text=[self.username, *error], buttons=buttons)
        if self.state == "signed in":
            return view(self.name, f"Welcome to {self.resource}", text=[f"Signed in as {self.username}"])
        return None

    def _set_username(self, value: str) -> None:
        self.username = value

    def _set_password(self, value: str) -> None:
        self._password = value

    def _next(self) -> None:
        response = self._mac.http.post(f"{LOGIN}/common/GetCredentialType", json={"username": self.username})
        body = response.json()
        if response.status_code != 200 or body.get("IfExistsResult") != 0:
            self.error = MESSAGES[50034]
            return
        self.state, self.error = "password", None
        self.fido = body["Credentials"].get("FidoParams") if body["Credentials"].get("HasFido") else None

    def _sign_in_with_password(self) -> None:
        answer = self._mac.platform_sso.extension.sign_in(self.username, self._password, self.resource or "", None)
        self.finish(answer)

    def _use_passkey(self) -> None:
        self.chooser.show()

    def finish(self, answer: EntraAnswer) -> None:
        """Entra's answer to the password or the passkey."""
        outcome = outcome_for(answer)
        if outcome.ok:
            self.state, self.error, self.access_token = "signed in", None, str(answer.body["access_token"])
            self._mac.runtime.trace.record(self._mac.name, f"signed in to {self.resource} on the sign-in page")
        else:
            self.error = outcome.error or "Sign-in failed."


class PasskeyChooser:
    """macOS's passkey sheet: the passkeys for the page's relying party, from the providers turned on."""

    name = PASSKEYS

    def __init__(self, mac: Mac, page: SignInPage) -> None:
        self._mac = mac
        self._page = page
        self.open = False
        self.waiting_for_touch_id = False

    def show(self) -> None:
        self.open, self.waiting_for_touch_id = True, False
        self._mac.desktop.show(self)

    def close(self) -> None:
        self.open, self.waiting_for_touch_id = False, False
        self._mac.desktop.close(self)
        if self._mac.touch_id.waiting == self._verified:
            self._mac.touch_id.waiting = None

    def view(self) -> View | None:
        if not self.open:
            return None
        if self._mac.passkeys.why_no_platform_credential() is not None:
            return view(self.name, "Sign in with a passkey", buttons={"Cancel": self.close},
                        text=[f"No passkeys for {RP_ID} are available on this Mac."])
        text = [f"{self._mac.platform_sso.user_name} ({COMPANY_PORTAL})"]
        if self.waiting_for_touch_id:
            return view(self.name, "Sign in with a passkey", text=[*text, "Touch ID to sign in."],
                        buttons={"Cancel": self.close})
        return view(self.name, "Sign in with a passkey", text=[f"Choose a passkey for {RP_ID}.", *text],
                    buttons={"Continue": self._continue, "Cancel": self.close})

    def _continue(self) -> None:
        self.waiting_for_touch_id = True  # the Secure Enclave key needs the user's presence
        self._mac.touch_id.waiting = self._verified

    def _verified(self) -> None:
        fido = self._page.fido or {}
        assertion = self._mac.passkeys.sign_assertion(str(fido.get("Challenge", "")), str(fido.get("RpId", RP_ID)))
        response = self._mac.http.post(f"{LOGIN}/common/fido/assertion", json={
            "assertion": assertion, "client_id": CLIENT_ID, "resource": self._page.resource or ""})
        self.close()
        self._page.finish(EntraAnswer(response.status_code, response.json()))


_PAGES: WeakKeyDictionary[Mac, SignInPage] = WeakKeyDictionary()


def sign_in_page(mac: Mac) -> SignInPage:
    """The Mac's browser tab on the Microsoft sign-in page (one a Mac)."""
    if mac not in _PAGES:
        _PAGES[mac] = SignInPage(mac)
    return _PAGES[mac]
