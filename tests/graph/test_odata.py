"""Graph's query options work or are refused by name: $filter (eq, startswith, and), $select, $top with
@odata.nextLink paging, @odata.context; unknown ids are 404."""

from __future__ import annotations

import pytest

from psso_sim.entra.models import DirectoryRole
from psso_sim.world import World

from .support import GRAPH, graph_as, user_with

USERS = f"{GRAPH}/v1.0/users"


@pytest.fixture
def world() -> World:
    world = World(seed=1302)
    for name in ("ada.lovelace", "alan.turing", "grace.hopper", "alan.kay", "barbara.liskov"):
        world.add_user(f"{name}@{world.entra.tenant.domain}", display_name=name.replace(".", " ").title())
    return world


@pytest.fixture
def http(world: World):  # type: ignore[no-untyped-def]
    root = user_with(world, DirectoryRole.GLOBAL_ADMINISTRATOR, name=f"root@{world.entra.tenant.domain}")
    return graph_as(world, root)


def _upns(answer: object) -> list[str]:
    return sorted(u["userPrincipalName"].split("@")[0] for u in answer.json()["value"])  # type: ignore[attr-defined]


def _bad(answer: object, *parts: str) -> None:
    assert answer.status_code == 400, answer.text  # type: ignore[attr-defined]
    message = answer.json()["error"]["message"]  # type: ignore[attr-defined]
    assert all(part in message for part in parts), message


def test_a_filter_for_a_user_who_does_not_exist_finds_nobody(world: World, http) -> None:  # type: ignore[no-untyped-def]
    answer = http.get(USERS, params={"$filter": f"userPrincipalName eq 'nobody@{world.entra.tenant.domain}'"})
    assert answer.status_code == 200 and answer.json()["value"] == []


def test_eq_startswith_and(world: World, http) -> None:  # type: ignore[no-untyped-def]
    domain = world.entra.tenant.domain
    assert _upns(http.get(USERS, params={"$filter": f"userPrincipalName eq 'ADA.lovelace@{domain}'"})) == [
        "ada.lovelace"]
    assert _upns(http.get(USERS, params={"$filter": "startswith(userPrincipalName,'alan.')"})) == [
        "alan.kay", "alan.turing"]
    both = "startswith(userPrincipalName, 'alan.') and accountEnabled eq true and displayName eq 'ALAN KAY'"
    assert _upns(http.get(USERS, params={"$filter": both})) == ["alan.kay"]
    quoted = http.get(USERS, params={"filter": "displayName eq 'O''Brien'"})  # v1.0: the $ is optional
    assert quoted.json()["value"] == []


@pytest.mark.parametrize(("query", "named"), [
    ("accountEnabled ne true", "operator 'ne'"),
    ("startswith(displayName,'a') or displayName eq 'b'", "or displayName eq 'b'"),
    ("endswith(mail,'x')", "endswith(mail,'x')"),
    ("displayName eq", "displayName eq"),
    ("favouriteColour eq 'blue'", "favouriteColour"),
    ("jobTitle eq 'x'", "property 'jobTitle'"),
    ("startswith(accountEnabled, true)", "string literal"),
])
def test_an_unsupported_filter_is_400_naming_the_part(http, query: str, named: str) -> None:  # type: ignore[no-untyped-def]
    _bad(http.get(USERS, params={"$filter": query}), named)


def test_select_projects_and_an_unknown_property_is_400(http) -> None:  # type: ignore[no-untyped-def]
    answer = http.get(USERS, params={"$select": "id,userPrincipalName"}).json()
    assert answer["@odata.context"] == f"{GRAPH}/v1.0/$metadata#users(id,userPrincipalName)"
    assert all(set(u) == {"id", "userPrincipalName"} for u in answer["value"])
    _bad(http.get(USERS, params={"$select": "id,shoeSize"}), "shoeSize", "microsoft.graph.user")


def test_top_pages_with_next_links_that_lead_to_every_user(world: World, http) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    page = http.get(USERS, params={"$top": "2", "$select": "id"}).json()
    pages = 1
    while "@odata.nextLink" in page:
        assert len(page["value"]) == 2 and "$top=2" in page["@odata.nextLink"].replace("%24", "$")
        seen += [u["id"] for u in page["value"]]
        page = http.get(page["@odata.nextLink"]).json()
        pages += 1
    seen += [u["id"] for u in page["value"]]
    assert pages == 3 and sorted(seen) == sorted(world.entra.directory.users)  # 6 users: 2+2+2


@pytest.mark.parametrize(("params", "named"), [
    ({"$top": "0"}, "Invalid page size specified: '0'"),
    ({"$top": "1000"}, "Must be between 1 and 999"),
    ({"$top": "many"}, "'many'"),
    ({"$skiptoken": "not-a-token"}, "$skiptoken"),
    ({"$orderby": "displayName"}, "$orderby"),
    ({"$expand": "manager"}, "$expand"),
])
def test_bad_paging_and_unsupported_options_are_400(http, params: dict[str, str], named: str) -> None:  # type: ignore[no-untyped-def]
    _bad(http.get(USERS, params=params), named)


@pytest.mark.parametrize(("path", "context"), [
    ("/v1.0/users", "users"),
    ("/v1.0/devices", "devices"),
    ("/v1.0/me", "users/$entity"),
    ("/v1.0/policies/deviceRegistrationPolicy", "policies/deviceRegistrationPolicy"),
    ("/v1.0/identity/conditionalAccess/policies", "identity/conditionalAccess/policies"),
    ("/v1.0/deviceManagement/managedDevices", "deviceManagement/managedDevices"),
    ("/beta/deviceManagement/configurationPolicies", "deviceManagement/configurationPolicies"),
])
def test_every_answer_names_its_odata_context(http, path: str, context: str) -> None:  # type: ignore[no-untyped-def]
    version = path.split("/")[1]
    assert http.get(GRAPH + path).json()["@odata.context"] == f"{GRAPH}/{version}/$metadata#{context}"


@pytest.mark.parametrize(("path", "code"), [
    ("/v1.0/devices/00000000-0000-0000-0000-000000000000", "Request_ResourceNotFound"),
    ("/v1.0/users/nobody@example.com", "Request_ResourceNotFound"),
    ("/v1.0/identity/conditionalAccess/policies/00000000-0000-0000-0000-000000000000", "Request_ResourceNotFound"),
    ("/v1.0/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000", "ResourceNotFound"),
    ("/beta/deviceManagement/configurationPolicies/nope", "ResourceNotFound"),
    ("/beta/deviceManagement/managedDevices/nope/getFileVaultKey", "ResourceNotFound"),
])
def test_an_unknown_id_is_404(http, path: str, code: str) -> None:  # type: ignore[no-untyped-def]
    answer = http.get(GRAPH + path)
    assert answer.status_code == 404 and answer.json()["error"]["code"] == code, answer.text


def test_intune_answers_a_bad_query_in_its_own_dialect(http) -> None:  # type: ignore[no-untyped-def]
    answer = http.get(f"{GRAPH}/v1.0/deviceManagement/managedDevices", params={"$filter": "model ne 'x'"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "BadRequest"
