"""The Mac as Company Portal sees it: what the app reads and calls of the Mac it runs on.

The Mac hosts Company Portal, and Platform SSO uses the SSO extension shipped inside it, so
``psso_sim.macos`` depends on this package and never the other way round (tests/core/test_layering.py).
The app is typed against these protocols; ``psso_sim.macos.mac.Mac`` satisfies them. They are
read-only (properties) so that the Mac's own, richer types fit them.

Platform SSO's registration status lives here because it is what Company Portal displays;
``psso_sim.macos.platform_sso`` re-exports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import httpx
    from _typeshed import DataclassInstance

    from psso_sim.company_portal.app import CompanyPortal
    from psso_sim.company_portal.sso_extension import DeviceRegistration, SsoExtension
    from psso_sim.intune.profiles import ConfigurationProfile
    from psso_sim.runtime import Runtime
    from psso_sim.ui.desktop import Desktop

__all__ = ["HostLogging", "HostMac", "HostMdm", "HostPlatformSso", "HostTokens", "RegistrationStatus"]


class RegistrationStatus(StrEnum):
    NOT_CONFIGURED = "not configured"
    REQUIRED = "registration required"
    SIGNING_IN = "signing in"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"
    CANCELLED = "cancelled"  # the SSO auth prompt was closed; offered again at the next sign-in


class HostTokens(Protocol):
    """Platform SSO's tokens, as the diagnostic report dates them."""

    @property
    def received(self) -> datetime: ...
    @property
    def expiration(self) -> datetime: ...


class HostPlatformSso(Protocol):
    """Platform SSO: its state for the set-up screens and the report, and the registration it offers."""

    @property
    def extension(self) -> SsoExtension: ...
    @property
    def status(self) -> RegistrationStatus: ...
    @property
    def registration(self) -> DeviceRegistration | None: ...
    @property
    def registration_completed(self) -> bool: ...
    @property
    def registration_required(self) -> bool: ...
    @property
    def login_type(self) -> str | None: ...
    @property
    def user_state(self) -> StrEnum | None: ...
    @property
    def last_error(self) -> str | None: ...
    @property
    def tokens(self) -> HostTokens | None: ...

    def begin_registration(self) -> None: ...
    def prompt_registration(self) -> None: ...
    def request_authentication(self) -> None: ...
    def unregister(self) -> str | None:
        """None, or why the device registration could not be removed."""


class HostMdm(Protocol):
    @property
    def enrolled(self) -> bool: ...
    @property
    def supervised(self) -> bool: ...
    @property
    def managed_by(self) -> str | None: ...

    def check_in(self) -> bool: ...


class HostLogging(Protocol):
    def appsso_messages(self) -> list[str]: ...


class HostMac(Protocol):
    """The Mac Company Portal runs on."""

    @property
    def name(self) -> str: ...
    @property
    def udid(self) -> str: ...
    @property
    def os_version(self) -> str: ...
    @property
    def serial_number(self) -> str: ...
    @property
    def runtime(self) -> Runtime: ...
    @property
    def http(self) -> httpx.Client: ...
    @property
    def desktop(self) -> Desktop: ...
    @property
    def platform_sso(self) -> HostPlatformSso: ...
    @property
    def mdm(self) -> HostMdm: ...
    @property
    def profiles(self) -> Mapping[str, ConfigurationProfile]: ...
    @property
    def password_policy(self) -> DataclassInstance | None: ...
    @property
    def logging(self) -> HostLogging: ...
    @property
    def company_portal(self) -> CompanyPortal: ...

    def download_profile(self, profile: ConfigurationProfile) -> None: ...
    def app_sso_platform_state(self) -> str:
        """``app-sso platform -s``: the Platform SSO state the diagnostic report attaches."""
