"""The Extensible Single Sign-On payload (``com.apple.extensiblesso``) and its ``PlatformSSO`` dictionary.

Every key Apple documents for Platform SSO is typed here with the values Apple allows
(docs/product/apple-profile-keys.md), including those of macOS releases newer than the simulated Macs:
a Mac that does not read a key ignores it (``MacOSRelease.platform_sso_keys``), as macOS does, so a
profile written for macOS 26 still installs on 15. Microsoft's recommended values are
:func:`recommended_psso_payload`'s.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal, TypeGuard, get_args

from pydantic import Field, StringConstraints

from psso_sim.intune.apple_keys import AppleKeys, PayloadKeys, ProfileError
from psso_sim.product.macos import MACOS, MacOSRelease

__all__ = [
    "DEVICE_REGISTRATION_PLACEHOLDER",
    "MICROSOFT_EXTENSION_IDENTIFIER",
    "MICROSOFT_SSO_URLS",
    "MICROSOFT_TEAM_IDENTIFIER",
    "SSO_PAYLOAD_TYPE",
    "AuthenticationMethod",
    "PayloadAuthenticationMethod",
    "PlatformSSOSettings",
    "SsoExtensionPayload",
    "TokenToUserMapping",
    "is_authentication_method",
    "method_read_by",
    "microsoft_identity_problems",
    "recommended_psso_payload",
    "sso_app_extension_payload",
    "with_registration_token",
]

AuthenticationMethod = Literal["Password", "UserSecureEnclaveKey", "SmartCard"]
"""The methods Microsoft's extension supports (Intune offers these three)."""
PayloadAuthenticationMethod = Literal["Password", "UserSecureEnclaveKey", "SmartCard", "OpenID"]
"""What Apple allows in the key (OpenID from macOS 27; no simulated Mac reads it)."""
_Policy = Literal["AttemptAuthentication", "RequireAuthentication", "AllowOfflineGracePeriod",
                  "AllowAuthenticationGracePeriod", "RequireTouchID", "RequireTouchIDOrWatch",
                  "AllowOpenIDForTouchIDFallback"]
_UnlockPolicy = Literal[_Policy, "AllowTouchIDOrWatchForUnlock"]
_HeaderName = Annotated[str, StringConstraints(max_length=128)]
_HeaderValue = Annotated[str, StringConstraints(max_length=2048)]

SSO_PAYLOAD_TYPE: Final = "com.apple.extensiblesso"
MICROSOFT_EXTENSION_IDENTIFIER = "com.microsoft.CompanyPortalMac.ssoextension"
MICROSOFT_TEAM_IDENTIFIER = "UBF8T346G9"
MICROSOFT_SSO_URLS = (
    "https://login.microsoftonline.com",
    "https://login.microsoft.com",
    "https://sts.windows.net",
)
# Intune replaces this variable with the device's real registration token on delivery.
DEVICE_REGISTRATION_PLACEHOLDER = "{{DEVICEREGISTRATION}}"


class TokenToUserMapping(AppleKeys):
    """Which token claims fill the local account (Entra: preferred_username and name)."""

    account_name: str | None = Field(default=None, alias="AccountName")
    full_name: str | None = Field(default=None, alias="FullName")


