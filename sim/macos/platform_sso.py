"""Platform SSO on the Mac (AppSSO): configuration, registration, login and tokens.

The SSO payload turns it on when the Mac's macOS version can read its authentication
method. Registration then needs the user's Entra sign-in, takes a while ("wait for your
device to register": seconds on 14, a few minutes on 13), joins the Mac to Entra, and
logs the user in with their password, which gives the Primary Refresh Token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from sim.company_portal.sign_in import outcome_for
from sim.company_portal.sso_extension import DeviceRegistration, EntraAnswer, SsoExtension
from sim.intune.profiles import SsoExtensionPayload
from sim.macos.keychain import KeychainItem
from sim.ui.sign_in_sheet import SignInOutcome, SignInSheet

if TYPE_CHECKING:
    from sim.macos.mac import Mac

__all__ = ["LOGIN_TYPES", "REGISTRATION_DURATION", "PlatformSSO", "RegistrationStatus", "SsoTokens", "UserState"]

REGISTRATION_DURATION = {13: timedelta(minutes=3), 14: timedelta(seconds=30)}
LOGIN_TYPES = {"Password": "POLoginTypePassword (1)", "UserSecureEnclaveKey": "POLoginTypeUserSecureEnclaveKey (2)",
               "SmartCard": "POLoginTypeSmartCard (3)"}


class RegistrationStatus(StrEnum):
    NOT_CONFIGURED = "not configured"
    REQUIRED = "registration required"
    SIGNING_IN = "signing in"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"


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
        self.tokens: SsoTokens | None = None
        self.last_login: datetime | None = None
        self.last_error: str | None = None
        self.sheet: SignInSheet | None = None
        self._credentials: tuple[str, str, str] | None = None  # user, password, registration access token
        self.extension = SsoExtension(mac.http, "organizations")

    @property
    def registration_completed(self) -> bool:
        return self.registration is not None

    @property
    def registration_required(self) -> bool:
        return self.payload is not None and self.status is RegistrationStatus.REQUIRED

    @property
    def login_type(self) -> str | None:
        method = self.payload.authentication_method_for(self._mac.macos_major) if self.payload else None
        return LOGIN_TYPES.get(method or "")

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
        self._mac.notifications.dismiss_all("Registration Required")
        self._mac.notifications.post(
            "Platform Single Sign-On", "Registration Required",
            "Your organization requires this device to be registered with your identity provider.",
            {"Register": self.begin_registration},
        )

    def begin_registration(self) -> None:
        """The SSO auth prompt: the user signs in so that the Mac can be registered."""
        self.status = RegistrationStatus.SIGNING_IN
        self._mac.notifications.dismiss_all("Registration Required")
        scheduler = self._mac.runtime.scheduler
        self.sheet = SignInSheet(scheduler, "Sign in to Company Portal", self._submit, self._signed_in)
        self._mac.desktop.show(self.sheet)

    def _submit(self, username: str, password: str, mfa_context: str | None) -> SignInOutcome:
        answer = self.extension.acquire_registration_token(username, password, mfa_context)
        if answer.ok:
            self._credentials = (username, password, str(answer.body["access_token"]))
        return outcome_for(answer)

    def _signed_in(self, outcome: SignInOutcome) -> None:
        self._close_sheet()
        if not outcome.ok or self._credentials is None:
            self.status = RegistrationStatus.REQUIRED
            self.last_error = outcome.error
            return
        self.status = RegistrationStatus.REGISTERING
        self._mac.runtime.scheduler.after(
            REGISTRATION_DURATION[self._mac.macos_major], f"{self._mac.name}: device registration completes",
            self._complete_registration,
        )

    def _complete_registration(self) -> None:
        assert self._credentials is not None and self.payload is not None
        username, password, access_token = self._credentials
        seeds = self._mac.runtime.seeds
        answer, registration = self.extension.register_device(
            access_token, display_name=self._mac.name, os_version=self._mac.os_version,
            registration_token=self.payload.registration_token or "", signing_key=seeds.token("sk-", purpose="keys"),
            encryption_key=seeds.token("ek-", purpose="keys"), domain=username.partition("@")[2],
        )
        if registration is None:
            self._fail(answer)
            return
        self.registration = registration
        self._mac.keychain.add(KeychainItem("Platform SSO device signing key", "key", registration.device_id))
        self._mac.keychain.add(KeychainItem("Platform SSO device encryption key", "key", registration.device_id))
        self.status = RegistrationStatus.REGISTERED
        self._mac.runtime.trace.record(self._mac.name, f"registered with Entra as {registration.device_id}")
        self.login(username, password)
        self._mac.mdm.check_in()  # report the registration to Intune

    def login(self, username: str, password: str) -> bool:
        """Platform SSO's password login: on success the Mac holds a fresh PRT."""
        assert self.registration is not None
        answer = self.extension.password_login(self.registration, username, password)
        if not answer.ok:
            self.user_state = UserState.LOGIN_NEEDED
            self.last_error = answer.description
            self._mac.runtime.trace.record(self._mac.name, f"Platform SSO login failed: {answer.description}")
            return False
        now = self._mac.runtime.clock.now()
        expires = now + timedelta(seconds=int(answer.body.get("refresh_token_expires_in", 0)))
        self.tokens = SsoTokens(str(answer.body["refresh_token"]), now, expires)
        self.user_state = UserState.NORMAL
        self.last_login = now
        self.last_error = None
        return True

    def _fail(self, answer: EntraAnswer) -> None:
        self.status = RegistrationStatus.FAILED
        self.last_error = answer.description
        self._mac.runtime.trace.record(self._mac.name, f"device registration failed: {answer.description}")

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            self._mac.desktop.close(self.sheet)
            self.sheet = None
