"""The Intune settings catalog policy for Platform SSO: the admin picks and configures settings in the
admin center; Intune assigns the policy and delivers its profile at the Mac's next check-in, or holds it
back with error 10001 or 10002.

Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then, when

from psso_sim.authoring.datatable import Column, TableSpec, reads_table
from psso_sim.intune.configuration_policies import ConfigurationPolicy
from psso_sim.intune.models import ALL_USERS
from psso_sim.intune.profiles import ConfigurationProfile, SsoExtensionPayload
from psso_sim.intune.settings_catalog import EXTENSIBLE_SSO, EXTENSION_DATA_TYPES, recommended_settings
from psso_sim.intune.sso_payload import sso_app_extension_payload
from psso_sim.macos.mac import Mac
from psso_sim.steps.admin import admin_portal
from psso_sim.steps.parameters import step_parser
from psso_sim.ui.desktop import Desktop
from psso_sim.world import World

__all__ = ["CONFIGURED_SETTINGS", "PICKED_SETTINGS"]  # its tables; its steps are public by their sentences

Table = list[list[str]] | None
EXTENSION_DATA = "Extension Data"

PICKED_SETTINGS = TableSpec("these settings in the settings picker", (
    Column("setting", "a setting of Extensible Single Sign On (SSO), with its group",
           allowed=tuple(dict.fromkeys(s.picker_entry for s in EXTENSIBLE_SSO)), required=True),
))

CONFIGURED_SETTINGS = TableSpec("these settings", (
    Column("setting", "a setting added to the policy, with its group",
           allowed=tuple(s.path for s in EXTENSIBLE_SSO), required=True),
    Column("value", "the value: text, one of the setting's values, or one entry of a list (URLs)", required=True),
    Column("key", "Extension Data: the key"),
    Column("type", "Extension Data: the value's type", allowed=tuple(EXTENSION_DATA_TYPES)),
))


@when(step_parser("the admin selects these settings in the settings picker:"))
@reads_table(PICKED_SETTINGS)
def admin_picks_settings(admin_desktop: Desktop, datatable: Table = None) -> None:
    """In the settings picker's list, select each setting (expanding its group, e.g. Platform SSO).

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: When the admin selects these settings in the settings picker:
    Area: Intune settings catalog
    """
    portal = admin_portal(admin_desktop)
    for row in PICKED_SETTINGS.read(datatable):
        admin_desktop.navigate(row.required("setting"), portal)


@when(step_parser("the admin configures these settings:"))
@reads_table(CONFIGURED_SETTINGS)
def admin_configures_settings(admin_desktop: Desktop, datatable: Table = None) -> None:
    """Give each added setting its value on the Configuration settings page, one row per value.

    A list (URLs) takes one row an entry; Extension Data takes a key, a type and a value.

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: When the admin configures these settings:
    Area: Intune settings catalog
    """
    portal = admin_portal(admin_desktop)
    for row in CONFIGURED_SETTINGS.read(datatable):
        setting, value = row.required("setting"), row.required("value")
        if setting != EXTENSION_DATA:
            admin_desktop.enter(setting, value, portal)
            continue
        for part, text in (("Key", row.get("key")), ("Type", row.get("type") or "String"), ("Value", value)):
            if text is None:
                raise row.error("key", "Extension Data needs a key")
            admin_desktop.enter(f"{EXTENSION_DATA} > {part}", text, portal)


@given(step_parser('the admin has assigned the SSO app extension profile "{name:Label}" from the Device features '
                   "template"))
def admin_has_sso_app_extension_profile(world: World, name: str) -> None:
    """The Microsoft Enterprise SSO plug-in's profile of before Platform SSO, assigned to all users.

    Source: Configure platform SSO for macOS devices > Step 7 - Unassign any existing SSO app extension profiles
    Example: Given the admin has assigned the SSO app extension profile "Plug-in" from the Device features template
    Area: Intune settings catalog
    """
    seeds = world.runtime.seeds
    uuid = seeds.uuid()
    profile = ConfigurationProfile(PayloadIdentifier=f"com.microsoft.intune.devicefeatures.{uuid}", PayloadUUID=uuid,
                                   PayloadDisplayName=name, PayloadOrganization=world.entra.tenant.name,
                                   PayloadContent=[sso_app_extension_payload(payload_uuid=seeds.uuid())])
    world.intune.assign_profile(profile)


@given(step_parser('the admin has assigned the settings catalog policy "{name:Label}" for "{method:Label}" to all '
                   "users"))
def admin_has_psso_policy(world: World, name: str, method: str) -> None:
    """Step 2's policy, made earlier: both authentication settings with the method, assigned to All users.

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: Given the admin has assigned the settings catalog policy "macOS - Platform SSO" for "Password" to all users
    Area: Intune settings catalog
    """
    settings = {s.definition_id: value for s, value in recommended_settings(method).items()}
    policies = world.intune.configuration_policies
    policies.assign(policies.create(name, "", settings).id, [ALL_USERS])


@then(step_parser('Intune has the "{name:Label}" policy assigned to "{target:Label}"'))
def policy_assigned(world: World, name: str, target: str) -> None:
    """The settings catalog policy exists in Intune and its assignments include the target.

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: Then Intune has the "macOS - Platform SSO" policy assigned to "All users"
    Area: Intune settings catalog
    """
    policy = world.intune.configuration_policies.named(name)
    assert target in policy.assignments, f"'{name}' is assigned to {list(policy.assignments) or 'nobody'}"


@then(step_parser('Intune reports "{message:Label}" for the Mac in the "{name:Label}" policy'))
def policy_reports(world: World, mac: Mac, name: str, message: str) -> None:
    """The policy's device status for the Mac is Error with this message (Intune's SSO payload check).

    Source: Configure platform SSO for macOS devices > Common errors
    Example: Then Intune reports "10002: multiple SSOe payloads configured." for the Mac in the "PSSO" policy
    Area: Intune settings catalog
    """
    policy = world.intune.configuration_policies.named(name)
    statuses = {s.device.udid: s for s in world.intune.configuration_policies.device_statuses(policy.id)}
    status = statuses.get(mac.udid)
    assert status is not None, f"'{name}' does not target {mac.name}"
    shown = (status.status.value, status.detail)
    assert shown == ("Error", message), f"{mac.name}: {shown}"


@then(step_parser('the Mac has received the "{name:Label}" policy'))
def mac_received_policy(world: World, mac: Mac, name: str) -> None:
    """The policy's profile is installed on the Mac (delivered at a check-in).

    Source: Configure platform SSO for macOS devices > Step 4 - Enroll the devices and apply the policies
    Example: Then the Mac has received the "macOS - Platform SSO" policy
    Area: Intune settings catalog
    """
    _installed(world, mac, name)


@then(step_parser('the Mac has not received the "{name:Label}" policy'))
def mac_not_received_policy(world: World, mac: Mac, name: str) -> None:
    """Intune did not deliver the policy's profile to the Mac.

    Source: Configure platform SSO for macOS devices > Common errors
    Example: Then the Mac has not received the "macOS - Platform SSO" policy
    Area: Intune settings catalog
    """
    policy = world.intune.configuration_policies.named(name)
    assert policy.profile.payload_identifier not in mac.profiles, f"{mac.name} has '{name}' installed"


@then(step_parser('the "{name:Label}" policy sets "{key:Label}" to "{value:Label}" on the Mac'))
def policy_sets_key(world: World, mac: Mac, name: str, key: str, value: str) -> None:
    """The SSO payload the Mac installed from the policy has this value at this Apple key.

    A list's value is among its entries; a boolean is true or false.

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: Then the "macOS - Platform SSO" policy sets "PlatformSSO.AuthenticationMethod" to "Password" on the Mac
    Area: Intune settings catalog
    """
    (payload,) = _installed(world, mac, name).payloads(SsoExtensionPayload)
    found: Any = payload.model_dump(by_alias=True, exclude_none=True)
    for part in key.split("."):
        assert isinstance(found, dict) and part in found, f"no {key} in the installed payload: {found}"
        found = found[part]
    shown = [_plist_text(v) for v in found] if isinstance(found, list) else [_plist_text(found)]
    assert value in shown, f"{key} is {found!r} on {mac.name}"


@then(step_parser('the Mac reads "{method:Label}" as its Platform SSO authentication method'))
def mac_reads_method(mac: Mac, method: str) -> None:
    """Platform SSO is on, with the method the Mac's macOS reads from the installed payload.

    macOS 13 reads the top-level AuthenticationMethod; 14 and later read PlatformSSO's.

    Source: Configure platform SSO for macOS devices > Step 2 - Create the Platform SSO policy in Intune
    Example: Then the Mac reads "UserSecureEnclaveKey" as its Platform SSO authentication method
    Area: Intune settings catalog
    """
    payload = mac.platform_sso.payload
    read = payload.authentication_method_for(mac.macos_major) if payload else None
    assert read == method, f"{mac.name} (macOS {mac.macos_major}) reads {read or 'no method'}"


def _installed(world: World, mac: Mac, name: str) -> ConfigurationProfile:
    policy: ConfigurationPolicy = world.intune.configuration_policies.named(name)
    profile = mac.profiles.get(policy.profile.payload_identifier)
    assert profile is not None, f"'{name}' is not installed on {mac.name}; installed: " + ", ".join(
        p.payload_display_name for p in mac.profiles.values())
    return profile


def _plist_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