class PlatformSSOSettings(AppleKeys):
    """The ``PlatformSSO`` dictionary, read by macOS 14 and later (each key from the release Apple names)."""

    authentication_method: PayloadAuthenticationMethod | None = Field(default=None, alias="AuthenticationMethod")
    use_shared_device_keys: bool = Field(default=False, alias="UseSharedDeviceKeys")
    token_to_user_mapping: TokenToUserMapping | None = Field(default=None, alias="TokenToUserMapping")
    account_display_name: str | None = Field(default=None, alias="AccountDisplayName")
    # Seconds between full logins; Apple's default is 18 hours and it refuses less than an hour.
    login_frequency: int = Field(default=64800, alias="LoginFrequency", ge=3600)
    enable_create_user_at_login: bool | None = Field(default=None, alias="EnableCreateUserAtLogin")
    enable_authorization: bool | None = Field(default=None, alias="EnableAuthorization")
    administrator_groups: list[str] | None = Field(default=None, alias="AdministratorGroups")
    additional_groups: list[str] | None = Field(default=None, alias="AdditionalGroups")
    authorization_groups: dict[str, str] | None = Field(default=None, alias="AuthorizationGroups")
    new_user_authorization_mode: Literal["Standard", "Admin", "Groups", "Temporary"] | None = Field(
        default=None, alias="NewUserAuthorizationMode")
    user_authorization_mode: Literal["Standard", "Admin", "Groups"] | None = Field(
        default=None, alias="UserAuthorizationMode")
    # macOS 15
    file_vault_policy: list[_Policy] | None = Field(default=None, alias="FileVaultPolicy")
    login_policy: list[_Policy] | None = Field(default=None, alias="LoginPolicy")
    unlock_policy: list[_UnlockPolicy] | None = Field(default=None, alias="UnlockPolicy")
    offline_grace_period: int | None = Field(default=None, alias="OfflineGracePeriod", ge=0)
    authentication_grace_period: int | None = Field(default=None, alias="AuthenticationGracePeriod", ge=0)
    non_platform_sso_accounts: list[str] | None = Field(default=None, alias="NonPlatformSSOAccounts")
    allow_device_identifiers_in_attestation: bool | None = Field(
        default=None, alias="AllowDeviceIdentifiersInAttestation")
    # macOS 26 and 27
    enable_create_first_user_during_setup: bool | None = Field(default=None, alias="EnableCreateFirstUserDuringSetup")
    enable_registration_during_setup: bool | None = Field(default=None, alias="EnableRegistrationDuringSetup")
    new_user_authentication_methods: list[Literal["Password", "SmartCard", "AccessKey", "OpenID"]] | None = Field(
        default=None, alias="NewUserAuthenticationMethods")
    access_key_reader_group_identifier: bytes | None = Field(default=None, alias="AccessKeyReaderGroupIdentifier")
    access_key_terminal_identity_uuid: str | None = Field(default=None, alias="AccessKeyTerminalIdentityUUID")
    access_key_reader_issuer_certificate_uuid: str | None = Field(
        default=None, alias="AccessKeyReaderIssuerCertificateUUID")
    allow_access_key_express_mode: bool | None = Field(default=None, alias="AllowAccessKeyExpressMode")
    synchronize_profile_picture: bool | None = Field(default=None, alias="SynchronizeProfilePicture")
    temporary_session_quick_login: bool | None = Field(default=None, alias="TemporarySessionQuickLogin")
    web_login_url_allow_list: list[str] | None = Field(default=None, alias="WebLoginURLAllowList")
    allow_web_login_password_sync: bool | None = Field(default=None, alias="AllowWebLoginPasswordSync")
    always_use_login_ui: bool | None = Field(default=None, alias="AlwaysUseLoginUI")
    additional_http_headers: dict[_HeaderName, _HeaderValue] | None = Field(
        default=None, alias="AdditionalHTTPHeaders", max_length=20)

    def keys_set(self) -> list[str]:
        """The plist keys this dictionary sets (documented ones), in declaration order."""
        return [field.alias or name for name, field in type(self).model_fields.items()
                if name in self.model_fields_set]


