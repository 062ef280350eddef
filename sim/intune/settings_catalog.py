"""The Intune settings catalog's Extensible Single Sign On (SSO) settings: label, Apple key, values.

Each :class:`CatalogSetting` is one setting an admin adds in the settings picker (Authentication >
Extensible Single Sign On (SSO)) and configures, with the Apple key it writes, the values Intune offers
and Graph's ``settingDefinitionId``. "Configure platform SSO for macOS devices" > Step 2 names the
labels and values; the scenarios article adds Extension Data and the end-user settings; the map to
Apple's keys is docs/product/apple-profile-keys.md's. :func:`build_sso_payload` turns configured values
into the real ``com.apple.extensiblesso`` payload, so a wrong label-to-key mapping shows up on the Mac.

A setting of the ``PlatformSSO`` dictionary is offered only where a macOS of the product release reads
its key (``MacOSRelease.platform_sso_keys``): FileVault Policy, a macOS 15 key, is in the picker of the
current product only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from psso_sim.errors import SimError
from psso_sim.intune.sso_payload import (
    DEVICE_REGISTRATION_PLACEHOLDER,
    MICROSOFT_EXTENSION_IDENTIFIER,
    MICROSOFT_SSO_URLS,
    MICROSOFT_TEAM_IDENTIFIER,
    SSO_PAYLOAD_TYPE,
    SsoExtensionPayload,
)
from psso_sim.product.macos import MACOS
from psso_sim.product.releases import ProductRelease

__all__ = ["EXTENSIBLE_SSO", "EXTENSION_DATA_TYPES", "CatalogError", "CatalogSetting", "SettingKind",
           "build_sso_payload", "extension_data_value", "offered_settings", "recommended_settings", "setting_by_id",
           "setting_by_path"]

SettingKind = Literal["text", "choice", "list", "multiple", "extension data"]
"""text: one string; choice: one of the options; list: strings, one per entry; multiple: options, one per
entry; extension data: key, type and value entries (a dictionary)."""

EXTENSION_DATA_TYPES: dict[str, type] = {"String": str, "Integer": int, "Boolean": bool}
"""Extension Data's value types, as the scenarios article's tables name them."""
_ENABLED = (("Enabled", True), ("Disabled", False))
_MODES = (("Standard", "Standard"), ("Admin", "Admin"), ("Groups", "Groups"))


class CatalogError(SimError):
    subsystem = "intune"


@dataclass(frozen=True)
class CatalogSetting:
    label: str
    """As the picker and the Configuration settings page show it."""
    key: tuple[str, ...]
    """The Apple key path it writes: ("PlatformSSO", "AuthenticationMethod")."""
    kind: SettingKind
    options: tuple[tuple[str, Any], ...] = ()
    """(label, plist value) of a choice or multiple setting."""
    parent: str = ""
    """The picker group it is under: "Platform SSO", "Platform SSO > Token To User Mapping"."""
    picked_with: str = ""
    """The picker entry that adds it, when that is a group (Token To User Mapping adds both its names)."""
    default: Any = None
    """The value it has once added (Apple's default, or the one Intune preselects); None: none until set."""

    @property
    def path(self) -> str:
        """The label with its groups, as the articles write it: "Platform SSO > Authentication Method"."""
        return f"{self.parent} > {self.label}" if self.parent else self.label

    @property
    def picker_entry(self) -> str:
        return self.picked_with or self.path

    @property
    def definition_id(self) -> str:
        """Graph's settingDefinitionId: ``com.apple.extensiblesso_platformsso_authenticationmethod``."""
        return f"{SSO_PAYLOAD_TYPE}_" + "_".join(part.lower() for part in self.key)

    def option_labels(self) -> list[str]:
        return [label for label, _ in self.options]

    def value_of(self, text: str) -> Any:
        """The plist value a choice label (or a text) means; a clear error for a label Intune does not offer."""
        if not self.options:
            return text
        for label, value in self.options:
            if label == text:
                return value
        raise CatalogError(f"'{text}' is not a value of {self.path}",
                           hint=f"values: {', '.join(self.option_labels())}")

    def label_of(self, value: Any) -> str:
        """How the page shows a plist value of this setting."""
        return next((label for label, v in self.options if v == value and type(v) is type(value)), str(value))


def _psso(
    label: str, key: str, kind: SettingKind, options: tuple[tuple[str, Any], ...] = (), default: Any = None
) -> CatalogSetting:
    return CatalogSetting(label, ("PlatformSSO", key), kind, options, parent="Platform SSO", default=default)


EXTENSIBLE_SSO: tuple[CatalogSetting, ...] = (
    _psso("Account Display Name", "AccountDisplayName", "text"),
    CatalogSetting("Authentication Method (Deprecated)", ("AuthenticationMethod",), "choice",
                   (("Password", "Password"), ("UserSecureEnclaveKey", "UserSecureEnclaveKey")), default="Password"),
    CatalogSetting("Extension Data", ("ExtensionData",), "extension data"),
    CatalogSetting("Extension Identifier", ("ExtensionIdentifier",), "text"),
    _psso("Authentication Method", "AuthenticationMethod", "choice",
          (("Password", "Password"), ("UserSecureEnclaveKey", "UserSecureEnclaveKey"), ("SmartCard", "SmartCard")),
          default="Password"),
    _psso("Enable Authorization", "EnableAuthorization", "choice", _ENABLED, default=False),
    _psso("Enable Create User At Login", "EnableCreateUserAtLogin", "choice", _ENABLED, default=False),
    _psso("FileVault Policy", "FileVaultPolicy", "multiple",
          tuple((v, v) for v in ("AttemptAuthentication", "RequireAuthentication", "AllowOfflineGracePeriod",
                                 "AllowAuthenticationGracePeriod"))),
    _psso("New User Authorization Mode", "NewUserAuthorizationMode", "choice", _MODES),
    _psso("Non Platform SSO Accounts", "NonPlatformSSOAccounts", "list"),
    CatalogSetting("Account Name", ("PlatformSSO", "TokenToUserMapping", "AccountName"), "text",
                   parent="Platform SSO > Token To User Mapping", picked_with="Platform SSO > Token To User Mapping"),
    CatalogSetting("Full Name", ("PlatformSSO", "TokenToUserMapping", "FullName"), "text",
                   parent="Platform SSO > Token To User Mapping", picked_with="Platform SSO > Token To User Mapping"),
    _psso("Use Shared Device Keys", "UseSharedDeviceKeys", "choice", _ENABLED, default=False),
    _psso("User Authorization Mode", "UserAuthorizationMode", "choice", _MODES),
    CatalogSetting("Registration Token", ("RegistrationToken",), "text"),
    CatalogSetting("Screen Locked Behavior", ("ScreenLockedBehavior",), "choice",
                   (("Cancel", "Cancel"), ("Do Not Handle", "DoNotHandle")), default="Cancel"),
    CatalogSetting("Team Identifier", ("TeamIdentifier",), "text"),
    CatalogSetting("Type", ("Type",), "choice", (("Credential", "Credential"), ("Redirect", "Redirect"))),
    CatalogSetting("URLs", ("URLs",), "list"),
)
"""Authentication > Extensible Single Sign On (SSO): the settings the articles name, in picker order."""


def offered_settings(product: ProductRelease) -> tuple[CatalogSetting, ...]:
    """The settings the release's picker offers: a PlatformSSO key only if one of its macOS rows reads it."""
    read = set().union(*(MACOS[major].platform_sso_keys for major in product.macos_versions))
    return tuple(s for s in EXTENSIBLE_SSO if s.key[0] != "PlatformSSO" or s.key[1] in read)


def setting_by_path(path: str, settings: tuple[CatalogSetting, ...] = EXTENSIBLE_SSO) -> CatalogSetting:
    for setting in settings:
        if setting.path == path:
            return setting
    raise CatalogError(f"no setting '{path}' in Extensible Single Sign On (SSO)",
                       hint="settings: " + ", ".join(s.path for s in settings))


def setting_by_id(definition_id: str) -> CatalogSetting:
    for setting in EXTENSIBLE_SSO:
        if setting.definition_id == definition_id:
            return setting
    raise CatalogError(f"unknown settingDefinitionId '{definition_id}'",
                       hint="ids: " + ", ".join(s.definition_id for s in EXTENSIBLE_SSO))


def build_sso_payload(
    values: Mapping[CatalogSetting, Any], *, payload_identifier: str, payload_uuid: str, display_name: str
) -> SsoExtensionPayload:
    """The ``com.apple.extensiblesso`` payload the configured settings make, each value at its Apple key.

    A missing required key (Extension Identifier, Type) or a value of the wrong type is a CatalogError
    naming the setting, as the Configuration settings page would flag it."""
    plist: dict[str, Any] = {"PayloadType": SSO_PAYLOAD_TYPE, "PayloadIdentifier": payload_identifier,
                             "PayloadUUID": payload_uuid, "PayloadDisplayName": display_name}
    for setting, value in values.items():
        *parents, last = setting.key
        target = plist
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    try:
        return SsoExtensionPayload.model_validate(plist)
    except ValidationError as error:
        problems = [f"{_named(tuple(str(p) for p in e['loc']))}: {e['msg']}" for e in error.errors()]
        raise CatalogError("the settings do not make a valid Extensible SSO payload: " + "; ".join(problems),
                           hint="Extension Identifier and Type are required; see the settings' values") from None


def _named(loc: tuple[str, ...]) -> str:
    """The setting a validation error is about (the deepest one whose key starts the error's path)."""
    matches = [s for s in EXTENSIBLE_SSO if loc[: len(s.key)] == s.key]
    return max(matches, key=lambda s: len(s.key)).path if matches else ".".join(loc)


def extension_data_value(key: str, type_name: str, text: str) -> Any:
    """An Extension Data value typed as the admin chose: String, Integer or Boolean ("True"/"False")."""
    kind = EXTENSION_DATA_TYPES.get(type_name)
    if kind is None:
        raise CatalogError(f"'{type_name}' is not a type of Extension Data > {key}",
                           hint=f"types: {', '.join(EXTENSION_DATA_TYPES)}")
    if kind is bool:
        if text.casefold() not in ("true", "false"):
            raise CatalogError(f"'{text}' is not a Boolean for Extension Data > {key}", hint="True or False")
        return text.casefold() == "true"
    if kind is int:
        try:
            return int(text)
        except ValueError:
            raise CatalogError(f"'{text}' is not an Integer for Extension Data > {key}", hint="e.g. 1") from None
    return text


def recommended_settings(method: str) -> dict[CatalogSetting, Any]:
    """Step 2's table for a fleet of macOS 13 and 14+: both authentication settings (the deprecated one
    only where it offers the method), the Microsoft values, Use Shared Device Keys Enabled."""
    values: dict[str, Any] = {
        "Extension Identifier": MICROSOFT_EXTENSION_IDENTIFIER,
        "Platform SSO > Authentication Method": method,
        "Platform SSO > Token To User Mapping > Account Name": "preferred_username",
        "Platform SSO > Token To User Mapping > Full Name": "name",
        "Platform SSO > Use Shared Device Keys": True,
        "Registration Token": DEVICE_REGISTRATION_PLACEHOLDER,
        "Screen Locked Behavior": "DoNotHandle",
        "Team Identifier": MICROSOFT_TEAM_IDENTIFIER,
        "Type": "Redirect",
        "URLs": list(MICROSOFT_SSO_URLS),
    }
    deprecated = setting_by_path("Authentication Method (Deprecated)")
    result = {setting_by_path(path): value for path, value in values.items()}
    if method in [value for _, value in deprecated.options]:
        result[deprecated] = method
    setting_by_path("Platform SSO > Authentication Method").value_of(method)  # a method Intune offers
    return result
