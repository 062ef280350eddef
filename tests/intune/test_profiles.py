"""Configuration profiles: reading, writing, and Intune's check of the SSO payloads."""

from __future__ import annotations

import pathlib
import plistlib
from typing import Any

import pytest

from psso_sim.intune import profiles
from psso_sim.intune.profiles import (
    ConfigurationProfile,
    ManagementPayload,
    MultipleSsoPayloads,
    OtherPayload,
    PasscodePayload,
    PlatformSSOSettings,
    ProfileError,
    SsoExtensionPayload,
    SsoPayloadMisconfigured,
    TokenToUserMapping,
    check_sso_payloads,
    dump_mobileconfig,
    load_mobileconfig,
    recommended_psso_payload,
    with_registration_token,
)

PROFILES = pathlib.Path(__file__).parent.parent / "data" / "profiles"
PSSO = PROFILES / "psso-password.mobileconfig"
SSO_UUID = "7C1F3D0E-4B2A-4E8F-9A61-2D5B8C3E1F47"


def _profile(*payloads: Any) -> ConfigurationProfile:
    return ConfigurationProfile(
        PayloadIdentifier="com.contoso.test",
        PayloadUUID="00000000-0000-4000-8000-000000000000",
        PayloadDisplayName="Test",
        PayloadContent=list(payloads),
    )


def _sso(**changes: Any) -> SsoExtensionPayload:
    """The recommended payload with some plist keys changed."""
    data = recommended_psso_payload(payload_uuid=SSO_UUID).model_dump(by_alias=True, exclude_none=True)
    data.update(changes)
    return SsoExtensionPayload.model_validate(
        {key: value for key, value in data.items() if value is not None}
    )


def _settings(**changes: Any) -> dict[str, Any]:
    return {"AuthenticationMethod": "Password", "UseSharedDeviceKeys": True, **changes}


def _error(source: str, name: str = "test.mobileconfig") -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        load_mobileconfig(source, name=name)
    return caught.value


def _plist_text(profile: dict[str, Any]) -> str:
    return plistlib.dumps(profile).decode()


def _raw_profile(**payload: Any) -> dict[str, Any]:
    return {
        "PayloadType": "Configuration",
        "PayloadIdentifier": "p",
        "PayloadUUID": "u",
        "PayloadDisplayName": "P",
        "PayloadContent": [payload],
    }


def test_all_names_public_api() -> None:
    public = {name for name in vars(profiles) if not name.startswith("_") and name[0].isupper()}
    defined_here = {
        name for name in public if getattr(getattr(profiles, name), "__module__", "") == profiles.__name__
    }
    assert defined_here <= set(profiles.__all__)
    assert all(hasattr(profiles, name) for name in profiles.__all__)


def test_fixture_loads_as_typed_payloads() -> None:
    profile = load_mobileconfig(PSSO)
    sso, passcode = profile.payload_content
    assert isinstance(sso, SsoExtensionPayload)
    assert isinstance(passcode, PasscodePayload)
    assert profile.payload_organization == "Contoso Labs"
    assert sso.is_microsoft_psso()
    assert sso.registration_token == "{{DEVICEREGISTRATION}}"
    assert sso.platform_sso is not None and sso.platform_sso.login_frequency == 64800  # Apple's default
    assert (passcode.min_length, passcode.require_alphanumeric, passcode.allow_simple) == (12, True, False)
    assert profile.payloads(SsoExtensionPayload) == [sso]


def test_fixture_round_trips_key_for_key() -> None:
    profile = load_mobileconfig(PSSO)
    dumped = dump_mobileconfig(profile)
    assert dumped.startswith(b"<?xml")
    assert load_mobileconfig(dumped) == profile

    def contains(whole: Any, part: Any) -> bool:
        if isinstance(part, dict):
            return all(key in whole and contains(whole[key], value) for key, value in part.items())
        if isinstance(part, list):
            return len(whole) == len(part) and all(map(contains, whole, part))
        return bool(whole == part and type(whole) is type(part))

    assert contains(plistlib.loads(dumped), plistlib.loads(PSSO.read_bytes()))


def test_fixture_is_the_recommended_payload() -> None:
    (sso,) = load_mobileconfig(PSSO).payloads(SsoExtensionPayload)
    assert sso == recommended_psso_payload(payload_uuid=SSO_UUID)


def test_unknown_payload_types_are_kept_verbatim() -> None:
    profile = load_mobileconfig(PROFILES / "management-profile.mobileconfig")
    scep, mdm = profile.payload_content
    assert isinstance(scep, OtherPayload) and scep.payload_type == "com.apple.security.scep"
    assert scep.raw["PayloadContent"]["Keysize"] == 2048
    assert isinstance(mdm, ManagementPayload)
    assert mdm.identity_certificate_uuid == scep.raw["PayloadUUID"]
    assert load_mobileconfig(dump_mobileconfig(profile)) == profile


