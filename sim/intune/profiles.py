"""Configuration profiles as simulated Intune holds and delivers them.

A profile is Apple's ``.mobileconfig`` property list. The models keep the real plist keys as
field aliases, so that a validation error names the key an admin sees in the file, and they are
strict (an ``<integer>`` must be an integer) because macOS refuses a profile with a wrongly typed
key rather than converting it. Payload types this simulation does not model are kept verbatim as
``OtherPayload``: a real Intune profile also carries SCEP, Wi-Fi and other payloads.
"""

from __future__ import annotations

import pathlib
import plistlib
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Final, Literal, TypeGuard, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError
from pydantic_core import ErrorDetails

from psso_sim.errors import SimError
from psso_sim.product.macos import MACOS, MacOSRelease

__all__ = [
    "DEVICE_REGISTRATION_PLACEHOLDER",
    "MICROSOFT_EXTENSION_IDENTIFIER",
    "MICROSOFT_SSO_URLS",
    "MICROSOFT_TEAM_IDENTIFIER",
    "AuthenticationMethod",
    "ConfigurationProfile",
    "ManagementPayload",
    "MultipleSsoPayloads",
    "OtherPayload",
    "PasscodePayload",
    "Payload",
    "PlatformSSOSettings",
    "ProfileError",
    "SsoExtensionPayload",
    "SsoPayloadError",
    "SsoPayloadMisconfigured",
    "TokenToUserMapping",
    "check_sso_payloads",
    "dump_mobileconfig",
    "load_mobileconfig",
    "recommended_psso_payload",
    "with_registration_token",
]

AuthenticationMethod = Literal["Password", "UserSecureEnclaveKey", "SmartCard"]

MICROSOFT_EXTENSION_IDENTIFIER = "com.microsoft.CompanyPortalMac.ssoextension"
MICROSOFT_TEAM_IDENTIFIER = "UBF8T346G9"
MICROSOFT_SSO_URLS = (
    "https://login.microsoftonline.com",
    "https://login.microsoft.com",
    "https://sts.windows.net",
)
# Intune replaces this variable with the device's real registration token on delivery.
DEVICE_REGISTRATION_PLACEHOLDER = "{{DEVICEREGISTRATION}}"

_SSO_TYPE: Final = "com.apple.extensiblesso"
_PASSCODE_TYPE: Final = "com.apple.mobiledevice.passwordpolicy"
_MDM_TYPE: Final = "com.apple.mdm"
_OTHER_TAG = "other"


class ProfileError(SimError):
    """A profile that cannot be read or does not match Apple's payload keys."""

    subsystem = "intune"

    def __init__(self, message: str, *, problems: Sequence[str] = (), hint: str | None = None) -> None:
        self.problems = tuple(problems)
        super().__init__(message, hint=hint)


class SsoPayloadError(SimError):
    """Intune's report on the SSO extension payloads that target one device."""

    subsystem = "intune"
    code: ClassVar[int]


class SsoPayloadMisconfigured(SsoPayloadError):
    """Intune error 10001: the SSO payload cannot work on the device's macOS version."""

    code = 10001

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

    def __init__(self, payload_identifiers: Sequence[str]) -> None:
        self.payload_identifiers = tuple(payload_identifiers)
        names = ", ".join(f"'{identifier}'" for identifier in self.payload_identifiers)
        super().__init__(
            f"{len(self.payload_identifiers)} SSO extension payloads target this device "
            f"(Intune error {self.code}): {names}; expected exactly one",
            hint="assign the device only one profile with a com.apple.extensiblesso payload",
        )


class _AppleKeys(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, strict=True)


class _Payload(_AppleKeys):
    """The keys every entry of PayloadContent carries."""

    payload_identifier: str = Field(alias="PayloadIdentifier")
    payload_uuid: str = Field(alias="PayloadUUID")
    payload_version: int = Field(default=1, alias="PayloadVersion")
    payload_display_name: str | None = Field(default=None, alias="PayloadDisplayName")
    payload_description: str | None = Field(default=None, alias="PayloadDescription")
    payload_organization: str | None = Field(default=None, alias="PayloadOrganization")


