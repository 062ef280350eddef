"""What the v2.0 token endpoint's clients send and expect, rule by rule (psso_sim.entra.oauth_v2).

The MSAL tests show that it works end to end; these pin each rule, so that breaking one fails here by name.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest

from psso_sim.entra.oauth_v2 import GRAPH_RESOURCE, ScopeHasManyResources, client_info, resource_of_scope, user_realm
from psso_sim.world import World


@pytest.mark.parametrize(("scope", "resource"), [
    ("https://graph.microsoft.com/.default", "https://graph.microsoft.com"),
    ("https://graph.microsoft.com/Device.Read.All openid profile offline_access", "https://graph.microsoft.com"),
    ("User.Read Device.Read.All", GRAPH_RESOURCE),  # a bare permission is Graph's
    ("openid profile", GRAPH_RESOURCE),  # only OpenID Connect: a token for Graph
    ("urn:ms-drs:enterpriseregistration.windows.net/.default", "urn:ms-drs:enterpriseregistration.windows.net"),
    ("api://0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5/.default", "api://0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5"),
    ("https://database.windows.net//.default", "https://database.windows.net/"),  # a resource ending in "/"
    ("https://graph.microsoft.com", "https://graph.microsoft.com"),  # the resource alone
])
def test_the_resource_is_the_scope_without_its_permission(scope: str, resource: str) -> None:
    assert resource_of_scope(scope) == resource


def test_one_token_request_is_for_one_resource() -> None:
    with pytest.raises(ScopeHasManyResources, match="more than one resource") as raised:
        resource_of_scope("https://graph.microsoft.com/.default https://management.azure.com/.default")
    assert raised.value.body()["error_codes"] == [28000] and raised.value.body()["error"] == "invalid_scope"


def test_client_info_is_base64url_json_of_user_and_tenant() -> None:
    encoded = client_info("user-oid", "tenant-id")
    assert "=" not in encoded
    assert json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))) == {
        "uid": "user-oid", "utid": "tenant-id"}


def test_the_user_realm_is_managed_for_the_tenants_domain_only() -> None:
    assert user_realm("a@contoso.example", "Contoso.example")["account_type"] == "Managed"
    assert user_realm("a%40contoso.example", "contoso.example")["account_type"] == "Managed"
    assert user_realm("a@fabrikam.example", "contoso.example")["account_type"] == "Unknown"


@pytest.fixture
def world() -> Iterator[World]:
    world = World(seed=1304)
    yield world
    world.close()


def test_a_v2_request_is_answered_with_scope_and_client_info_a_v1_request_without(world: World) -> None:
    user = world.add_user(password="pw-1234-Abcd!")
    client = world.network.client("test")
    url = f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}/oauth2/v2.0/token"
    form = {"grant_type": "password", "username": user.user_principal_name, "password": "pw-1234-Abcd!",
            "client_id": "c"}
    v2 = client.post(url, data=form | {"scope": "https://graph.microsoft.com/.default openid profile",
                                       "client_info": "1"}).json()
    assert v2["scope"] == "https://graph.microsoft.com/.default"
    assert v2["client_info"] == client_info(user.object_id, world.entra.tenant.tenant_id)
    assert world.entra.tokens.grants[v2["access_token"]].resource == "https://graph.microsoft.com"
    v1 = client.post(url, data=form | {"resource": "https://graph.microsoft.com"}).json()
    assert "scope" not in v1 and "client_info" not in v1 and v1["resource"] == "https://graph.microsoft.com"
    neither = client.post(url, data=form)
    assert neither.status_code == 400 and "resource" in neither.json()["error_description"]
    realm = client.get(f"https://login.microsoftonline.com/common/userrealm/{user.user_principal_name}",
                       params={"api-version": "1.0"})
    assert realm.json()["account_type"] == "Managed"
