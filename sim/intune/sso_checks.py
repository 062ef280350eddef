"""Intune's check of the SSO extension payloads that target one device: errors 10001 and 10002.

"Configure platform SSO for macOS devices" > Common errors: ``10001: misconfiguration in the SSOe
payload.`` (a required setting is missing, or a setting does not apply to the device: typically the
macOS 13 and 14 authentication settings) and ``10002: multiple SSOe payloads configured.`` Which keys a
device reads, and which methods it knows, are its macOS row's (``psso_sim.product.MACOS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, get_args

from psso_sim.errors import SimError
from psso_sim.intune.sso_payload import (
    DEVICE_REGISTRATION_PLACEHOLDER,
    AuthenticationMethod,
    PlatformSSOSettings,
    SsoExtensionPayload,
    microsoft_identity_problems,
)
from psso_sim.product.macos import MACOS, MacOSRelease

if TYPE_CHECKING:  # profiles imports this module
    from psso_sim.intune.profiles import ConfigurationProfile

__all__ = ["MultipleSsoPayloads", "SsoPayloadError", "SsoPayloadMisconfigured", "check_sso_payloads"]

# FileVault, login and unlock policy values that apply to the Password method only (Apple's schema).
_PASSWORD_ONLY = ("AttemptAuthentication", "RequireAuthentication", "AllowOfflineGracePeriod",
                  "AllowAuthenticationGracePeriod")
_POLICY_KEYS = ("FileVaultPolicy", "LoginPolicy", "UnlockPolicy")


class SsoPayloadError(SimError):
    """Intune's report on the SSO extension payloads that target one device."""

    subsystem = "intune"
    code: ClassVar[int]
    summary: ClassVar[str]

    @property
    def intune_message(self) -> str:
        """What the Intune admin center shows for the device: ``10001: misconfiguration in the SSOe payload.``"""
        return f"{self.code}: {self.summary}"


class SsoPayloadMisconfigured(SsoPayloadError):
    """Intune error 10001: the SSO payload cannot work on the device's macOS version."""

    code = 10001
    summary = "misconfiguration in the SSOe payload."

    def __init__(self, payload_identifier: str, macos_major: int, problems: Sequence[str]) -> None:
        self.payload_identifier = payload_identifier
        self.macos_major = macos_major
        self.problems = tuple(problems)
        super().__init__(
            f"SSO payload '{payload_identifier}' is misconfigured for macOS {macos_major} "
            f"(Intune error {self.code}): " + "; ".join(self.problems),
            hint="set the keys as recommended_psso_payload() does; a fleet with macOS 13 and 14 "
            "sets both AuthenticationMethod and PlatformSSO > AuthenticationMethod",
        )


class MultipleSsoPayloads(SsoPayloadError):
    """Intune error 10002: more than one SSO extension payload targets the device."""

    code = 10002
    summary = "multiple SSOe payloads configured."

    def __init__(self, payload_identifiers: Sequence[str]) -> None:
        self.payload_identifiers = tuple(payload_identifiers)
        names = ", ".join(f"'{identifier}'" for identifier in self.payload_identifiers)
        super().__init__(
            f"{len(self.payload_identifiers)} SSO extension payloads target this device "
            f"(Intune error {self.code}): {names}; expected exactly one",
            hint="assign the device only one profile with a com.apple.extensiblesso payload",
        )


def check_sso_payloads(profiles: Sequence[ConfigurationProfile], macos_major: int) -> None:
    """Raises MultipleSsoPayloads (10002) for more than one payload, SsoPayloadMisconfigured (10001)
    when the single payload sets up Platform SSO but cannot give it on ``macos_major``."""
    payloads = [payload for profile in profiles for payload in profile.payloads(SsoExtensionPayload)]
    if len(payloads) > 1:
        raise MultipleSsoPayloads([payload.payload_identifier for payload in payloads])
    if not payloads or not payloads[0].configures_platform_sso():  # an SSO app extension alone is fine
        return
    payload = payloads[0]
    problems = microsoft_identity_problems(payload) + _version_problems(payload, macos_major)
    if problems:
        raise SsoPayloadMisconfigured(payload.payload_identifier, macos_major, problems)


def _methods_of(release: MacOSRelease) -> str:
    methods = [m for m in get_args(AuthenticationMethod) if m in release.authentication_methods]
    return ", ".join(repr(m) for m in methods[:-1]) + f" or {methods[-1]!r}"


def _first_release_with(method: str) -> str:
    majors = [major for major, release in MACOS.items() if method in release.authentication_methods]
    return f"macOS {min(majors)}" if majors else "a macOS release not simulated here"


def _version_problems(payload: SsoExtensionPayload, macos_major: int) -> list[str]:
    release = MACOS.get(macos_major)
    if release is None:
        return [f"Platform SSO needs macOS {min(MACOS)} or later (device runs macOS {macos_major})"]
    problems = []
    if not payload.registration_token:
        problems.append(f"RegistrationToken: expected {DEVICE_REGISTRATION_PLACEHOLDER!r} (got nothing)")
    if release.reads_method_from == "AuthenticationMethod":
        method = payload.authentication_method
        if method is not None and method not in release.authentication_methods:
            problems.append(
                f"AuthenticationMethod: expected {_methods_of(release)} "
                f"(got {method!r}, which needs {_first_release_with(method)})"
            )
        elif method is None:
            problems.append(
                f"AuthenticationMethod: expected {_methods_of(release)} (got nothing; "
                f"macOS {macos_major} reads the top-level key, not PlatformSSO > AuthenticationMethod)"
            )
        return problems
    settings = payload.platform_sso
    if settings is None:
        problems.append(
            "PlatformSSO: expected a dictionary with AuthenticationMethod and UseSharedDeviceKeys true "
            f"(got nothing; macOS {macos_major} does not read the top-level AuthenticationMethod)"
        )
        return problems
    method = settings.authentication_method
    if method is None:
        problems.append(
            f"PlatformSSO.AuthenticationMethod: expected {_methods_of(release)} "
            f"(got nothing; macOS {macos_major} does not read the top-level key)"
        )
    elif method not in release.authentication_methods:
        problems.append(f"PlatformSSO.AuthenticationMethod: expected {_methods_of(release)} "
                        f"(got {method!r}, which needs {_first_release_with(method)})")
    if not settings.use_shared_device_keys:
        problems.append("PlatformSSO.UseSharedDeviceKeys: expected true (got false)")
    return problems + _policy_problems(settings, release)


def _policy_problems(settings: PlatformSSOSettings, release: MacOSRelease) -> list[str]:
    """Apple's rules for the FileVault, login and unlock policies, on a macOS that reads them."""
    problems = []
    for key in _POLICY_KEYS:
        values: list[str] = getattr(settings, _field(key)) or []
        if key not in release.platform_sso_keys or not values:
            continue
        password_only = [v for v in values if v in _PASSWORD_ONLY]
        if password_only and settings.authentication_method != "Password":
            problems.append(f"PlatformSSO.{key}: {', '.join(password_only)} applies to the Password method "
                            f"only (got AuthenticationMethod {settings.authentication_method!r})")
        for value, period in (("AllowOfflineGracePeriod", "OfflineGracePeriod"),
                              ("AllowAuthenticationGracePeriod", "AuthenticationGracePeriod")):
            if value in values and getattr(settings, _field(period)) is None:
                problems.append(f"PlatformSSO.{period}: required with {key} {value} (got nothing)")
    return list(dict.fromkeys(problems))  # two policies may miss the same grace period


def _field(alias: str) -> str:
    return next(name for name, f in PlatformSSOSettings.model_fields.items() if f.alias == alias)