class TokenToUserMapping(_AppleKeys):
    """Which token claims fill the local account (Entra: preferred_username and name)."""

    account_name: str | None = Field(default=None, alias="AccountName")
    full_name: str | None = Field(default=None, alias="FullName")


class PlatformSSOSettings(_AppleKeys):
    """The ``PlatformSSO`` dictionary, read by macOS 14 and later."""

    authentication_method: AuthenticationMethod | None = Field(default=None, alias="AuthenticationMethod")
    use_shared_device_keys: bool = Field(default=False, alias="UseSharedDeviceKeys")
    token_to_user_mapping: TokenToUserMapping | None = Field(default=None, alias="TokenToUserMapping")
    account_display_name: str | None = Field(default=None, alias="AccountDisplayName")
    enable_create_user_at_login: bool | None = Field(default=None, alias="EnableCreateUserAtLogin")
    enable_authorization: bool | None = Field(default=None, alias="EnableAuthorization")
    administrator_groups: list[str] | None = Field(default=None, alias="AdministratorGroups")
    additional_groups: list[str] | None = Field(default=None, alias="AdditionalGroups")
    authorization_groups: list[str] | None = Field(default=None, alias="AuthorizationGroups")
    new_user_authorization_mode: str | None = Field(default=None, alias="NewUserAuthorizationMode")
    user_authorization_mode: str | None = Field(default=None, alias="UserAuthorizationMode")
    # Seconds between full logins; Apple's default is 18 hours and it refuses less than an hour.
    login_frequency: int = Field(default=64800, alias="LoginFrequency", ge=3600)


class SsoExtensionPayload(_Payload):
    """An Extensible Single Sign-On payload (``com.apple.extensiblesso``)."""

    payload_type: Literal["com.apple.extensiblesso"] = Field(default=_SSO_TYPE, alias="PayloadType")
    extension_identifier: str = Field(alias="ExtensionIdentifier")
    team_identifier: str | None = Field(default=None, alias="TeamIdentifier")
    type: Literal["Redirect", "Credential"] = Field(alias="Type")
    urls: list[str] = Field(default_factory=list, alias="URLs")
    hosts: list[str] | None = Field(default=None, alias="Hosts")
    realm: str | None = Field(default=None, alias="Realm")
    registration_token: str | None = Field(default=None, alias="RegistrationToken")
    # The top-level key is what macOS 13 reads; macOS 14 reads PlatformSSO > AuthenticationMethod.
    authentication_method: AuthenticationMethod | None = Field(default=None, alias="AuthenticationMethod")
    platform_sso: PlatformSSOSettings | None = Field(default=None, alias="PlatformSSO")
    screen_locked_behavior: Literal["Cancel", "DoNotHandle"] | None = Field(
        default=None, alias="ScreenLockedBehavior"
    )
    denied_bundle_identifiers: list[str] | None = Field(default=None, alias="DeniedBundleIdentifiers")
    extension_data: dict[str, Any] = Field(default_factory=dict, alias="ExtensionData")

    def authentication_method_for(self, macos_major: int) -> AuthenticationMethod | None:
        """The method a Mac on this macOS version reads from the payload, if any (the release's row says
        which key it reads and which methods it knows: macOS 13 reads the top-level key, knows no SmartCard
        and ignores the PlatformSSO dictionary)."""
        release = MACOS.get(macos_major)
        if release is None:  # Platform SSO arrived with macOS 13
            return None
        method = _method_read_by(self, release)
        return method if method in release.authentication_methods else None

    def is_platform_sso_for(self, macos_major: int) -> bool:
        """Whether this macOS version turns Platform SSO on from the payload."""
        return self.authentication_method_for(macos_major) is not None

    def is_microsoft_psso(self) -> bool:
        """Whether the payload points at Microsoft's extension in Company Portal."""
        return not _microsoft_identity_problems(self)


