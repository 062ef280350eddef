"""Graph answers only a valid bearer token for Graph, and only what the signed-in user's roles allow.

401 ``InvalidAuthenticationToken`` without a token, with one Entra never issued, one for another resource,
or one that expired; 403 (``Authorization_RequestDenied`` in Entra's directory, ``Forbidden`` in Intune)
when the user lacks the permission. A plain member reads their own profile, other users' basic profiles
and their own devices; every tenant-wide read of devices, every policy change, Intune: administrators.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.actors import Person
from psso_sim.entra.models import DirectoryRole
from psso_sim.world import World

from .support import GRAPH, graph_as, sign_in, user_with

_R = DirectoryRole
POLICY = {"azureADJoin": {"allowedToJoin": {"@odata.type": "#microsoft.graph.noDeviceRegistrationMembership"}}}
CA = {"displayName": "MFA", "state": "enabled", "conditions": {"applications": {"includeApplications": ["Office 365"]}},
      "grantControls": {"builtInControls": ["mfa"]}}
SETTINGS_POLICY = {"name": "P", "platforms": "macOS", "settings": []}

# (method, path, body): every Graph operation a member may not do
ADMIN_ONLY = [
    ("GET", "/v1.0/devices", None),
    ("GET", "/v1.0/policies/deviceRegistrationPolicy", None),
    ("PUT", "/v1.0/policies/deviceRegistrationPolicy", POLICY),
    ("POST", "/v1.0/identity/conditionalAccess/policies", CA),
    ("GET", "/v1.0/identity/conditionalAccess/policies", None),
    ("PATCH", "/beta/users/someone/authentication/requirements", {"perUserMfaState": "enforced"}),
    ("GET", "/v1.0/deviceManagement/managedDevices", None),
    ("GET", "/v1.0/deviceManagement/managedDevices/some-id", None),
    ("GET", "/beta/deviceManagement/managedDevices/some-id/getFileVaultKey", None),
    ("GET", "/beta/deviceManagement/configurationPolicies", None),
    ("POST", "/beta/deviceManagement/configurationPolicies", SETTINGS_POLICY),
    ("GET", "/v1.0/deviceManagement/deviceConfigurations", None),
]


@pytest.fixture
def world() -> World:
    return World(seed=1301)


def _error(answer: object) -> dict[str, object]:
    body = answer.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}, body
    error: dict[str, object] = body["error"]
    assert isinstance(error["message"], str) and error["message"], error
    inner = error["innerError"]
    assert isinstance(inner, dict) and inner["request-id"], error
    return error


@pytest.mark.parametrize(("method", "path", "body"), [*ADMIN_ONLY, ("GET", "/v1.0/users", None),
                                                      ("GET", "/v1.0/me", None)])
def test_no_token_is_401_invalid_authentication_token(world: World, method: str, path: str, body: object) -> None:
    answer = graph_as(world, None).request(method, GRAPH + path, json=body)
    assert answer.status_code == 401, answer.text
    assert _error(answer)["code"] == "InvalidAuthenticationToken"


@pytest.mark.parametrize("authorization", ["Bearer at.forged-token", "Bearer ", "Basic dXNlcjpwYXNz", "at.no-scheme"])
def test_a_token_entra_never_issued_is_401(world: World, authorization: str) -> None:
    answer = graph_as(world, None).get(f"{GRAPH}/v1.0/users", headers={"Authorization": authorization})
    assert answer.status_code == 401 and _error(answer)["code"] == "InvalidAuthenticationToken"


def test_a_token_for_another_resource_is_401(world: World) -> None:
    admin = user_with(world, _R.GLOBAL_ADMINISTRATOR)
    token = sign_in(world, admin, resource="https://management.azure.com")
    answer = graph_as(world, None).get(f"{GRAPH}/v1.0/users", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and _error(answer)["code"] == "InvalidAuthenticationToken"
    assert "management.azure.com" in str(_error(answer)["message"])


def test_another_tenants_token_is_401(world: World) -> None:
    elsewhere = World(seed=1301, organisation="Fabrikam")  # same seed, another tenant
    token = sign_in(elsewhere, user_with(elsewhere, _R.GLOBAL_ADMINISTRATOR))
    answer = graph_as(world, None).get(f"{GRAPH}/v1.0/users", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and _error(answer)["code"] == "InvalidAuthenticationToken"


def test_an_expired_token_is_401(world: World) -> None:
    http = graph_as(world, user_with(world, _R.GLOBAL_ADMINISTRATOR))
    assert http.get(f"{GRAPH}/v1.0/users").status_code == 200
    world.advance(timedelta(hours=1, minutes=1))
    answer = http.get(f"{GRAPH}/v1.0/users")
    assert answer.status_code == 401 and "expired" in str(_error(answer)["message"])


def test_a_disabled_users_token_is_401(world: World) -> None:
    admin = user_with(world, _R.GLOBAL_ADMINISTRATOR)
    http = graph_as(world, admin)
    world.entra.directory.update_user(admin, account_enabled=False)
    assert http.get(f"{GRAPH}/v1.0/me").status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ONLY)
def test_a_plain_member_is_refused_with_403(world: World, method: str, path: str, body: object) -> None:
    answer = graph_as(world, user_with(world)).request(method, GRAPH + path, json=body)
    assert answer.status_code == 403, answer.text
    expected = "Forbidden" if "/deviceManagement/" in path else "Authorization_RequestDenied"
    assert _error(answer)["code"] == expected


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ONLY)
def test_a_global_administrator_is_not_refused(world: World, method: str, path: str, body: object) -> None:
    answer = graph_as(world, user_with(world, _R.GLOBAL_ADMINISTRATOR)).request(method, GRAPH + path, json=body)
    assert answer.status_code not in (401, 403), answer.text


def test_a_member_reads_themself_and_other_users_basic_profiles(world: World) -> None:
    member, other = user_with(world), user_with(world)
    http = graph_as(world, member)
    assert http.get(f"{GRAPH}/v1.0/me").json()["userPrincipalName"] == member.user_principal_name
    users = {u["userPrincipalName"] for u in http.get(f"{GRAPH}/v1.0/users").json()["value"]}
    assert {member.user_principal_name, other.user_principal_name} <= users
    assert http.get(f"{GRAPH}/v1.0/users/{other.object_id}").json()["id"] == other.object_id


def test_a_member_reads_their_own_devices_and_not_anothers(world: World) -> None:
    world.target_platform_sso()
    owners = [user_with(world), user_with(world)]
    for owner in owners:
        person = Person(world, owner, world.add_mac(owner=owner))
        person.enroll_with_company_portal()
        person.register_with_company_portal()
    first, second = (world.entra.directory.devices_of(owner)[0] for owner in owners)
    http = graph_as(world, owners[0])
    mine = http.get(f"{GRAPH}/v1.0/me/registeredDevices").json()["value"]
    assert [d["deviceId"] for d in mine] == [first.device_id]
    assert http.get(f"{GRAPH}/v1.0/devices/{first.object_id}").status_code == 200
    refused = http.get(f"{GRAPH}/v1.0/devices/{second.object_id}")
    assert refused.status_code == 403 and _error(refused)["code"] == "Authorization_RequestDenied"


@pytest.mark.parametrize(("role", "allowed", "refused"), [
    (_R.INTUNE_ADMINISTRATOR, ("GET", "/v1.0/deviceManagement/managedDevices", None),
     ("POST", "/v1.0/identity/conditionalAccess/policies", CA)),
    (_R.CLOUD_DEVICE_ADMINISTRATOR, ("PUT", "/v1.0/policies/deviceRegistrationPolicy", POLICY),
     ("GET", "/v1.0/deviceManagement/managedDevices", None)),
    (_R.CONDITIONAL_ACCESS_ADMINISTRATOR, ("POST", "/v1.0/identity/conditionalAccess/policies", CA),
     ("PUT", "/v1.0/policies/deviceRegistrationPolicy", POLICY)),
    (_R.GLOBAL_READER, ("GET", "/v1.0/devices", None), ("PUT", "/v1.0/policies/deviceRegistrationPolicy", POLICY)),
    (_R.GLOBAL_READER, ("GET", "/beta/deviceManagement/configurationPolicies", None),
     ("POST", "/beta/deviceManagement/configurationPolicies", SETTINGS_POLICY)),
    (_R.AUTHENTICATION_ADMINISTRATOR, ("PATCH", "/beta/users/{me}/authentication/requirements",
                                       {"perUserMfaState": "enabled"}), ("GET", "/v1.0/devices", None)),
])
def test_each_role_does_its_job_and_no_more(
    world: World, role: DirectoryRole, allowed: tuple[str, str, object], refused: tuple[str, str, object]
) -> None:
    admin = user_with(world, role)
    http = graph_as(world, admin)
    method, path, body = allowed
    answer = http.request(method, GRAPH + path.format(me=admin.object_id), json=body)
    assert answer.status_code < 300, answer.text
    method, path, body = refused
    assert http.request(method, GRAPH + path, json=body).status_code == 403


def test_a_refused_change_changes_nothing(world: World) -> None:
    before = world.entra.directory.device_registration_policy
    graph_as(world, user_with(world)).put(f"{GRAPH}/v1.0/policies/deviceRegistrationPolicy", json=POLICY)
    graph_as(world, user_with(world)).post(f"{GRAPH}/v1.0/identity/conditionalAccess/policies", json=CA)
    assert world.entra.directory.device_registration_policy == before
    assert world.entra.directory.conditional_access == {}
