"""Apple's documented keys are accepted, typed and checked; keys Apple does not document are kept and noted.

psso-public-style.mobileconfig is written the way public Platform SSO profiles are (alphabetical keys,
``PayloadEnabled`` in each payload, sovereign-cloud URLs, macOS 15 and 26 keys, a login window payload):
such a profile was refused with "Extra inputs are not permitted" before.
"""

from __future__ import annotations

import plistlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from psso_sim.actors import Person
from psso_sim.intune.profiles import (
    ConfigurationProfile,
    OtherPayload,
    ProfileError,
    SsoExtensionPayload,
    SsoPayloadMisconfigured,
    check_sso_payloads,
    dump_mobileconfig,
    load_mobileconfig,
    recommended_psso_payload,
)
from psso_sim.intune.sso_payload import PlatformSSOSettings, sso_app_extension_payload
from psso_sim.world import World

PUBLIC = Path(__file__).resolve().parent.parent / "data" / "profiles" / "psso-public-style.mobileconfig"


def _public_plist() -> dict[str, Any]:
    plist: dict[str, Any] = plistlib.loads(PUBLIC.read_bytes())
    return plist


def _with_platform_sso(**changes: Any) -> bytes:
    plist = _public_plist()
    settings = plist["PayloadContent"][0]["PlatformSSO"]
    settings.update(changes)
    for key in [k for k, v in changes.items() if v is None]:
        del settings[key]
    return plistlib.dumps(plist)


def test_a_public_style_profile_loads_with_its_documented_keys_typed() -> None:
    profile = load_mobileconfig(PUBLIC)
    sso, login_window = profile.payload_content
    assert isinstance(sso, SsoExtensionPayload) and isinstance(login_window, OtherPayload)
    settings = sso.platform_sso
    assert settings is not None
    assert settings.file_vault_policy == ["AttemptAuthentication", "AllowOfflineGracePeriod"]
    assert (settings.offline_grace_period, settings.enable_registration_during_setup) == (86400, True)
    assert settings.non_platform_sso_accounts == ["localadmin"]
    assert settings.allow_web_login_password_sync is False
    assert (settings.new_user_authorization_mode, settings.user_authorization_mode) == ("Standard", "Standard")
    assert profile.target_device_type == 5 and len(sso.urls) == 7
    assert sso.is_microsoft_psso()


def test_keys_apple_does_not_document_are_kept_round_tripped_and_noted() -> None:
    profile = load_mobileconfig(PUBLIC)
    (sso,) = profile.payloads(SsoExtensionPayload)
    assert sso.model_extra == {"PayloadEnabled": True}
    assert plistlib.loads(dump_mobileconfig(profile)) == _public_plist()  # key for key, nothing dropped
    assert profile.notes() == [
        "PayloadContent[0].PayloadEnabled: not a key Apple documents here; macOS ignores it",
    ]  # the login window payload is not modelled: all its keys are kept, none is noted


@pytest.mark.parametrize(("macos", "unread"), [
    (13, 18),  # macOS 13 reads no PlatformSSO dictionary
    (14, 8),  # 15's policies, accounts and grace period, 15.4's attestation, 26's setup, 27's web login sync
    (15, 3),
])
def test_notes_name_the_keys_a_macos_release_does_not_read(macos: int, unread: int) -> None:
    notes = load_mobileconfig(PUBLIC).notes(macos)
    ignored = [n for n in notes if n.endswith("it is ignored there")]
    assert len(ignored) == unread, ignored
    if macos == 15:
        assert ignored == [f"PayloadContent[0].PlatformSSO.{key}: macOS 15 does not read it; it is ignored there"
                           for key in ("AllowDeviceIdentifiersInAttestation", "EnableRegistrationDuringSetup",
                                       "AllowWebLoginPasswordSync")]