class PasscodePayload(_Payload):
    """A local password policy (``com.apple.mobiledevice.passwordpolicy``).

    Absent keys stay None (Apple's defaults apply on the Mac); the ranges are Apple's.
    """

    payload_type: Literal["com.apple.mobiledevice.passwordpolicy"] = Field(
        default=_PASSCODE_TYPE, alias="PayloadType"
    )
    allow_simple: bool | None = Field(default=None, alias="allowSimple")
    change_at_next_auth: bool | None = Field(default=None, alias="changeAtNextAuth")
    custom_regex: dict[str, Any] | None = Field(default=None, alias="customRegex")
    force_pin: bool | None = Field(default=None, alias="forcePIN")
    max_failed_attempts: int | None = Field(default=None, alias="maxFailedAttempts", ge=2, le=11)
    max_grace_period: int | None = Field(default=None, alias="maxGracePeriod", ge=0)
    max_inactivity: int | None = Field(default=None, alias="maxInactivity", ge=0)
    max_pin_age_in_days: int | None = Field(default=None, alias="maxPINAgeInDays", ge=1, le=730)
    min_complex_chars: int | None = Field(default=None, alias="minComplexChars", ge=0, le=4)
    min_length: int | None = Field(default=None, alias="minLength", ge=0, le=16)
    minutes_until_failed_login_reset: int | None = Field(
        default=None, alias="minutesUntilFailedLoginReset", ge=0
    )
    pin_history: int | None = Field(default=None, alias="pinHistory", ge=1, le=50)
    require_alphanumeric: bool | None = Field(default=None, alias="requireAlphanumeric")


class ManagementPayload(_Payload):
    """The MDM payload (``com.apple.mdm``) of Intune's "Management Profile"."""

    payload_type: Literal["com.apple.mdm"] = Field(default=_MDM_TYPE, alias="PayloadType")
    server_url: str = Field(alias="ServerURL")
    check_in_url: str | None = Field(default=None, alias="CheckInURL")
    topic: str = Field(alias="Topic", pattern=r"^com\.apple\.mgmt\.")
    identity_certificate_uuid: str | None = Field(default=None, alias="IdentityCertificateUUID")
    access_rights: int = Field(alias="AccessRights", ge=1, le=8191)  # a bit mask of Apple's rights
    sign_message: bool | None = Field(default=None, alias="SignMessage")
    check_out_when_removed: bool | None = Field(default=None, alias="CheckOutWhenRemoved")
    server_capabilities: list[str] | None = Field(default=None, alias="ServerCapabilities")
    use_development_apns: bool | None = Field(default=None, alias="UseDevelopmentAPNS")


