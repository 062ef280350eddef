"""The settings catalog's Extensible SSO settings: labels, Apple keys, values, what each release offers."""

from __future__ import annotations

import pytest

from psso_sim.intune.profiles import SsoExtensionPayload, recommended_psso_payload
from psso_sim.intune.settings_catalog import (
    EXTENSIBLE_SSO,
    CatalogError,
    build_sso_payload,
    extension_data_value,
    offered_settings,
    recommended_settings,
    setting_by_id,
    setting_by_path,
)
from psso_sim.product import PRODUCTS


def _payload(values: dict[str, object]) -> SsoExtensionPayload:
    settings = {setting_by_path(path): value for path, value in values.items()}
    return build_sso_payload(settings, payload_identifier="i", payload_uuid="u", display_name="d")


def test_each_setting_has_graphs_definition_id_and_a_unique_label() -> None:
    assert setting_by_path("Platform SSO > Authentication Method").definition_id == (
        "com.apple.extensiblesso_platformsso_authenticationmethod")
    assert setting_by_path("Authentication Method (Deprecated)").definition_id == (
        "com.apple.extensiblesso_authenticationmethod")
    assert len({s.path for s in EXTENSIBLE_SSO}) == len(EXTENSIBLE_SSO)
    assert len({s.definition_id for s in EXTENSIBLE_SSO}) == len(EXTENSIBLE_SSO)
    for setting in EXTENSIBLE_SSO:
        assert setting_by_id(setting.definition_id) is setting


def test_token_to_user_mapping_is_one_picker_entry_for_two_settings() -> None:
    entries = {s.path: s.picker_entry for s in EXTENSIBLE_SSO if "Token To User Mapping" in s.path}
    assert entries == {
        "Platform SSO > Token To User Mapping > Account Name": "Platform SSO > Token To User Mapping",
        "Platform SSO > Token To User Mapping > Full Name": "Platform SSO > Token To User Mapping",
    }


def test_the_picker_offers_a_platform_sso_key_only_where_a_macos_of_the_release_reads_it() -> None:
    current = {s.path for s in offered_settings(PRODUCTS["current"])}
    seeds = {s.path for s in offered_settings(PRODUCTS["2023-11"])}
    assert current - seeds == {"Platform SSO > FileVault Policy", "Platform SSO > Non Platform SSO Accounts"}
    assert "Platform SSO > Use Shared Device Keys" in seeds  # a macOS 14 key


@pytest.mark.parametrize("method", ["Password", "UserSecureEnclaveKey", "SmartCard"])
def test_the_recommended_settings_make_microsofts_payload(method: str) -> None:
    values = {s.path: v for s, v in recommended_settings(method).items()}
    payload = build_sso_payload(recommended_settings(method), payload_identifier="i", payload_uuid="u",
                                display_name="d")
    expected = recommended_psso_payload(payload_uuid="u", authentication_method=method)
    assert payload.platform_sso == expected.platform_sso
    assert (payload.extension_identifier, payload.team_identifier, payload.type, payload.urls) == (
        expected.extension_identifier, expected.team_identifier, expected.type, expected.urls)
    assert payload.screen_locked_behavior == "DoNotHandle"
    # SmartCard is not a value of the deprecated setting: only macOS 14 and later get it.
    assert payload.authentication_method == (None if method == "SmartCard" else method)
    assert ("Authentication Method (Deprecated)" in values) is (method != "SmartCard")


def test_choice_settings_take_their_labels_and_refuse_others() -> None:
    screen_locked = setting_by_path("Screen Locked Behavior")
    assert screen_locked.value_of("Do Not Handle") == "DoNotHandle"
    assert screen_locked.label_of("DoNotHandle") == "Do Not Handle"
    assert setting_by_path("Platform SSO > Use Shared Device Keys").value_of("Enabled") is True
    with pytest.raises(CatalogError) as caught:
        setting_by_path("Authentication Method (Deprecated)").value_of("SmartCard")
    assert str(caught.value) == ("SIM/intune: 'SmartCard' is not a value of Authentication Method (Deprecated)\n"
                                 "  hint: values: Password, UserSecureEnclaveKey")
    with pytest.raises(CatalogError, match=r"no setting 'Platform SSO > Auth Method'"):
        setting_by_path("Platform SSO > Auth Method")
    with pytest.raises(CatalogError, match=r"unknown settingDefinitionId 'com\.apple\.extensiblesso_nope'"):
        setting_by_id("com.apple.extensiblesso_nope")


def test_a_payload_without_a_required_key_or_with_a_wrong_value_names_the_setting() -> None:
    with pytest.raises(CatalogError) as caught:
        _payload({"Extension Identifier": "x"})
    assert "Type: Field required" in caught.value.message
    with pytest.raises(CatalogError) as caught:
        _payload({"Extension Identifier": "x", "Type": "Redirect", "Platform SSO > Use Shared Device Keys": "yes"})
    assert "Platform SSO > Use Shared Device Keys: Input should be a valid boolean" in caught.value.message


def test_each_setting_lands_at_its_apple_key() -> None:
    payload = _payload({"Extension Identifier": "x", "Type": "Redirect",
                        "Authentication Method (Deprecated)": "Password",
                        "Platform SSO > Token To User Mapping > Full Name": "name",
                        "Platform SSO > FileVault Policy": ["AttemptAuthentication"],
                        "Extension Data": {"custom_tgt_setting": 1}})
    dumped = payload.model_dump(by_alias=True, exclude_none=True)
    assert dumped["AuthenticationMethod"] == "Password"
    assert dumped["PlatformSSO"]["TokenToUserMapping"] == {"FullName": "name"}
    assert dumped["PlatformSSO"]["FileVaultPolicy"] == ["AttemptAuthentication"]
    assert dumped["ExtensionData"] == {"custom_tgt_setting": 1}


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("String", "com.microsoft.,com.apple.", "com.microsoft.,com.apple."),
    ("Integer", "2", 2),
    ("Boolean", "True", True),
    ("Boolean", "false", False),
])
def test_extension_data_values_are_typed(kind: str, text: str, value: object) -> None:
    assert extension_data_value("k", kind, text) == value
    assert type(extension_data_value("k", kind, text)) is type(value)


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("Integer", "two", "'two' is not an Integer for Extension Data > k"),
    ("Boolean", "yes", "'yes' is not a Boolean for Extension Data > k"),
    ("Float", "1.5", "'Float' is not a type of Extension Data > k"),
])
def test_extension_data_refuses_a_value_of_another_type(kind: str, text: str, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        extension_data_value("k", kind, text)