class SsoExtensionPayload(PayloadKeys):
    """An Extensible Single Sign-On payload (``com.apple.extensiblesso``)."""

    payload_type: Literal["com.apple.extensiblesso"] = Field(default=SSO_PAYLOAD_TYPE, alias="PayloadType")
    extension_identifier: str = Field(alias="ExtensionIdentifier")
    team_identifier: str | None = Field(default=None, alias="TeamIdentifier")
    type: Literal["Redirect", "Credential"] = Field(alias="Type")
    urls: list[str] = Field(default_factory=list, alias="URLs")
    hosts: list[str] | None = Field(default=None, alias="Hosts")
    realm: str | None = Field(default=None, alias="Realm")
    registration_token: str | None = Field(default=None, alias="RegistrationToken")
    # The top-level key is what macOS 13 reads; macOS 14 reads PlatformSSO > AuthenticationMethod.
    authentication_method: PayloadAuthenticationMethod | None = Field(default=None, alias="AuthenticationMethod")
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
        method = method_read_by(self, release)
        return method if is_authentication_method(method) and method in release.authentication_methods else None

    def is_platform_sso_for(self, macos_major: int) -> bool:
        """Whether this macOS version turns Platform SSO on from the payload."""
        return self.authentication_method_for(macos_major) is not None

    def configures_platform_sso(self) -> bool:
        """Whether the payload sets up Platform SSO at all (not only the SSO app extension): a
        registration token, an authentication method or a PlatformSSO dictionary."""
        return any(v is not None for v in (self.registration_token, self.authentication_method, self.platform_sso))

    def is_microsoft_psso(self) -> bool:
        """Whether the payload points at Microsoft's extension in Company Portal."""
        return not microsoft_identity_problems(self)


def microsoft_identity_problems(payload: SsoExtensionPayload) -> list[str]:
    """What keeps the payload from naming Microsoft's extension (Intune error 10001 reports them)."""
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


def method_read_by(payload: SsoExtensionPayload, release: MacOSRelease) -> PayloadAuthenticationMethod | None:
    """The key's value where ``release`` reads the method (``MacOSRelease.reads_method_from``)."""
    if release.reads_method_from == "AuthenticationMethod":
        return payload.authentication_method
    return payload.platform_sso.authentication_method if payload.platform_sso else None


def is_authentication_method(value: object) -> TypeGuard[AuthenticationMethod]:
    return value in get_args(AuthenticationMethod)


def sso_app_extension_payload(
    *, payload_uuid: str, display_name: str = "Microsoft Enterprise SSO"
) -> SsoExtensionPayload:
    """The Microsoft Enterprise SSO plug-in's payload as the Device features template made it before
    Platform SSO: the extension, its URLs and broker settings, and no Platform SSO keys."""
    return SsoExtensionPayload(
        PayloadIdentifier=f"{SSO_PAYLOAD_TYPE}.{payload_uuid}", PayloadUUID=payload_uuid,
        PayloadDisplayName=display_name, ExtensionIdentifier=MICROSOFT_EXTENSION_IDENTIFIER,
        TeamIdentifier=MICROSOFT_TEAM_IDENTIFIER, Type="Redirect", URLs=list(MICROSOFT_SSO_URLS),
        ExtensionData={"AppPrefixAllowList": "com.microsoft.,com.apple.", "browser_sso_interaction_enabled": 1},
    )


def recommended_psso_payload(
    *,
    payload_uuid: str,
    registration_token: str = DEVICE_REGISTRATION_PLACEHOLDER,
    authentication_method: str = "Password",
    payload_identifier: str | None = None,
    display_name: str = "Platform SSO",
) -> SsoExtensionPayload:
    """Microsoft's Platform SSO payload, with both AuthenticationMethod keys for macOS 13 and 14."""
    if not is_authentication_method(authentication_method):
        raise ProfileError(
            f"unknown authentication method '{authentication_method}'",
            hint="expected one of " + ", ".join(get_args(AuthenticationMethod)),
        )
    return SsoExtensionPayload(
        PayloadIdentifier=payload_identifier or f"{SSO_PAYLOAD_TYPE}.{payload_uuid}",
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


def with_registration_token(payload: SsoExtensionPayload, token: str) -> SsoExtensionPayload:
    """The payload as Intune delivers it: ``{{DEVICEREGISTRATION}}`` replaced by the real token."""
    if not token:
        raise ProfileError("empty device registration token", hint="Intune substitutes a non-empty token")
    if payload.registration_token is None:
        return payload
    substituted = payload.registration_token.replace(DEVICE_REGISTRATION_PLACEHOLDER, token)
    return payload.model_copy(update={"registration_token": substituted})
