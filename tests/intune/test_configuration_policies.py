"""Settings catalog policies and template profiles through Graph: create, assign, deliver, report, unassign."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.admin.graph_client import AdminCenterError, GraphClient, admin_graph_client
from psso_sim.intune.models import ALL_DEVICES, ALL_USERS, ProfileStatus
from psso_sim.intune.profiles import ConfigurationProfile, SsoExtensionPayload
from psso_sim.intune.settings_catalog import recommended_settings, setting_by_path
from psso_sim.intune.sso_payload import sso_app_extension_payload
from psso_sim.macos.mac import Mac
from psso_sim.world import World


@pytest.fixture
def world() -> World:
    return World(seed=21)


@pytest.fixture
def graph(world: World) -> GraphClient:
    return admin_graph_client(world.network.client("admin"), world.entra)


def _settings(method: str = "Password", **drop: bool) -> list[tuple[str, object]]:
    return [(s.definition_id, v) for s, v in recommended_settings(method).items() if s.path not in drop]


def _enrolled_mac(world: World, macos: int = 14) -> Mac:
    user = world.add_user()
    mac = world.add_mac(owner=user, macos=macos)
    Person(world, user, mac).enroll_before_platform_sso()
    return mac


def test_a_policy_created_and_assigned_through_graph_reaches_an_enrolled_mac(world: World, graph: GraphClient) -> None:
    mac = _enrolled_mac(world)
    created = graph.create_configuration_policy("macOS - Platform SSO", "PSSO", _settings("UserSecureEnclaveKey"))
    assert (created["platforms"], created["isAssigned"], created["settingCount"]) == ("macOS", False, 11)
    policy = world.intune.configuration_policies.get(created["id"])
    assert policy.profile.payload_display_name == "com.apple.extensiblesso Profile"
    graph.assign_configuration_policy(created["id"], ["All users"])
    assert world.intune.configuration_policies.get(created["id"]).assignments == (ALL_USERS,)
    world.advance(timedelta(minutes=1))  # the push and the check-in
    installed = mac.profiles[policy.profile.payload_identifier]
    (payload,) = installed.payloads(SsoExtensionPayload)
    assert payload.registration_token is not None and "{{" not in payload.registration_token
    assert payload.authentication_method_for(14) == "UserSecureEnclaveKey"
    (status,) = graph.configuration_policy_device_statuses(created["id"])
    assert (status["deviceName"], status["status"], status["errorDescription"]) == (mac.name, "Succeeded", "")
    assert [p["name"] for p in graph.configuration_policies()] == ["macOS - Platform SSO"]


def test_a_device_the_payload_does_not_suit_gets_10001_and_the_edited_policy_next(
    world: World, graph: GraphClient
) -> None:
    mac = _enrolled_mac(world, macos=13)
    deprecated = "Authentication Method (Deprecated)"
    policy_id = graph.create_configuration_policy("P", "", _settings(**{deprecated: True}))["id"]
    graph.assign_configuration_policy(policy_id, ["All users"])
    world.advance(timedelta(minutes=1))
    (status,) = graph.configuration_policy_device_statuses(policy_id)
    assert (status["status"], status["errorDescription"]) == ("Error", "10001: misconfiguration in the SSOe payload.")
    identifier = world.intune.configuration_policies.get(policy_id).profile.payload_identifier
    assert identifier not in mac.profiles
    graph.update_configuration_policy(policy_id, "P", "", _settings())
    world.advance(timedelta(minutes=1))
    assert identifier in mac.profiles  # the same identifier: the Mac would replace, not add
    assert mac.platform_sso.payload is not None


def test_all_devices_targets_every_managed_mac(world: World, graph: GraphClient) -> None:
    mac = _enrolled_mac(world)
    policy_id = graph.create_configuration_policy("P", "", _settings())["id"]
    graph.assign_configuration_policy(policy_id, ["All devices"])
    world.advance(timedelta(minutes=1))
    assert world.intune.configuration_policies.get(policy_id).assignments == (ALL_DEVICES,)
    assert [s.status for s in world.intune.configuration_policies.device_statuses(policy_id)] == [
        ProfileStatus.SUCCEEDED]
    assert mac.platform_sso.payload is not None
    graph.assign_configuration_policy(policy_id, [])  # unassigned: no longer delivered, the Mac keeps its copy
    assert not world.intune.configuration_policies.get(policy_id).is_assigned
    assert world.intune.configuration_policies.device_statuses(policy_id) == []


def test_a_template_profile_is_listed_and_unassigning_it_lets_the_policy_through(
    world: World, graph: GraphClient
) -> None:
    plugin = ConfigurationProfile(PayloadIdentifier="com.contoso.plugin", PayloadUUID="PLUGIN-UUID",
                                  PayloadDisplayName="Enterprise SSO plug-in",
                                  PayloadContent=[sso_app_extension_payload(payload_uuid="P1")])
    world.intune.assign_profile(plugin)
    mac = _enrolled_mac(world)
    assert "com.contoso.plugin" in mac.profiles  # the plug-in alone is fine
    policy_id = graph.create_configuration_policy("P", "", _settings())["id"]
    graph.assign_configuration_policy(policy_id, ["All users"])
    world.advance(timedelta(minutes=1))
    (status,) = graph.configuration_policy_device_statuses(policy_id)
    assert status["errorDescription"] == "10002: multiple SSOe payloads configured."
    (listed,) = graph.device_configurations()
    assert (listed["id"], listed["displayName"], listed["@odata.type"], listed["isAssigned"]) == (
        "PLUGIN-UUID", "Enterprise SSO plug-in", "#microsoft.graph.macOSDeviceFeaturesConfiguration", True)
    graph.assign_device_configuration("PLUGIN-UUID", [])
    world.advance(timedelta(minutes=1))
    (status,) = graph.configuration_policy_device_statuses(policy_id)
    assert status["status"] == "Succeeded"
    assert graph.device_configurations()[0]["isAssigned"] is False  # still listed, unassigned


@pytest.mark.parametrize(("body_change", "status", "message"), [
    ({"name": ""}, 400, "name: String should have at least 1 character"),
    ({"platforms": "windows10"}, 400, "platforms: Input should be 'macOS'"),
    ({"settings": [{"settingDefinitionId": "com.apple.extensiblesso_nope", "value": 1}]}, 400,
     "unknown settingDefinitionId 'com.apple.extensiblesso_nope'"),
    ({"settings": [{"settingDefinitionId": setting_by_path("Type").definition_id, "value": "Redirect"}]}, 400,
     "Extension Identifier: Field required"),
])
def test_graph_refuses_a_policy_its_settings_cannot_make(
    world: World, body_change: dict[str, object], status: int, message: str
) -> None:
    http = world.network.client("admin")
    http.headers["Authorization"] = "Bearer " + admin_graph_client(http, world.entra).sign_in()
    body = {"name": "P", "platforms": "macOS", "settings": []} | body_change
    response = http.post("https://graph.microsoft.com/beta/deviceManagement/configurationPolicies", json=body)
    assert response.status_code == status and message in response.text, response.text


def test_the_admins_graph_client_raises_on_a_refusal(world: World, graph: GraphClient) -> None:
    with pytest.raises(AdminCenterError, match="answered 404"):
        graph.assign_configuration_policy("no-such-policy", ["All users"])
    with pytest.raises(AdminCenterError, match="answered 400"):
        graph.create_configuration_policy("P", "", [])
