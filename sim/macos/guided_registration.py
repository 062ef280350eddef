"""Registering with Platform SSO as the current join articles describe it, one authentication method each.

After the user selects Register (the Registration Required notification, Users & Groups, Company Portal):

1. macOS 14 and later first show a prompt to register the device with Microsoft Entra, which the user
   unlocks with Touch ID or the local password (``mac.release.entra_registration_prompt``; not on 13);
2. the user signs in: the Entra sign-in (credentials, Next, MFA), or, with a smart card, the card's PIN
   ("Smart card" first when the card is not paired) and certificate-based authentication, then MFA if
   asked. A method whose row says ``mfa_for_setup`` asks Entra for MFA whatever the tenant requires;
3. the device registers (``registration_duration`` of the macOS release), then the user's credential:
   - Secure Enclave: a new key in the Secure Enclave; its public half goes to Entra, and Platform SSO
     logs in with it. No password is synchronized;
   - Smart card: Platform SSO logs in with the card (its certificate, signed with its key);
   - Password: the Single Sign-On window asks the local password (OK) and Platform SSO logs in with it.
     If Entra refuses it (the passwords differ), an Authentication Required notification (Sign-in) opens
     the Microsoft Entra window for the Entra password, which the login then synchronizes.

Closing any of these prompts cancels the registration, as closing the SSO auth prompt does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psso_sim.company_portal.sign_in import outcome_for
from psso_sim.company_portal.sso_extension import DeviceRegistration, EntraAnswer
from psso_sim.entra import es256, jwt, psso_wire
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.macos.authentication_methods import AuthenticationMethod
from psso_sim.macos.password_sync import sync_local_password
from psso_sim.macos.registration_dialogs import ENTRA_PROMPT, PIN_PROMPT, SINGLE_SIGN_ON, SMART_CARD_CHOICE, Prompt
from psso_sim.ui.sign_in_sheet import SignInOutcome, SignInSheet

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac
    from psso_sim.macos.platform_sso import PlatformSSO

__all__ = ["AUTHENTICATE_TO_FINISH", "AUTHENTICATION_REQUIRED", "SIGN_IN_TITLE", "GuidedRegistration"]

AUTHENTICATION_REQUIRED = "Authentication Required"
AUTHENTICATE_TO_FINISH = "Enter your Microsoft Entra ID password. From now on it is also your Mac's password."
SIGN_IN_TITLE = "Sign in to register this device with Microsoft Entra ID"
_WRONG_PASSWORD = 50126


class GuidedRegistration:
    def __init__(self, mac: Mac, method: AuthenticationMethod) -> None:
        self._mac = mac
        self.method = method
        self.prompt: Prompt | None = None
        self.username = ""
        self._user_id = ""
        self._password = ""
        self._access_token: str | None = None

    @property
    def _psso(self) -> PlatformSSO:
        return self._mac.platform_sso

    def start(self) -> None:
        if self.method.user_key == "certificate":
            self._start_smart_card()
        elif self._mac.release.entra_registration_prompt:
            self._show(Prompt(self._mac, ENTRA_PROMPT, self._unlock, self._cancelled, touch_id=self._sign_in))
        else:
            self._sign_in()

    def cancel(self) -> None:
        """Signing out closes whatever prompt is showing, as closing it does."""
        if self.prompt is not None and self.prompt.open:
            self.prompt.cancel()

    # 1. the macOS 14+ prompt, unlocked with Touch ID or the local password
    def _unlock(self, password: str) -> str | None:
        if not self._mac.account.verify(password):
            return "The password you entered is incorrect."
        self._sign_in()
        return None

    # 2. the Entra sign-in
    def _sign_in(self) -> None:
        sheet = SignInSheet(self._mac.runtime.scheduler, SIGN_IN_TITLE, self._submit, self._signed_in)
        self._psso.sheet = sheet
        self._mac.desktop.show(sheet)

    def _submit(self, username: str, password: str, mfa_context: str | None) -> SignInOutcome:
        answer = self._psso.extension.acquire_registration_token(
            username, password, mfa_context, require_mfa=self.method.mfa_for_setup)
        if answer.ok:
            self._password = password
            self._signed_in_as(answer)
        return outcome_for(answer)

    def _signed_in(self, outcome: SignInOutcome) -> None:
        self._psso.close_sheet()
        if outcome.error == "cancelled":
            self._cancelled()
        elif not outcome.ok or self._access_token is None:
            self._psso.sign_in_failed(outcome.error)
        else:
            self._psso.registering(self._registered)

    # 2'. the smart card: its PIN, certificate-based authentication, then MFA if asked
    def _start_smart_card(self) -> None:
        reader = self._mac.smart_card_reader
        if reader.paired(self._mac.account.short_name):
            self._ask_pin()
        else:  # "If the certificate isn't already paired ..., the user sees a prompt to use the smart card."
            self._show(Prompt(self._mac, SMART_CARD_CHOICE, lambda _: self._choose_card(), self._cancelled))

    def _choose_card(self) -> str | None:
        if self._mac.smart_card_reader.card is None:
            return "Insert your smart card."
        self._ask_pin()
        return None

    def _ask_pin(self) -> None:
        self._show(Prompt(self._mac, PIN_PROMPT, self._enter_pin, self._cancelled))

    def _enter_pin(self, pin: str) -> str | None:
        card = self._mac.smart_card_reader.card
        if card is None:
            return "Insert your smart card."
        refused = card.check_pin(pin)
        if refused is not None:
            return refused
        answer = self._certificate_sign_in(None)
        outcome = outcome_for(answer)
        if outcome.mfa_context is not None:  # Entra asks for MFA: the sign-in window waits for the approval
            sheet = SignInSheet(self._mac.runtime.scheduler, SIGN_IN_TITLE,
                                lambda _u, _p, context: outcome_for(self._certificate_sign_in(context)),
                                self._signed_in)
            self._psso.sheet = sheet
            self._mac.desktop.show(sheet)
            sheet.await_approval(outcome.mfa_context)
        elif not outcome.ok:
            self._psso.registration_failed(answer)
            return outcome.error or answer.description
        else:
            self._psso.registering(self._registered)
        return None

    def _certificate_sign_in(self, mfa_context: str | None) -> EntraAnswer:
        card = self._mac.smart_card_reader.card
        assert card is not None
        answer = self._psso.extension.certificate_sign_in(
            card.certificate, card.sign, DRS_RESOURCE, mfa_context, require_mfa=self.method.mfa_for_setup)
        if answer.ok:
            self._signed_in_as(answer)
        return answer

    def _signed_in_as(self, answer: EntraAnswer) -> None:
        claims = jwt.decode_unverified(str(answer.body["id_token"]))[1]
        self._access_token = str(answer.body["access_token"])
        self.username, self._user_id = str(claims["preferred_username"]), str(claims["oid"])

    # 3. the device, then the user's credential
    def _registered(self) -> None:
        assert self._access_token is not None
        registration = self._psso.register_device(self.username, self._access_token)
        if registration is None:
            return
        if self.method.user_key == "secure-enclave":
            self._register_secure_enclave_key(registration)
        elif self.method.user_key == "certificate":
            card = self._mac.smart_card_reader.card
            if card is not None:
                self._psso.key_login(self.username, card.sign)
            self._mac.mdm.check_in()
        else:
            self._show(Prompt(self._mac, SINGLE_SIGN_ON, self._local_password, self._cancelled_login))

    def _register_secure_enclave_key(self, registration: DeviceRegistration) -> None:
        psso, enclave, tag = self._psso, self._mac.secure_enclave, f"platform-credential:{self.username}"
        public_key = enclave.create_key(tag)
        proof = enclave.sign(tag, {"device_id": registration.device_id, "oid": self._user_id})
        answer = psso.extension.register_platform_credential(self._access_token or "", registration, public_key, proof)
        header = psso_wire.embedded_assertion_header(es256.load_public_key(public_key))  # Apple's, for the login
        if not answer.ok:
            psso.user_registration_failed(answer.description)
        elif psso.key_login(self.username, lambda claims: enclave.sign(tag, claims, header)):
            psso.secure_enclave_key = tag
            if self.method.syncs_password:  # the method's row decides; the Secure Enclave's says no
                sync_local_password(self._mac, self._password)
        self._mac.mdm.check_in()

    def _local_password(self, password: str) -> str | None:
        if not self._mac.account.verify(password):
            return "The password you entered is incorrect."
        if not self._psso.login(self.username, password) and self._psso.last_error_code == _WRONG_PASSWORD:
            self._mac.notifications.dismiss_all(AUTHENTICATION_REQUIRED)
            self._mac.notifications.post(
                "Platform Single Sign-On", AUTHENTICATION_REQUIRED,
                "Your Mac password differs from your Microsoft Entra ID password. Sign in to use it on this Mac.",
                {"Sign-in": lambda: self._mac.password_prompt.ask(AUTHENTICATE_TO_FINISH)},
            )
        self._mac.mdm.check_in()
        return None

    def _cancelled_login(self) -> None:
        self._mac.mdm.check_in()  # the device is registered; the user's login waits for the next sign-in

    def _cancelled(self) -> None:
        self._psso.registration_cancelled()

    def _show(self, prompt: Prompt) -> None:
        self.prompt = prompt
        prompt.show()