class OtherPayload(BaseModel):
    """A payload type the simulation does not model, kept key for key."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True, strict=True)

    payload_type: str = Field(alias="PayloadType")

    @property
    def raw(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


def _payload_tag(value: Any) -> str:
    # Called with the plist dictionary when loading and with a model instance when constructing.
    if isinstance(value, dict):
        payload_type = value.get("PayloadType")
    else:
        payload_type = getattr(value, "payload_type", None)
    return payload_type if payload_type in _PAYLOAD_TAGS else _OTHER_TAG


Payload = Annotated[
    Annotated[SsoExtensionPayload, Tag(_SSO_TYPE)]
    | Annotated[PasscodePayload, Tag(_PASSCODE_TYPE)]
    | Annotated[ManagementPayload, Tag(_MDM_TYPE)]
    | Annotated[OtherPayload, Tag(_OTHER_TAG)],
    Discriminator(_payload_tag),
]
_PAYLOAD_TAGS = frozenset({_SSO_TYPE, _PASSCODE_TYPE, _MDM_TYPE})
_P = TypeVar("_P", SsoExtensionPayload, PasscodePayload, ManagementPayload, OtherPayload)


class ConfigurationProfile(_AppleKeys):
    """A whole ``.mobileconfig``: the top-level dictionary and its PayloadContent."""

    payload_type: Literal["Configuration"] = Field(default="Configuration", alias="PayloadType")
    payload_version: int = Field(default=1, alias="PayloadVersion")
    payload_identifier: str = Field(alias="PayloadIdentifier")
    payload_uuid: str = Field(alias="PayloadUUID")
    payload_display_name: str = Field(alias="PayloadDisplayName")
    payload_description: str | None = Field(default=None, alias="PayloadDescription")
    payload_organization: str | None = Field(default=None, alias="PayloadOrganization")
    payload_removal_disallowed: bool | None = Field(default=None, alias="PayloadRemovalDisallowed")
    payload_scope: Literal["System", "User"] | None = Field(default=None, alias="PayloadScope")
    payload_content: list[Payload] = Field(default_factory=list, alias="PayloadContent")

    def payloads(self, kind: type[_P]) -> list[_P]:
        """The payloads of one kind, in file order."""
        return [payload for payload in self.payload_content if isinstance(payload, kind)]


def load_mobileconfig(source: bytes | str | pathlib.Path, *, name: str | None = None) -> ConfigurationProfile:
    """Read a profile from plist bytes, plist text (a ``str``) or a file (a ``Path``).

    ``name`` is what error messages call the profile; it defaults to the file name.
    """
    if isinstance(source, pathlib.Path):
        name = name or source.name
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise ProfileError(f"Invalid profile '{name}': cannot read file: {exc.strerror or exc}") from None
    else:
        name = name or "<memory>"
        data = source.encode() if isinstance(source, str) else source
    try:
        plist = plistlib.loads(data)
    # plistlib raises many types for bad input (ExpatError, ValueError, AttributeError for a bad
    # <date>, ...); whichever it is, the caller gets one ProfileError.
    except Exception as exc:
        hint = "a .mobileconfig is Apple plist XML; a signed profile must be unsigned first"
        if isinstance(source, str) and not source.lstrip().startswith("<"):
            hint = "a str is read as plist text; pass a pathlib.Path to read a file"
        raise ProfileError(f"Invalid profile '{name}': not a property list: {exc}", hint=hint) from None
    if not isinstance(plist, dict):
        raise ProfileError(
            f"Invalid profile '{name}': expected a dictionary at the top level (got {type(plist).__name__})"
        )
    try:
        return ConfigurationProfile.model_validate(plist)
    except ValidationError as exc:
        problems = [_describe(error) for error in exc.errors()]
        raise ProfileError(f"Invalid profile '{name}': " + "; ".join(problems), problems=problems) from None


def dump_mobileconfig(profile: ConfigurationProfile) -> bytes:
    """The profile as plist XML with Apple's keys; ``load_mobileconfig`` reads it back unchanged."""
    return plistlib.dumps(profile.model_dump(by_alias=True, exclude_none=True), sort_keys=False)


def _describe(error: ErrorDetails) -> str:
    """``PayloadContent[0].PlatformSSO.AuthenticationMethod: <message> (got <value>)``."""
    path = ""
    loc = error["loc"]
    for index, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
        elif index and isinstance(loc[index - 1], int) and (part in _PAYLOAD_TAGS or part == _OTHER_TAG):
            continue  # the union's tag, not a key of the file
        else:
            path += f".{part}" if path else part
    text = f"{path}: {error['msg']}" if path else error["msg"]
    if error["type"] == "missing":  # the input is the whole enclosing dictionary
        return text
    value = repr(error["input"])
    return f"{text} (got {value if len(value) <= 60 else value[:57] + '...'})"


def recommended_psso_payload(
    *,
    payload_uuid: str,
    registration_token: str = DEVICE_REGISTRATION_PLACEHOLDER,
    authentication_method: str = "Password",
    payload_identifier: str | None = None,
    display_name: str = "Platform SSO",
) -> SsoExtensionPayload:
    """Microsoft's Platform SSO payload, with both AuthenticationMethod keys for macOS 13 and 14."""
    if not _is_authentication_method(authentication_method):
        raise ProfileError(
            f"unknown authentication method '{authentication_method}'",
            hint="expected one of " + ", ".join(get_args(AuthenticationMethod)),
        )
    return SsoExtensionPayload(
        PayloadIdentifier=payload_identifier or f"{_SSO_TYPE}.{payload_uuid}",
        PayloadUUID=payload_uuid,
        PayloadDisplayName=display_name,
        ExtensionIdentifier=MICROSOFT_EXTENSION_IDENTIFIER,
        TeamIdentifier=MICROSOFT_TEAM_IDENTIFIER,
        Type="Redirect",
        URLs=list(MICROSOFT_SSO_URLS),
        RegistrationToken=registration_token,
        AuthenticationMethod=authentication_method,
        PlatformSSO=PlatformSSOSettings(
            AuthenticationMethod=authentication_method,
            UseSharedDeviceKeys=True,
            TokenToUserMapping=TokenToUserMapping(AccountName="preferred_username", FullName="name"),
        ),
        ScreenLockedBehavior="DoNotHandle",
        ExtensionData={
            "AppPrefixAllowList": "com.microsoft.,com.apple.",
            "browser_sso_interaction_enabled": 1,
            "disable_explicit_app_prompt": 1,
        },
    )