def test_bad_enum_names_file_key_path_and_value() -> None:
    with pytest.raises(ProfileError) as caught:
        load_mobileconfig(PROFILES / "psso-bad-auth-method.mobileconfig")
    assert str(caught.value) == (
        "SIM/intune: Invalid profile 'psso-bad-auth-method.mobileconfig': "
        "PayloadContent[0].PlatformSSO.AuthenticationMethod: "
        "Input should be 'Password', 'UserSecureEnclaveKey', 'SmartCard' or 'OpenID' (got 'Pasword')"
    )
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_not_a_plist() -> None:
    with pytest.raises(ProfileError) as caught:
        load_mobileconfig(PROFILES / "psso-truncated.mobileconfig")
    assert caught.value.message.startswith(
        "Invalid profile 'psso-truncated.mobileconfig': not a property list: no element found"
    )
    assert caught.value.subsystem == "intune"


def test_a_str_is_plist_text_not_a_path() -> None:
    error = _error(str(PSSO))
    assert error.message.startswith("Invalid profile 'test.mobileconfig': not a property list:")
    assert error.hint is not None and "pathlib.Path" in error.hint
    assert (
        load_mobileconfig(PSSO.read_text()) == load_mobileconfig(PSSO.read_bytes()) == load_mobileconfig(PSSO)
    )


def test_missing_file() -> None:
    with pytest.raises(ProfileError, match=r"Invalid profile 'nope.mobileconfig': cannot read file: No such"):
        load_mobileconfig(PROFILES / "nope.mobileconfig")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"PayloadType": "com.apple.mobiledevice.passwordpolicy", "minLength": "12"},
            "PayloadContent[0].PayloadIdentifier: Field required; "
            "PayloadContent[0].PayloadUUID: Field required; "
            "PayloadContent[0].minLength: Input should be a valid integer (got '12')",
        ),
        (
            {
                "PayloadType": "com.apple.mobiledevice.passwordpolicy",
                "PayloadIdentifier": "i",
                "PayloadUUID": "u",
                "minLength": 20,
            },
            "PayloadContent[0].minLength: Input should be less than or equal to 16 (got 20)",
        ),
        (
            {
                "PayloadType": "com.apple.extensiblesso",
                "PayloadIdentifier": "i",
                "PayloadUUID": "u",
                "ExtensionIdentifier": "x",
                "Type": "Redirect",
                "PlatformSSO": _settings(FileVaultPolicy="AttemptAuthentication"),
            },
            "PayloadContent[0].PlatformSSO.FileVaultPolicy: Input should be a valid list (got 'AttemptAuthentication')",
        ),
        (
            {
                "PayloadType": "com.apple.extensiblesso",
                "PayloadIdentifier": "i",
                "PayloadUUID": "u",
                "ExtensionIdentifier": "x",
                "Type": "Redirect",
                "PlatformSSO": _settings(UserAuthorizationMode="Temporary"),
            },
            "PayloadContent[0].PlatformSSO.UserAuthorizationMode: "
            "Input should be 'Standard', 'Admin' or 'Groups' (got 'Temporary')",
        ),
        (
            {
                "PayloadType": "com.apple.extensiblesso",
                "PayloadIdentifier": "i",
                "PayloadUUID": "u",
                "ExtensionIdentifier": "x",
                "Type": "Redirect",
                "PlatformSSO": _settings(LoginFrequency=600),
            },
            "PayloadContent[0].PlatformSSO.LoginFrequency: "
            "Input should be greater than or equal to 3600 (got 600)",
        ),
        (
            {
                "PayloadType": "com.apple.mdm",
                "PayloadIdentifier": "i",
                "PayloadUUID": "u",
                "ServerURL": "s",
                "Topic": "com.example.push",
                "AccessRights": 8191,
            },
            "PayloadContent[0].Topic: "
            "String should match pattern '^com\\.apple\\.mgmt\\.' (got 'com.example.push')",
        ),
        ({"Foo": 1}, "PayloadContent[0].PayloadType: Field required"),
    ],
    ids=["wrong-type-and-missing", "out-of-range", "documented-key-wrong-type", "value-apple-does-not-allow",
         "login-frequency", "mdm-topic", "no-type"],
)
def test_validation_errors_use_plist_keys(payload: dict[str, Any], expected: str) -> None:
    error = _error(_plist_text(_raw_profile(**payload)))
    assert error.message == f"Invalid profile 'test.mobileconfig': {expected}"
    assert error.problems == tuple(expected.split("; "))


