"""The macOS releases Platform SSO runs on, one row each: what differs between 13, 14 and 15 is data here.

A behaviour that depends on the macOS version is a field of :class:`MacOSRelease`, read by the model
that needs it (``mac.release.registration_duration``), never an ``if macos_major >= 14`` in that model.
The values come from the documents: the seeds (13, 14) and the current Learn articles (15).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from psso_sim.errors import SimError

__all__ = ["MACOS", "MacOSRelease", "UnsupportedMacOS", "macos_release"]


class UnsupportedMacOS(SimError):
    subsystem = "macos"


@dataclass(frozen=True)
class MacOSRelease:
    major: int
    name: str
    os_version: str
    """The build a new simulated Mac runs (the one the documents were written against)."""
    registration_duration: timedelta
    """'Wait for your device to register': seconds on 14 and later, 'a few minutes' on 13."""
    registration_retry_prompt: timedelta
    """After a failed registration the prompt comes back: 'after about 10 minutes' on 14 and later
    (the Device Registration popup), 'wait a few minutes and try again if prompted' on 13."""
    reads_method_from: str
    """Where the SSO payload's authentication method is read: the top-level ``AuthenticationMethod``
    (13) or ``PlatformSSO`` > ``AuthenticationMethod`` (14 and later)."""
    authentication_methods: frozenset[str]
    """The Platform SSO methods this macOS can use (Apple: SmartCard from 14)."""
    users_and_groups_registration: bool
    """Users & Groups > Network Account Server offers Register and Repair (14 and later; 13 has neither)."""
    entra_registration_prompt: bool
    """Selecting Register first shows a prompt to register the device with Microsoft Entra (14 and later)."""
    shared_device_keys: bool
    """``PlatformSSO`` > ``UseSharedDeviceKeys`` is read (14 and later)."""
    profiles_path: tuple[str, ...]
    """System Settings: where a downloaded profile waits ("Open Settings > Privacy & Security > Profiles if
    it doesn't automatically appear", the current Company Portal article; it names no other path for 15)."""
    passkey_provider_path: tuple[str, ...]
    """System Settings: the pane where Company Portal is turned on as a passkey provider. The OOBE and
    troubleshooting articles say Passwords > Password options (13, 14; macOS's own button reads "Password
    Options", as the OOBE article writes it); the Company Portal article says General > Autofill & Passwords,
    macOS 15's naming, for every version: the row follows the macOS."""
    passkey_provider_setting: str
    """The section of that pane holding the Company Portal toggle: 'Use passwords and passkeys from' (13, 14)
    or 'Autofill from' (15, the Company Portal article)."""
    platform_sso_keys: frozenset[str]
    """The keys of the SSO payload's ``PlatformSSO`` dictionary this macOS reads; it ignores the others
    (Apple's com.apple.extensiblesso schema, its 'macOS' column: docs/product/apple-profile-keys.md).
    13 reads no PlatformSSO dictionary; 15.0 adds the FileVault, login and unlock policies."""
    builds: tuple[tuple[str, str], ...]
    """Apple's point releases of this major a simulated Mac may run or update to, oldest first, each with its
    build number (version, build): Software Update offers the latest, sysdiagnose names its archive by build."""
    device_configuration_race: tuple[str, str] | None
    """Known issue "Unexpected/frequent re-registration prompts on macOS Sequoia" (troubleshooting article): the
    first and last build (inclusive) on which AppSSOAgent and AppSSODaemon update the Platform SSO device
    configuration at the same time and corrupt it. 15.0 to 15.2 ("Apple confirmed the fix is deployed in macOS
    15.3"); None where the article reports no such issue (13, 14)."""
    settings_app: str = "System Settings"
    """The app holding the settings panes: Apple renamed System Preferences to System Settings in macOS 13
    Ventura (the articles write "Settings" or "System Settings"); verify-doc flags the old name."""

    @property
    def title(self) -> str:
        return f"macOS {self.major} {self.name}"


_PLATFORM_SSO_14 = frozenset({
    "AuthenticationMethod", "UseSharedDeviceKeys", "AccountDisplayName", "LoginFrequency", "EnableCreateUserAtLogin",
    "EnableAuthorization", "TokenToUserMapping", "NewUserAuthorizationMode", "UserAuthorizationMode",
    "AdministratorGroups", "AdditionalGroups", "AuthorizationGroups"})
_PLATFORM_SSO_15 = _PLATFORM_SSO_14 | {"FileVaultPolicy", "LoginPolicy", "UnlockPolicy", "OfflineGracePeriod",
                                       "AuthenticationGracePeriod", "NonPlatformSSOAccounts"}

_SONOMA = MacOSRelease(
    14, "Sonoma", "14.1.1", registration_duration=timedelta(seconds=30),
    registration_retry_prompt=timedelta(minutes=10), reads_method_from="PlatformSSO.AuthenticationMethod",
    authentication_methods=frozenset({"Password", "UserSecureEnclaveKey", "SmartCard"}),
    users_and_groups_registration=True, entra_registration_prompt=True, shared_device_keys=True,
    profiles_path=("Privacy & Security", "Profiles"), passkey_provider_path=("Passwords", "Password Options"),
    passkey_provider_setting="Use passwords and passkeys from", platform_sso_keys=_PLATFORM_SSO_14,
    builds=(("14.0", "23A344"), ("14.1", "23B74"), ("14.1.1", "23B81"), ("14.1.2", "23B92"), ("14.2", "23C64"),
            ("14.2.1", "23C71")),
    device_configuration_race=None)

MACOS: dict[int, MacOSRelease] = {
    13: MacOSRelease(
        13, "Ventura", "13.6.1", registration_duration=timedelta(minutes=3),
        registration_retry_prompt=timedelta(minutes=5), reads_method_from="AuthenticationMethod",
        authentication_methods=frozenset({"Password", "UserSecureEnclaveKey"}),
        users_and_groups_registration=False, entra_registration_prompt=False, shared_device_keys=False,
        profiles_path=("Privacy & Security", "Profiles"), passkey_provider_path=("Passwords", "Password Options"),
        passkey_provider_setting="Use passwords and passkeys from", platform_sso_keys=frozenset(),
        builds=(("13.6.1", "22G313"), ("13.6.2", "22G320"), ("13.6.3", "22G436")), device_configuration_race=None),
    14: _SONOMA,
    # 15.3: the 15.0-15.2 re-registration known issue is fixed there (a Mac can be set to an earlier build).
    15: replace(_SONOMA, major=15, name="Sequoia", os_version="15.3",
                passkey_provider_path=("General", "Autofill & Passwords"), passkey_provider_setting="Autofill from",
                platform_sso_keys=_PLATFORM_SSO_15,
                builds=(("15.0", "24A335"), ("15.0.1", "24A348"), ("15.1", "24B83"), ("15.1.1", "24B91"),
                        ("15.2", "24C101"), ("15.3", "24D60")),
                device_configuration_race=("15.0", "15.2")),
}
"""Every simulated macOS release, by major version (a plain dict: a rule-breaking test swaps a row)."""


def macos_release(major: int, supported: tuple[int, ...] | None = None) -> MacOSRelease:
    """The row for ``major``; ``supported`` narrows it to what a product release covers."""
    versions = tuple(MACOS) if supported is None else supported
    if major not in versions or major not in MACOS:
        names = ", ".join(MACOS[v].title for v in versions if v in MACOS)
        raise UnsupportedMacOS(f"macOS {major} is not simulated here", hint=f"simulated: {names}")
    return MACOS[major]