def _is_authentication_method(value: str) -> TypeGuard[AuthenticationMethod]:
    return value in get_args(AuthenticationMethod)


def with_registration_token(payload: SsoExtensionPayload, token: str) -> SsoExtensionPayload:
    """The payload as Intune delivers it: ``{{DEVICEREGISTRATION}}`` replaced by the real token."""
    if not token:
        raise ProfileError("empty device registration token", hint="Intune substitutes a non-empty token")
    if payload.registration_token is None:
        return payload
    substituted = payload.registration_token.replace(DEVICE_REGISTRATION_PLACEHOLDER, token)
    return payload.model_copy(update={"registration_token": substituted})


def check_sso_payloads(profiles: Sequence[ConfigurationProfile], macos_major: int) -> None:
    """Intune's check of the SSO extension payloads that target one device.

    Raises MultipleSsoPayloads (10002) for more than one payload, SsoPayloadMisconfigured (10001)
    when the single payload cannot give Microsoft Platform SSO on ``macos_major``.
    """
    payloads = [payload for profile in profiles for payload in profile.payloads(SsoExtensionPayload)]
    if len(payloads) > 1:
        raise MultipleSsoPayloads([payload.payload_identifier for payload in payloads])
    if not payloads:
        return
    payload = payloads[0]
    problems = _microsoft_identity_problems(payload) + _version_problems(payload, macos_major)
    if problems:
        raise SsoPayloadMisconfigured(payload.payload_identifier, macos_major, problems)


def _microsoft_identity_problems(payload: SsoExtensionPayload) -> list[str]:
    problems = [
        f"{key}: expected {expected!r} (got {'nothing' if got is None else repr(got)})"
        for key, expected, got in (
            ("ExtensionIdentifier", MICROSOFT_EXTENSION_IDENTIFIER, payload.extension_identifier),
            ("TeamIdentifier", MICROSOFT_TEAM_IDENTIFIER, payload.team_identifier),
            ("Type", "Redirect", payload.type),
        )
        if got != expected
    ]
    # Apple matches URLs by prefix, so a trailing slash or a different case changes nothing.
    present = {url.rstrip("/").lower() for url in payload.urls}
    missing = [url for url in MICROSOFT_SSO_URLS if url not in present]
    if missing:
        problems.append("URLs: missing " + ", ".join(repr(url) for url in missing))
    return problems


def _method_read_by(payload: SsoExtensionPayload, release: MacOSRelease) -> AuthenticationMethod | None:
    if release.reads_method_from == "AuthenticationMethod":
        return payload.authentication_method
    return payload.platform_sso.authentication_method if payload.platform_sso else None


def _methods_of(release: MacOSRelease) -> str:
    methods = [m for m in get_args(AuthenticationMethod) if m in release.authentication_methods]
    return ", ".join(repr(m) for m in methods[:-1]) + f" or {methods[-1]!r}"


def _first_release_with(method: str) -> int:
    return min(major for major, release in MACOS.items() if method in release.authentication_methods)


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
                f"(got {method!r}, which needs macOS {_first_release_with(method)})"
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
    if settings.authentication_method is None:
        problems.append(
            f"PlatformSSO.AuthenticationMethod: expected {_methods_of(release)} "
            f"(got nothing; macOS {macos_major} does not read the top-level key)"
        )
    if not settings.use_shared_device_keys:
        problems.append("PlatformSSO.UseSharedDeviceKeys: expected true (got false)")
    return problems
