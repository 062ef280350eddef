"""Graph's resources answer with their v1.0 property names (device, managedDevice, user,
deviceRegistrationPolicy, conditionalAccessPolicy), and what they say matches the directory."""

from __future__ import annotations

from psso_sim.actors import Person
from psso_sim.entra.models import DirectoryRole
from psso_sim.world import World

from .support import GRAPH, graph_as, user_with


def _enrolled() -> tuple[World, Person]:
    world = World(seed=1303)
    world.target_platform_sso()
    owner = user_with(world)
    person = Person(world, owner, world.add_mac(owner=owner))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    return world, person


def test_device_and_managed_device_use_v1_names_and_agree() -> None:
    world, person = _enrolled()
    http = graph_as(world, user_with(world, DirectoryRole.GLOBAL_ADMINISTRATOR))
    (device,) = http.get(f"{GRAPH}/v1.0/devices").json()["value"]
    assert {"id", "deviceId", "displayName", "operatingSystem", "operatingSystemVersion", "trustType",
            "isManaged", "isCompliant", "accountEnabled", "registrationDateTime", "profileType"} == set(device)
    (managed,) = http.get(f"{GRAPH}/v1.0/deviceManagement/managedDevices").json()["value"]
    for name in ("id", "deviceName", "serialNumber", "operatingSystem", "osVersion", "userPrincipalName",
                 "managedDeviceOwnerType", "deviceEnrollmentType", "azureADDeviceId", "complianceState",
                 "enrolledDateTime", "lastSyncDateTime", "managementAgent", "isSupervised"):
        assert name in managed, name
    assert "managedBy" not in managed  # not a v1.0 property
    assert managed["azureADDeviceId"] == device["deviceId"] and managed["serialNumber"] == person.mac.serial_number
    assert managed["operatingSystem"] == "macOS" and device["operatingSystem"] == "MacMDM"  # as Entra shows it
    one = http.get(f"{GRAPH}/v1.0/deviceManagement/managedDevices/{managed['id']}").json()
    assert one["@odata.context"].endswith("$metadata#deviceManagement/managedDevices/$entity")
    assert {k: v for k, v in one.items() if k != "@odata.context"} == managed


def test_user_and_policies_use_v1_names() -> None:
    world = World(seed=1304)
    admin = user_with(world, DirectoryRole.GLOBAL_ADMINISTRATOR)
    http = graph_as(world, admin)
    me = http.get(f"{GRAPH}/v1.0/me").json()
    assert {"id", "displayName", "userPrincipalName", "givenName", "surname", "mail", "businessPhones",
            "jobTitle", "mobilePhone", "officeLocation", "preferredLanguage"} <= set(me)
    assert me["id"] == admin.object_id
    policy = http.get(f"{GRAPH}/v1.0/policies/deviceRegistrationPolicy").json()
    assert policy["id"] == "deviceRegistrationPolicy" and policy["multiFactorAuthConfiguration"] == "required"
    assert policy["azureADJoin"]["allowedToJoin"]["@odata.type"] == "#microsoft.graph.allDeviceRegistrationMembership"
    policy["azureADJoin"]["allowedToJoin"] = {"@odata.type": "#microsoft.graph.enumeratedDeviceRegistrationMembership",
                                             "users": [admin.object_id], "groups": []}
    policy["multiFactorAuthConfiguration"] = "notRequired"
    updated = http.put(f"{GRAPH}/v1.0/policies/deviceRegistrationPolicy", json=policy).json()  # GET, edit, PUT back
    assert updated["azureADJoin"]["allowedToJoin"]["users"] == [admin.object_id]
    stored = world.entra.directory.device_registration_policy
    assert stored.selected_users == {admin.object_id} and not stored.require_mfa
    created = http.post(f"{GRAPH}/v1.0/identity/conditionalAccess/policies", json={
        "displayName": "Require MFA", "state": "enabled",
        "conditions": {"applications": {"includeApplications": ["Office 365"]}},
        "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}})
    assert created.status_code == 201
    body = created.json()
    assert body["@odata.context"].endswith("$metadata#identity/conditionalAccess/policies/$entity")
    assert {"id", "displayName", "state", "conditions", "grantControls", "createdDateTime"} <= set(body)
    assert http.get(f"{GRAPH}/v1.0/identity/conditionalAccess/policies/{body['id']}").json()["displayName"] == (
        "Require MFA")


def test_bad_policy_bodies_are_400_not_exceptions() -> None:
    world = World(seed=1305)
    http = graph_as(world, user_with(world, DirectoryRole.GLOBAL_ADMINISTRATOR))
    path = f"{GRAPH}/v1.0/policies/deviceRegistrationPolicy"
    enumerated, unknown = (f"#microsoft.graph.{kind}DeviceRegistrationMembership" for kind in ("enumerated", "someone"))
    for body in ({"azureADJoin": "All"}, {"azureADJoin": {"allowedToJoin": "All"}},
                 {"azureADJoin": {"allowedToJoin": {"@odata.type": enumerated, "users": None}}},
                 {"azureADJoin": {"allowedToJoin": {"@odata.type": unknown}}}):
        answer = http.put(path, json=body)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "Request_BadRequest", answer.text
        assert "azureADJoin" in answer.json()["error"]["message"]
