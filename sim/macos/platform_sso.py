"""Platform SSO on the Mac (AppSSO): configuration, registration, login and tokens.

The SSO payload turns it on when the Mac's macOS version can read its authentication
method. Registration then needs the user's Entra sign-in, takes a while ("wait for your
device to register": seconds on 14, a few minutes on 13), joins the Mac to Entra, and
logs the user in with their password, which gives the Primary Refresh Token.

Which authentication method the Mac uses is the payload's, read as the macOS release reads it; what the
method does is its row of ``psso_sim.macos.authentication_methods.METHODS``. On a product release whose
row says ``registration_dialogs`` (the current one), registering goes through macOS's dialogs per method
(``psso_sim.macos.guided_registration``); otherwise the Entra sign-in's password is the first login.

Known issues modelled here: a failed registration is offered again after
the macOS release's ``registration_retry_prompt`` ("about 10 minutes" on 14, "a few minutes" on 13); closing the
SSO auth prompt cancels registration until the user signs out of the Mac and in again; the
login then synchronizes the local password (``psso_sim.macos.password_sync``).

Workflows modelled here: a registration notification left unanswered is posted again after the product
release's ``registration_reminder`` (JITR: "reappears after a short time if missed"; current: "approximately
10 minutes"); Company Portal's
compliance mediation asks for "Authentication Required", a registration by phone sign-in after
which the Entra password is asked for (``psso_sim.macos.password_prompt``); a successful registration
retires the Enterprise SSO plug-in's Workplace Join key (``psso_sim.macos.workplace_join``) and, on a
repair, the previous device object; Unregister deletes the device object. Each login restarts
the 4-hourly PRT refresh (``psso_sim.macos.prt_refresh``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from psso_sim.company_portal.host import RegistrationStatus  # defined where Company Portal reads it
from psso_sim.company_portal.sign_in import outcome_for
from psso_sim.company_portal.sso_extension import DeviceRegistration, EntraAnswer, Signer, SsoExtension
from psso_sim.entra import es256, jwt, psso_wire
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.intune.profiles import SsoExtensionPayload
from psso_sim.macos import workplace_join
from psso_sim.macos.authentication_methods import METHODS, AuthenticationMethod
from psso_sim.macos.guided_registration import GuidedRegistration
from psso_sim.macos.keychain import KeychainItem
from psso_sim.macos.password_prompt import SIGN_IN_TO_FINISH
from psso_sim.macos.password_sync import report_sync_failure, sync_local_password
from psso_sim.macos.secure_enclave_device_keys import EnclaveDeviceKeys
from psso_sim.scheduler import Event
from psso_sim.ui.sign_in_sheet import SignInOutcome, SignInSheet

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = [
    "AUTHENTICATION_REQUIRED",
    "REGISTRATION_REMINDER",
    "REGISTRATION_REQUIRED",
    "SIGN_IN_REQUIRED",
    "PlatformSSO",
    "RegistrationStatus",
    "SsoTokens",
    "UserState",
]

# The registration guide's JITR note: "The notification reappears after a short time if missed." The
# seeds' release row holds it; a World reads its own row (``runtime.product.registration_reminder``).
REGISTRATION_REMINDER = timedelta(minutes=5)
REGISTRATION_REQUIRED = "Registration Required"
AUTHENTICATION_REQUIRED = "Authentication Required"
DEVICE_KEYS = ("Platform SSO device signing key", "Platform SSO device encryption key")
_MFA_REQUIRED = 50076  # AADSTS50076: the non-interactive login cannot answer an MFA prompt
_DEVICE_NOT_FOUND = 700003
SIGN_IN_REQUIRED = "Sign In Required"  # the notification asking the user to sign in again (a new password, an expiry)


class UserState(StrEnum):
    NORMAL = "POUserStateNormal (0)"
    LOGIN_NEEDED = "POUserStateLoginNeeded (1)"


@dataclass(frozen=True)
class SsoTokens:
    prt: str
    received: datetime
    expiration: datetime


class PlatformSSO:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.payload: SsoExtensionPayload | None = None
        self.status = RegistrationStatus.NOT_CONFIGURED
        self.registration: DeviceRegistration | None = None
        self.user_state: UserState | None = None
        self.user_id: str | None = None
        self.user_name: str | None = None  # the Entra account the local user is mapped to
        self.login_configuration: dict[str, str] | None = None
        self.retry_prompt: Event | None = None
        self.reminder: Event | None = None  # posts a missed registration notification again
        self._passwordless = False
        self.tokens: SsoTokens | None = None
        self.last_login: datetime | None = None
        self.last_error: str | None = None
        self.sheet: SignInSheet | None = None
        self.flow: GuidedRegistration | None = None  # the current product's per-method registration
        self.registered_method: AuthenticationMethod | None = None
        self.secure_enclave_key: str | None = None  # the tag of the user's Secure Enclave key, once registered
        self.last_error_code: int | None = None
        self._credentials: tuple[str, str, str] | None = None  # user, password, registration access token
        nonces = mac.runtime.seeds.stream(f"psso-client-nonces:{mac.udid}")  # the login request's "nonce"
        self.extension = SsoExtension(mac.http, "organizations", now=mac.runtime.clock.now,
                                      new_nonce=lambda: str(uuid.UUID(int=nonces.getrandbits(128), version=4)).upper(),
                                      wait=mac.runtime.scheduler.advance)

    @property
    def registration_completed(self) -> bool:
        return self.registration is not None

    @property
    def registration_required(self) -> bool:
        return self.payload is not None and self.status is RegistrationStatus.REQUIRED

    @property
    def method(self) -> AuthenticationMethod | None:
        """The method the Mac registered with, else the one its payload asks for on this macOS."""
        return self.registered_method or self._payload_method()

    def _payload_method(self) -> AuthenticationMethod | None:
        value = self.payload.authentication_method_for(self._mac.macos_major) if self.payload else None
        return METHODS.get(value or "")

    @property
    def login_type(self) -> str | None:
        """``app-sso platform -s``: POLoginTypePassword (1), UserSecureEnclaveKey (2) or SmartCard (3)."""
        return self.method.login_type if self.method else None

    def configure(self, payload: SsoExtensionPayload) -> None:
        """An SSO payload was installed: Platform SSO is on if this macOS reads it."""
        if not payload.is_platform_sso_for(self._mac.macos_major):
            self._mac.runtime.trace.record(self._mac.name, "SSO payload has no Platform SSO for this macOS")
            return
        self.payload = payload
        if not self.registration_completed:
            self.require_registration()

    def require_registration(self) -> None:
        self.status = RegistrationStatus.REQUIRED
        self._notify_registration()

    def prompt_registration(self) -> None:
        """Company Portal's action item triggers the registration notification, unless it is showing."""
        if self.registration_required and not self._mac.notifications.active(REGISTRATION_REQUIRED):
            self._notify_registration()

    def _notify_registration(self) -> None:
        notifications = self._mac.notifications
        notifications.dismiss_all(REGISTRATION_REQUIRED)
        notifications.post(
            "Platform Single Sign-On", REGISTRATION_REQUIRED,
            "Your organization requires this device to be registered with your identity provider.",
            {"Register": self.begin_registration},
        )
        self._cancel_reminder()
        self.reminder = self._mac.runtime.scheduler.after(
            self._mac.runtime.product.registration_reminder,
            f"{self._mac.name}: missed registration notification posted again",
            self._remind,
        )

    def _remind(self) -> None:
        self.reminder = None
        if self.registration_required and self._mac.account.signed_in:
            self._notify_registration()

    def _cancel_reminder(self) -> None:
        if self.reminder is not None:
            self.reminder.cancel()
            self.reminder = None

    def request_authentication(self) -> None:
        """Company Portal's compliance mediation: "Authentication Required" starts the set-up."""
        if not self.registration_required:
            return
        self._mac.notifications.dismiss_all(AUTHENTICATION_REQUIRED)
        self._mac.notifications.post(
            "Company Portal", AUTHENTICATION_REQUIRED,
            "Sign in to register this Mac and get back access to your organization's resources.",
            {"Continue": lambda: self.begin_registration(passwordless=True)},
        )

    def begin_registration(self, *, passwordless: bool = False) -> None:
        """The SSO auth prompt: the user signs in so that the Mac can be registered.

        ``passwordless``: the email address, then Microsoft Authenticator; the password is asked
        for once the Mac is registered.
        """
        self.status = RegistrationStatus.SIGNING_IN
        self._passwordless = passwordless
        self._cancel_reminder()
        self._mac.notifications.dismiss_all(REGISTRATION_REQUIRED)
        method = self.method
        if self._mac.runtime.product.registration_dialogs and not passwordless and method is not None:
            self.flow = GuidedRegistration(self._mac, method)
            self.flow.start()
            return
        scheduler = self._mac.runtime.scheduler
        self.sheet = SignInSheet(scheduler, "Sign in to Company Portal", self._submit, self._signed_in,
                                 ask_password=not passwordless)
        self._mac.desktop.show(self.sheet)

    def repair(self) -> None:
        """Users & Groups > Network Account Server > Edit > Repair: the same registration flow."""
        self.begin_registration()

    def _submit(self, username: str, password: str, mfa_context: str | None) -> SignInOutcome:
        if self._passwordless:
            answer = self.extension.phone_sign_in(username, DRS_RESOURCE, mfa_context)
        else:
            answer = self.extension.acquire_registration_token(username, password, mfa_context)
        if answer.ok:
            self._credentials = (username, password, str(answer.body["access_token"]))
        return outcome_for(answer)

    def _signed_in(self, outcome: SignInOutcome) -> None:
        self._close_sheet()
        if not outcome.ok or self._credentials is None:
            if outcome.error == "cancelled":
                self._registration_cancelled()
                return
            self.last_error = outcome.error
            if not self._still_registered(f"repair sign-in refused: {outcome.error}"):
                self.status = RegistrationStatus.REQUIRED
            return
        self.status = RegistrationStatus.REGISTERING
        self._mac.runtime.scheduler.after(
            self._mac.release.registration_duration, f"{self._mac.name}: device registration completes",
            self._complete_registration,
        )

    def _complete_registration(self) -> None:
        assert self._credentials is not None
        username, password, access_token = self._credentials
        if self.register_device(username, access_token) is None:
            return
        if password:
            self.login(username, password)
        else:  # registered by phone sign-in: Platform SSO needs the password to log in
            self.user_name = username
            self._mac.password_prompt.ask(SIGN_IN_TO_FINISH)
        self._mac.mdm.check_in()  # report the registration to Intune

    # the steps every flow shares
    def registering(self, then: Callable[[], None]) -> None:
        """Signed in: the device registers, which takes the macOS release's registration_duration."""
        self.status = RegistrationStatus.REGISTERING
        self._mac.runtime.scheduler.after(
            self._mac.release.registration_duration, f"{self._mac.name}: device registration completes", then)

    def register_device(self, username: str, access_token: str) -> DeviceRegistration | None:
        """Join the Mac to Entra (device keys, certificate); None, and a failure scheduled to retry, if refused."""
        assert self.payload is not None
        keys = EnclaveDeviceKeys(self._mac.secure_enclave)  # the device signing and encryption keys
        answer, registration = self.extension.register_device(
            access_token, display_name=self._mac.name, os_version=self._mac.os_version,
            registration_token=self.payload.registration_token or "", keys=keys, domain=username.partition("@")[2],
        )
        if registration is None:
            keys.delete()
            self._fail(answer)
            return None
        previous, self.registration = self.registration, registration
        self.registered_method = self._payload_method()
        for key in DEVICE_KEYS:
            self._mac.keychain.add(KeychainItem(key, "key", registration.device_id))
        self.status = RegistrationStatus.REGISTERED
        self._mac.runtime.trace.record(self._mac.name, f"registered with Entra as {registration.device_id}")
        workplace_join.retire_workplace_join(self._mac)  # device migration from the Enterprise SSO plug-in
        if previous is not None:  # a repair: the old device object goes, if Entra still has it
            self.extension.unregister_device(previous)
            previous.keys.delete()
        self.login_configuration = self.extension.login_configuration(username.partition("@")[2])
        self.user_name = username
        return registration

    def close_sheet(self) -> None:
        self._close_sheet()

    def sign_in_failed(self, error: str | None) -> None:
        """The sign-in was refused: the registration is still required (the sheet showed why)."""
        self.status = RegistrationStatus.REQUIRED
        self.last_error = error

    def registration_failed(self, answer: EntraAnswer) -> None:
        self._fail(answer)

    def registration_cancelled(self) -> None:
        self._registration_cancelled()

    def user_registration_failed(self, reason: str) -> None:
        """The device joined, but Entra refused the user's credential: the user is not logged in."""
        self.user_state = UserState.LOGIN_NEEDED
        self.last_error = reason
        self._mac.runtime.trace.record(self._mac.name, f"user registration failed: {reason}")

    def cancel_prompts(self) -> None:
        """Logging out closes the SSO auth prompt and the registration dialogs, as closing them does."""
        if self.sheet is not None:
            self.sheet.cancel()
        if self.flow is not None:
            self.flow.cancel()

    def unregister(self) -> str | None:
        """Company Portal > Preferences > Unregister; None, or why it failed.

        The device object goes (already gone is fine), then the Mac's keys and tokens; while the
        Platform SSO settings are installed, a new registration is required.
        """
        if self.registration is None:
            return f"{self._mac.name} is not registered"
        answer = self.extension.unregister_device(self.registration)
        if not answer.ok and answer.code != _DEVICE_NOT_FOUND:
            return answer.description or f"HTTP {answer.status}"
        device_id = self.registration.device_id
        self.registration.keys.delete()
        for key in DEVICE_KEYS:
            self._mac.keychain.remove(key)
        if self.secure_enclave_key is not None:
            self._mac.secure_enclave.delete(self.secure_enclave_key)
        self.registration, self.tokens, self.user_state = None, None, None
        self.registered_method, self.secure_enclave_key = None, None
        self._mac.prt_refresh.cancel()
        self._mac.runtime.trace.record(self._mac.name, f"unregistered device {device_id}")
        self._mac.mdm.check_in()  # report to Intune
        if self.payload is not None:
            self.require_registration()
        else:  # pragma: no cover - defensive: no registration is made without a payload
            self.status = RegistrationStatus.NOT_CONFIGURED
        return None

    def login(self, username: str, password: str) -> bool:
        """Platform SSO's password login: on success the Mac holds a fresh PRT."""
        assert self.registration is not None
        self.user_name = username
        answer = self.extension.password_login(self.registration, username, password)
        if not self._logged_in(answer):
            if answer.code == _MFA_REQUIRED:
                report_sync_failure(self._mac, f"Platform SSO couldn't sign in: {answer.description}")
            return False
        method = self.method
        violations = sync_local_password(self._mac, password) if method is None or method.syncs_password else []
        if violations:
            self.user_state = UserState.LOGIN_NEEDED
            self.last_error = "password sync failed: " + "; ".join(violations)
            return False
        return True

    def key_login(self, username: str, sign: Signer) -> bool:
        """Platform SSO's login with the user's key (Secure Enclave, smart card): a PRT, no password."""
        assert self.registration is not None
        self.user_name = username
        return self._logged_in(self.extension.key_login(self.registration, username, sign))

    def prt_renewed(self, prt: str, expires_in: int) -> None:
        """A refresh renewed the PRT: the new one replaces it, valid ``expires_in`` seconds from now."""
        now = self._mac.runtime.clock.now()
        self.tokens = SsoTokens(prt, now, now + timedelta(seconds=expires_in))

    def sign_in_again(self, message: str) -> None:
        """Sign in again after the PRT expired: the Secure Enclave key or the inserted card signs a new login;
        the password method asks for the Entra password (``message`` says why)."""
        if self.user_name is None or self.registration is None:
            return
        if not self._key_login_again():
            self._mac.password_prompt.ask(message)

    def _key_login_again(self) -> bool:
        """A login signed by the user's key (the Secure Enclave's, or the inserted card's); False if neither."""
        user, tag, card = self.user_name, self.secure_enclave_key, self._mac.smart_card_reader.card
        assert user is not None
        if tag is not None:
            enclave = self._mac.secure_enclave
            header = psso_wire.embedded_assertion_header(es256.load_public_key(enclave.public_key(tag)))
            self.key_login(user, lambda claims: enclave.sign(tag, claims, header))
            return True
        if self.method is not None and self.method.user_key == "certificate" and card is not None:
            self.key_login(user, card.sign)
            return True
        return False

    def login_due(self) -> bool:
        """macOS's LoginFrequency (the payload's, 18 hours by default): once the last login is that old, the
        next unlock logs in in full instead of relying on the refresh."""
        if self.last_login is None:
            return True
        settings = self.payload.platform_sso if self.payload is not None else None
        frequency = timedelta(seconds=settings.login_frequency if settings is not None else 64800)
        return self._mac.runtime.clock.now() - self.last_login >= frequency

    def unlocked(self) -> None:
        """The user unlocked the Mac (Touch ID, a card's PIN or the local password): a login with the user's key
        if LoginFrequency says one is due. (The password method logs in with the typed password instead.)"""
        method = self.method
        if (self.registration is not None and self.user_name is not None and method is not None
                and method.user_key is not None and self.login_due()):
            self._key_login_again()

    def _logged_in(self, answer: EntraAnswer) -> bool:
        """Take a login's answer: the PRT and a normal user state, or login-needed and why."""
        if not answer.ok:
            self.user_state = UserState.LOGIN_NEEDED
            self.last_error, self.last_error_code = answer.description, answer.code
            self._mac.runtime.trace.record(self._mac.name, f"Platform SSO login failed: {answer.description}")
            return False
        now = self._mac.runtime.clock.now()
        expires = now + timedelta(seconds=int(answer.body.get("refresh_token_expires_in", 0)))
        self.tokens = SsoTokens(str(answer.body["refresh_token"]), now, expires)
        self.user_state = UserState.NORMAL
        self.user_id = str(jwt.decode_unverified(str(answer.body["id_token"]))[1].get("oid", "")) or None
        self.last_login = now
        self.last_error, self.last_error_code = None, None
        self._mac.notifications.dismiss_all(SIGN_IN_REQUIRED)  # signed in: nothing left to ask
        self._mac.prt_refresh.logged_in()
        return True

    def user_signed_in(self) -> None:
        """The local user signed in to the Mac: a pending or cancelled registration is offered again."""
        offered = (RegistrationStatus.REQUIRED, RegistrationStatus.CANCELLED)
        if self.payload is not None and self.status in offered:
            self.require_registration()

    def _registration_cancelled(self) -> None:
        """The SSO auth prompt was closed: nothing prompts again until the user signs out and in. A Repair
        cancelled on a registered Mac leaves the registration it had: registered, and nothing to prompt for."""
        if self._still_registered("repair cancelled: SSO auth prompt closed"):
            return
        self.status = RegistrationStatus.CANCELLED
        self.last_error = "registration cancelled by the user"
        self._mac.runtime.trace.record(self._mac.name, "registration cancelled: SSO auth prompt closed")

    def _still_registered(self, why: str) -> bool:
        """A Repair that did not reach Entra (cancelled, or its sign-in refused) changes nothing on a Mac whose
        registration is still in place: the previous device keys and object remain."""
        if self.registration is None:
            return False
        self.status = RegistrationStatus.REGISTERED
        self._mac.runtime.trace.record(self._mac.name, f"{why}: the registration stays")
        return True

    def _fail(self, answer: EntraAnswer) -> None:
        self.last_error = answer.description
        self.status = RegistrationStatus.FAILED
        self._mac.runtime.trace.record(self._mac.name, f"device registration failed: {answer.description}")
        self.retry_prompt = self._mac.runtime.scheduler.after(
            self._mac.release.registration_retry_prompt,
            f"{self._mac.name}: registration offered again after a failure", self._offer_again,
        )

    def _offer_again(self) -> None:
        if self.status is not RegistrationStatus.FAILED or self.payload is None:
            return
        if self._mac.account.signed_in:
            self.require_registration()
        else:
            self.status = RegistrationStatus.REQUIRED  # offered when the user signs in

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            self._mac.desktop.close(self.sheet)
            self.sheet = None