@pytest.mark.parametrize("macos", [13, 14, 15])
def test_intune_accepts_the_public_profile_for_every_macos(macos: int) -> None:
    check_sso_payloads([load_mobileconfig(PUBLIC)], macos)


def test_a_mac_installs_the_public_profile_through_intune_and_turns_platform_sso_on() -> None:
    world = World(seed=5)
    user = world.add_user()
    mac = world.add_mac(owner=user, macos=15)
    profile = load_mobileconfig(PUBLIC)
    world.intune.assign_profile(profile)
    Person(world, user, mac).install_management_profile()
    world.advance(timedelta(minutes=2))
    installed = mac.profiles[profile.payload_identifier]
    (sso,) = installed.payloads(SsoExtensionPayload)
    assert sso.model_extra == {"PayloadEnabled": True}  # delivered as written
    assert mac.platform_sso.payload is not None and mac.platform_sso.registration_required
    assert any("PayloadEnabled: not a key Apple documents here" in line for line in world.trace.lines("intune"))


# Apple's ExtensibleSingleSignOn > PlatformSSO keys, spelt as the profile reference spells them (macOS 13 to 27).
APPLE_PLATFORM_SSO_KEYS = ["AccessKeyReaderGroupIdentifier", "AccessKeyReaderIssuerCertificateUUID",
    "AccessKeyTerminalIdentityUUID", "AccountDisplayName", "AdditionalGroups", "AdditionalHTTPHeaders",
    "AdministratorGroups", "AllowAccessKeyExpressMode", "AllowDeviceIdentifiersInAttestation",
    "AllowWebLoginPasswordSync", "AlwaysUseLoginUI", "AuthenticationGracePeriod", "AuthenticationMethod",
    "AuthorizationGroups", "EnableAuthorization", "EnableCreateFirstUserDuringSetup", "EnableCreateUserAtLogin",
    "EnableRegistrationDuringSetup", "FileVaultPolicy", "LoginFrequency", "LoginPolicy",
    "NewUserAuthenticationMethods", "NewUserAuthorizationMode", "NonPlatformSSOAccounts", "OfflineGracePeriod",
    "SynchronizeProfilePicture", "TemporarySessionQuickLogin", "TokenToUserMapping", "UnlockPolicy",
    "UseSharedDeviceKeys", "UserAuthorizationMode", "WebLoginURLAllowList"]


def test_each_platform_sso_setting_reads_the_key_apple_names() -> None:
    read = sorted(field.alias or name for name, field in PlatformSSOSettings.model_fields.items())
    assert read == sorted(APPLE_PLATFORM_SSO_KEYS)  # a misspelt key would be kept as unknown, and never read


def test_a_grace_period_of_zero_seconds_is_a_value_apple_allows() -> None:
    (sso,) = load_mobileconfig(_with_platform_sso(OfflineGracePeriod=0, AuthenticationGracePeriod=0),
                               name="public.mobileconfig").payloads(SsoExtensionPayload)
    assert sso.platform_sso is not None
    assert (sso.platform_sso.offline_grace_period, sso.platform_sso.authentication_grace_period) == (0, 0)


