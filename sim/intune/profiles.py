"""Configuration profiles as simulated Intune holds and delivers them.

A profile is Apple's ``.mobileconfig`` property list. The models keep the real plist keys as field
aliases and strict types (see :mod:`psso_sim.intune.apple_keys`); a key Apple does not document is
kept, not refused, as macOS ignores it (:meth:`ConfigurationProfile.notes` names it). Payload types this
simulation does not model are kept verbatim as ``OtherPayload``: a real Intune profile also carries
SCEP, Wi-Fi and other payloads. The SSO extension payload is :mod:`psso_sim.intune.sso_payload`'s,
Intune's check of it (errors 10001 and 10002) :mod:`psso_sim.intune.sso_checks`'s; both are
re-exported here.
"""

from __future__ import annotations

import pathlib
import plistlib
from datetime import datetime
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError
from pydantic_core import ErrorDetails

from psso_sim.intune.apple_keys import AppleKeys, PayloadKeys, ProfileError, unknown_keys
from psso_sim.intune.sso_checks import (
    MultipleSsoPayloads,
    SsoPayloadError,
    SsoPayloadMisconfigured,
    check_sso_payloads,
)
from psso_sim.intune.sso_payload import (
    DEVICE_REGISTRATION_PLACEHOLDER,
    MICROSOFT_EXTENSION_IDENTIFIER,
    MICROSOFT_SSO_URLS,
    MICROSOFT_TEAM_IDENTIFIER,
    SSO_PAYLOAD_TYPE,
    AuthenticationMethod,
    PlatformSSOSettings,
    SsoExtensionPayload,
    TokenToUserMapping,
    recommended_psso_payload,
    with_registration_token,
)
from psso_sim.product.macos import MACOS

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

_SSO_TYPE: Final = SSO_PAYLOAD_TYPE
_PASSCODE_TYPE: Final = "com.apple.mobiledevice.passwordpolicy"
_MDM_TYPE: Final = "com.apple.mdm"
_OTHER_TAG = "other"


class PasscodePayload(PayloadKeys):
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


class ManagementPayload(PayloadKeys):
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

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True, strict=True, defer_build=True)

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
    # A list or dict here is a wrong type, not a tag: OtherPayload's str field then names it.
    return payload_type if isinstance(payload_type, str) and payload_type in _PAYLOAD_TAGS else _OTHER_TAG


Payload = Annotated[
    Annotated[SsoExtensionPayload, Tag(_SSO_TYPE)]
    | Annotated[PasscodePayload, Tag(_PASSCODE_TYPE)]
    | Annotated[ManagementPayload, Tag(_MDM_TYPE)]
    | Annotated[OtherPayload, Tag(_OTHER_TAG)],
    Discriminator(_payload_tag),
]
_PAYLOAD_TAGS = frozenset({_SSO_TYPE, _PASSCODE_TYPE, _MDM_TYPE})
_P = TypeVar("_P", SsoExtensionPayload, PasscodePayload, ManagementPayload, OtherPayload)


class ConfigurationProfile(AppleKeys):
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
    payload_expiration_date: datetime | None = Field(default=None, alias="PayloadExpirationDate")
    removal_date: datetime | None = Field(default=None, alias="RemovalDate")
    duration_until_removal: float | None = Field(default=None, alias="DurationUntilRemoval")
    consent_text: dict[str, str] | None = Field(default=None, alias="ConsentText")
    has_removal_passcode: bool | None = Field(default=None, alias="HasRemovalPasscode")
    target_device_type: int | None = Field(default=None, alias="TargetDeviceType", ge=0, le=5)
    payload_content: list[Payload] = Field(default_factory=list, alias="PayloadContent")

    def payloads(self, kind: type[_P]) -> list[_P]:
        """The payloads of one kind, in file order."""
        return [payload for payload in self.payload_content if isinstance(payload, kind)]

    def notes(self, macos_major: int | None = None) -> list[str]:
        """What a Mac ignores in this profile, lint-like: keys Apple does not document, and (for
        ``macos_major``) the PlatformSSO keys that macOS does not read yet. None of it is an error."""
        notes = [f"{path}: not a key Apple documents here; macOS ignores it" for path in unknown_keys(self)]
        release = MACOS.get(macos_major) if macos_major is not None else None
        if release is None:
            return notes
        for index, payload in enumerate(self.payload_content):
            settings = payload.platform_sso if isinstance(payload, SsoExtensionPayload) else None
            for key in settings.keys_set() if settings else []:
                if key not in release.platform_sso_keys:
                    notes.append(f"PayloadContent[{index}].PlatformSSO.{key}: macOS {macos_major} does not read "
                                 "it; it is ignored there")
        return notes


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
    too_big = _integer_out_of_range(plist, "")
    if too_big is not None:  # Intune could not write it back at the Mac's check-in (plist integers are 64-bit)
        raise ProfileError(f"Invalid profile '{name}': {too_big}: an integer outside the 64-bit range of a property "
                           "list", hint="a plist integer is between -2**63 and 2**64 - 1")
    try:
        return ConfigurationProfile.model_validate(plist)
    except ValidationError as exc:
        problems = [_describe(error) for error in exc.errors()]
        raise ProfileError(f"Invalid profile '{name}': " + "; ".join(problems), problems=problems) from None


def _integer_out_of_range(value: Any, path: str) -> str | None:
    """The path of the first integer no plist can hold, if any."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return path or "<top>" if not -(1 << 63) <= value <= (1 << 64) - 1 else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _integer_out_of_range(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}".lstrip("."))
        if found is not None:
            return found
    return None


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


