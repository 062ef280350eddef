"""The admin centers sign in before they call Graph: a Global Administrator of the tenant, a password grant
for Graph, the token as a bearer token; signed in again when the token has expired."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psso_sim.admin.graph_client import AdminCenterError, GraphClient, admin_account, admin_graph_client
from psso_sim.entra.models import DirectoryRole, JoinPermission
from psso_sim.world import World


def _token_requests(world: World) -> list[str]:
    return [r for r in world.network.requests if "/oauth2/v2.0/token" in r]


def test_the_admin_center_signs_in_as_a_global_administrator_and_sends_the_token() -> None:
    world = World(seed=1306)
    graph = admin_graph_client(world.network.client("Entra admin center"), world.entra)
    admin = world.entra.directory.user_by_upn(f"admin@{world.entra.tenant.domain}")
    assert admin.roles == {DirectoryRole.GLOBAL_ADMINISTRATOR}
    assert _token_requests(world) == []  # signs in at its first call
    graph.update_device_registration_policy(JoinPermission.NONE)
    assert graph.device_registration_policy() is JoinPermission.NONE
    assert len(_token_requests(world)) == 1
    assert admin_account(world.entra) == admin_account(world.entra)  # one administrator, deterministic


def test_an_expired_token_is_replaced_by_signing_in_again() -> None:
    world = World(seed=1307)
    graph = admin_graph_client(world.network.client("Intune admin center"), world.entra)
    graph.configuration_policies()
    world.advance(timedelta(hours=2))
    graph.configuration_policies()
    assert len(_token_requests(world)) == 2


def test_a_client_that_never_signs_in_is_refused() -> None:
    world = World(seed=1308)
    with pytest.raises(AdminCenterError, match=r"answered 401: .*InvalidAuthenticationToken"):
        GraphClient(world.network.client("anonymous")).configuration_policies()


def test_an_admin_without_the_role_is_refused_by_graph() -> None:
    world = World(seed=1309)
    graph = admin_graph_client(world.network.client("Intune admin center"), world.entra,
                               DirectoryRole.INTUNE_ADMINISTRATOR)
    graph.configuration_policies()
    with pytest.raises(AdminCenterError, match=r"answered 403: .*Authorization_RequestDenied"):
        graph.create_conditional_access_policy("MFA", control="mfa", applications=["Office 365"])


def test_same_seed_same_graph_answers_refusals_included() -> None:
    def run() -> list[str]:
        world = World(seed=1310)
        graph = admin_graph_client(world.network.client("admin center"), world.entra)
        graph.update_device_registration_policy(JoinPermission.SELECTED, [world.add_user().object_id])
        http = world.network.client("script")
        refused = http.get("https://graph.microsoft.com/v1.0/devices/nope").text  # no token: 401, with a request id
        http.headers["Authorization"] = f"Bearer {graph.sign_in()}"
        return [refused, http.get("https://graph.microsoft.com/v1.0/users?$top=1").text, str(graph.join_policy())]

    first, second = run(), run()
    assert first == second and '"request-id"' in first[0] and "@odata.nextLink" in first[1]