def test_top_level_must_be_a_dictionary() -> None:
    error = _error(plistlib.dumps(["a"]).decode(), name="list.mobileconfig")
    assert (
        error.message
        == "Invalid profile 'list.mobileconfig': expected a dictionary at the top level (got list)"
    )


def test_long_values_are_shortened() -> None:
    error = _error(
        _plist_text(
            _raw_profile(
                PayloadType="com.apple.mdm",
                PayloadIdentifier="i",
                PayloadUUID="u",
                ServerURL="s",
                AccessRights=1,
                Topic="x" * 200,
            )
        )
    )
    assert error.message.endswith("(got '" + "x" * 56 + "...)")


@pytest.mark.parametrize(
    ("top_level", "platform_sso", "on_13", "on_14"),
    [
        ("Password", "Password", "Password", "Password"),
        ("Password", None, "Password", None),  # macOS 14 does not fall back to the top-level key
        (None, "UserSecureEnclaveKey", None, "UserSecureEnclaveKey"),  # macOS 13 ignores PlatformSSO
        ("SmartCard", "SmartCard", None, "SmartCard"),  # macOS 13 knows no SmartCard
        ("Password", "UserSecureEnclaveKey", "Password", "UserSecureEnclaveKey"),
    ],
)
def test_authentication_method_by_macos_version(
    top_level: str | None, platform_sso: str | None, on_13: str | None, on_14: str | None
) -> None:
    sso = _sso(AuthenticationMethod=top_level, PlatformSSO=_settings(AuthenticationMethod=platform_sso))
    assert (sso.authentication_method_for(13), sso.authentication_method_for(14)) == (on_13, on_14)
    assert sso.authentication_method_for(15) == on_14
    assert sso.authentication_method_for(12) is None
    assert (sso.is_platform_sso_for(13), sso.is_platform_sso_for(14)) == (
        on_13 is not None,
        on_14 is not None,
    )


def test_recommended_payload_keys() -> None:
    sso = recommended_psso_payload(payload_uuid="U1", authentication_method="UserSecureEnclaveKey")
    assert sso.payload_identifier == "com.apple.extensiblesso.U1"
    assert sso.authentication_method == "UserSecureEnclaveKey"
    assert sso.platform_sso == PlatformSSOSettings(
        AuthenticationMethod="UserSecureEnclaveKey",
        UseSharedDeviceKeys=True,
        TokenToUserMapping=TokenToUserMapping(AccountName="preferred_username", FullName="name"),
    )
    assert sso.screen_locked_behavior == "DoNotHandle"
    assert sso.extension_data["AppPrefixAllowList"] == "com.microsoft.,com.apple."
    with pytest.raises(ProfileError, match="unknown authentication method 'Pasword'") as unknown:
        recommended_psso_payload(payload_uuid="U1", authentication_method="Pasword")
    assert unknown.value.hint == "expected one of Password, UserSecureEnclaveKey, SmartCard"


def test_intune_substitutes_the_registration_token() -> None:
    template = recommended_psso_payload(payload_uuid="U1")
    delivered = with_registration_token(template, "tok-123")
    assert delivered.registration_token == "tok-123"
    assert template.registration_token == "{{DEVICEREGISTRATION}}"
    assert with_registration_token(_sso(RegistrationToken="fixed"), "tok-123").registration_token == "fixed"
    with pytest.raises(ProfileError, match="empty device registration token"):
        with_registration_token(template, "")


@pytest.mark.parametrize("macos_major", [13, 14, 15])
def test_recommended_payload_passes_the_check(macos_major: int) -> None:
    check_sso_payloads([load_mobileconfig(PSSO)], macos_major)
    check_sso_payloads([], macos_major)  # no SSO payload: nothing to report
    check_sso_payloads([load_mobileconfig(PROFILES / "management-profile.mobileconfig")], macos_major)


def test_two_sso_payloads_in_one_profile_is_10002() -> None:
    with pytest.raises(MultipleSsoPayloads) as caught:
        check_sso_payloads([load_mobileconfig(PROFILES / "two-sso-payloads.mobileconfig")], 14)
    assert caught.value.code == 10002
    assert caught.value.payload_identifiers == ("com.contoso.sso.entra", "com.contoso.sso.kerberos")
    assert "'com.contoso.sso.entra', 'com.contoso.sso.kerberos'" in str(caught.value)
    assert "Intune error 10002" in str(caught.value)


def test_sso_payloads_across_profiles_is_10002() -> None:
    second = _profile(_sso(PayloadIdentifier="com.contoso.second"))
    with pytest.raises(MultipleSsoPayloads, match="2 SSO extension payloads target this device"):
        check_sso_payloads([load_mobileconfig(PSSO), second], 13)