@pytest.mark.parametrize(("changes", "problem"), [
    ({"FileVaultPolicy": "AttemptAuthentication"},
     "PlatformSSO.FileVaultPolicy: Input should be a valid list (got 'AttemptAuthentication')"),
    ({"UnlockPolicy": ["AllowTouchIDOrWatch"]},
     "PlatformSSO.UnlockPolicy[0]: Input should be 'AttemptAuthentication', 'RequireAuthentication', "
     "'AllowOfflineGracePeriod', 'AllowAuthenticationGracePeriod', 'RequireTouchID', 'RequireTouchIDOrWatch', "
     "'AllowOpenIDForTouchIDFallback' or 'AllowTouchIDOrWatchForUnlock' (got 'AllowTouchIDOrWatch')"),
    ({"OfflineGracePeriod": "1 day"}, "PlatformSSO.OfflineGracePeriod: Input should be a valid integer (got '1 day')"),
    ({"OfflineGracePeriod": -1},
     "PlatformSSO.OfflineGracePeriod: Input should be greater than or equal to 0 (got -1)"),
    ({"NewUserAuthenticationMethods": ["Password", "Passkey"]},
     "PlatformSSO.NewUserAuthenticationMethods[1]: Input should be 'Password', 'SmartCard', 'AccessKey' or 'OpenID' "
     "(got 'Passkey')"),
    ({"AuthorizationGroups": ["system.preferences"]},
     "PlatformSSO.AuthorizationGroups: Input should be a valid dictionary (got ['system.preferences'])"),
    ({"AdditionalHTTPHeaders": {f"X-Header-{n}": "v" for n in range(21)}},
     "PlatformSSO.AdditionalHTTPHeaders: Dictionary should have at most 20 items after validation, not more"),
])
def test_a_documented_key_with_a_wrong_type_or_value_is_refused(changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(ProfileError) as caught:
        load_mobileconfig(_with_platform_sso(**changes), name="public.mobileconfig")
    (found,) = caught.value.problems
    assert found.startswith(f"PayloadContent[0].{problem}"), found


@pytest.mark.parametrize(("changes", "macos", "problem"), [
    ({"AuthenticationMethod": "UserSecureEnclaveKey"}, 15,
     "PlatformSSO.FileVaultPolicy: AttemptAuthentication, AllowOfflineGracePeriod applies to the Password method "
     "only (got AuthenticationMethod 'UserSecureEnclaveKey')"),
    ({"OfflineGracePeriod": None}, 15,
     "PlatformSSO.OfflineGracePeriod: required with FileVaultPolicy AllowOfflineGracePeriod (got nothing)"),
    ({"UnlockPolicy": ["AttemptAuthentication", "AllowAuthenticationGracePeriod"]}, 15,
     "PlatformSSO.AuthenticationGracePeriod: required with UnlockPolicy AllowAuthenticationGracePeriod (got nothing)"),
    ({"AuthenticationMethod": "OpenID"}, 14,
     "PlatformSSO.AuthenticationMethod: expected 'Password', 'UserSecureEnclaveKey' or 'SmartCard' "
     "(got 'OpenID', which needs a macOS release not simulated here)"),
])
def test_apples_rules_between_keys_are_intune_error_10001(changes: dict[str, Any], macos: int, problem: str) -> None:
    profile = load_mobileconfig(_with_platform_sso(**changes))
    with pytest.raises(SsoPayloadMisconfigured) as caught:
        check_sso_payloads([profile], macos)
    assert problem in caught.value.problems


def test_a_macos_that_does_not_read_the_policies_does_not_check_them() -> None:
    profile = load_mobileconfig(_with_platform_sso(AuthenticationMethod="UserSecureEnclaveKey",
                                                   OfflineGracePeriod=None))
    check_sso_payloads([profile], 14)  # FileVaultPolicy is a macOS 15 key


def test_the_sso_app_extension_alone_is_not_platform_sso_and_not_an_error() -> None:
    plugin = ConfigurationProfile(PayloadIdentifier="p", PayloadUUID="u", PayloadDisplayName="Plug-in",
                                  PayloadContent=[sso_app_extension_payload(payload_uuid="U1")])
    (payload,) = plugin.payloads(SsoExtensionPayload)
    assert not payload.configures_platform_sso() and payload.is_microsoft_psso()
    for macos in (13, 14, 15):
        check_sso_payloads([plugin], macos)
    psso = ConfigurationProfile(PayloadIdentifier="q", PayloadUUID="v", PayloadDisplayName="PSSO",
                                PayloadContent=[recommended_psso_payload(payload_uuid="U2")])
    with pytest.raises(Exception, match="10002"):
        check_sso_payloads([plugin, psso], 14)