@pytest.mark.parametrize(
    ("changes", "macos_major", "problem"),
    [
        (
            {"ExtensionIdentifier": "com.microsoft.CompanyPortal.ssoextension"},
            14,
            "ExtensionIdentifier: expected 'com.microsoft.CompanyPortalMac.ssoextension' "
            "(got 'com.microsoft.CompanyPortal.ssoextension')",
        ),
        ({"TeamIdentifier": None}, 13, "TeamIdentifier: expected 'UBF8T346G9' (got nothing)"),
        ({"Type": "Credential"}, 14, "Type: expected 'Redirect' (got 'Credential')"),
        (
            {"URLs": ["https://login.microsoftonline.com/"]},
            14,
            "URLs: missing 'https://login.microsoft.com', 'https://sts.windows.net'",
        ),
        (
            {"RegistrationToken": None},
            13,
            "RegistrationToken: expected '{{DEVICEREGISTRATION}}' (got nothing)",
        ),
        (
            {"AuthenticationMethod": None},
            13,
            "AuthenticationMethod: expected 'Password' or 'UserSecureEnclaveKey' (got nothing; "
            "macOS 13 reads the top-level key, not PlatformSSO > AuthenticationMethod)",
        ),
        (
            {"AuthenticationMethod": "SmartCard"},
            13,
            "AuthenticationMethod: expected 'Password' or 'UserSecureEnclaveKey' "
            "(got 'SmartCard', which needs macOS 14)",
        ),
        (
            {"PlatformSSO": None},
            14,
            "PlatformSSO: expected a dictionary with AuthenticationMethod and UseSharedDeviceKeys true "
            "(got nothing; macOS 14 does not read the top-level AuthenticationMethod)",
        ),
        (
            {"PlatformSSO": _settings(AuthenticationMethod=None)},
            14,
            "PlatformSSO.AuthenticationMethod: expected 'Password', 'UserSecureEnclaveKey' or 'SmartCard' "
            "(got nothing; macOS 14 does not read the top-level key)",
        ),
        (
            {"PlatformSSO": _settings(UseSharedDeviceKeys=False)},
            14,
            "PlatformSSO.UseSharedDeviceKeys: expected true (got false)",
        ),
        ({}, 12, "Platform SSO needs macOS 13 or later (device runs macOS 12)"),
    ],
    ids=[
        "extension-id",
        "team-id",
        "type",
        "urls",
        "token",
        "no-method-13",
        "smartcard-13",
        "no-psso-14",
        "no-method-14",
        "shared-keys-14",
        "macos-12",
    ],
)
def test_misconfigured_payload_is_10001(changes: dict[str, Any], macos_major: int, problem: str) -> None:
    with pytest.raises(SsoPayloadMisconfigured) as caught:
        check_sso_payloads([_profile(_sso(**changes))], macos_major)
    error = caught.value
    assert (error.code, error.problems, error.macos_major) == (10001, (problem,), macos_major)
    assert error.message == (
        f"SSO payload 'com.apple.extensiblesso.{SSO_UUID}' is misconfigured for macOS {macos_major} "
        f"(Intune error 10001): {problem}"
    )


@pytest.mark.parametrize(
    ("changes", "fails_on"),
    [
        ({"PlatformSSO": _settings(UseSharedDeviceKeys=False)}, 14),  # macOS 13 does not read it
        ({"PlatformSSO": None}, 14),
        ({"AuthenticationMethod": None}, 13),
        (
            {"AuthenticationMethod": "SmartCard", "PlatformSSO": _settings(AuthenticationMethod="SmartCard")},
            13,
        ),
    ],
)
def test_a_payload_can_suit_one_macos_version_only(changes: dict[str, Any], fails_on: int) -> None:
    profile = _profile(_sso(**changes))
    check_sso_payloads([profile], 27 - fails_on)  # the other version (13 <-> 14) accepts it
    with pytest.raises(SsoPayloadMisconfigured):
        check_sso_payloads([profile], fails_on)


def test_all_problems_are_reported_together() -> None:
    sso = _sso(TeamIdentifier="WRONG", PlatformSSO=_settings(UseSharedDeviceKeys=False))
    with pytest.raises(SsoPayloadMisconfigured) as caught:
        check_sso_payloads([_profile(sso)], 14)
    assert caught.value.problems == (
        "TeamIdentifier: expected 'UBF8T346G9' (got 'WRONG')",
        "PlatformSSO.UseSharedDeviceKeys: expected true (got false)",
    )
    assert not sso.is_microsoft_psso()
