"""MSAL Python, Microsoft's own client, acquires and refreshes tokens from the simulated Entra ID.

MSAL is the judge: it reads the tenant's OpenID Connect discovery, asks the user realm, signs in with
username and password (ROPC), keys its token cache by ``client_info``, answers from that cache while the
access token lives and redeems the refresh token once it expires. Everything goes through the World's
network (:mod:`.support`); MSAL's clock is the simulated one (``world.frozen_time()``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import msal
import pytest

from psso_sim.entra.models import User
from psso_sim.world import World

from .support import MSAL_CLIENT_ID, MsalHttpClient

# MSAL warns that username/password (ROPC) is deprecated for public clients; it is the one flow with no
# browser, and the flow Platform SSO's password sign-in resembles.
pytestmark = pytest.mark.filterwarnings("ignore:This API has been deprecated for public client flows")

GRAPH = "https://graph.microsoft.com"
GRAPH_SCOPES = [f"{GRAPH}/.default"]
PASSWORD = "Corr3ct-Horse-Battery!"


@pytest.fixture
def world() -> Iterator[World]:
    world = World(seed=1301)
    with world.frozen_time():
        yield world
    world.close()


@pytest.fixture
def user(world: World) -> User:
    return world.add_user(password=PASSWORD)


def public_client(world: World) -> msal.PublicClientApplication:
    return msal.PublicClientApplication(
        MSAL_CLIENT_ID,
        authority=f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}",
        http_client=MsalHttpClient(world.network.client("MSAL Python")),
        # Instance discovery asks Microsoft's real cloud which hosts are aliases of the authority.
        instance_discovery=False,
    )


def token_requests(world: World) -> list[str]:
    return [r for r in world.network.requests if r.endswith("/oauth2/v2.0/token")]


def test_msal_signs_in_with_username_and_password_and_caches_the_account(world: World, user: User) -> None:
    app = public_client(world)
    result = app.acquire_token_by_username_password(user.user_principal_name, PASSWORD, scopes=GRAPH_SCOPES)
    assert "access_token" in result, result
    assert result["token_type"] == "Bearer" and result["token_source"] == "identity_provider"
    claims = result["id_token_claims"]
    assert claims["oid"] == user.object_id and claims["tid"] == world.entra.tenant.tenant_id
    assert claims["preferred_username"] == user.user_principal_name
    # The access token is one Entra holds for Graph, for this user.
    grant = world.entra.tokens.validate(result["access_token"], GRAPH)
    assert grant.user_id == user.object_id and grant.client_id == MSAL_CLIENT_ID
    # MSAL keyed the account by client_info: home_account_id is "uid.utid".
    [account] = app.get_accounts()
    assert account["username"] == user.user_principal_name
    assert account["home_account_id"] == f"{user.object_id}.{world.entra.tenant.tenant_id}"
    assert account["environment"] == "login.microsoftonline.com"
    # MSAL asked the user realm first (a federated domain would sign in elsewhere).
    assert any("/common/userrealm/" in r for r in world.network.requests)


def test_msal_answers_from_its_cache_then_redeems_the_refresh_token_once_the_access_token_expires(
    world: World, user: User
) -> None:
    app = public_client(world)
    first = app.acquire_token_by_username_password(user.user_principal_name, PASSWORD, scopes=GRAPH_SCOPES)
    [account] = app.get_accounts()
    asked = len(token_requests(world))
    cached = app.acquire_token_silent(GRAPH_SCOPES, account=account)
    assert cached is not None and cached["access_token"] == first["access_token"]
    assert cached["token_source"] == "cache" and len(token_requests(world)) == asked
    world.advance(timedelta(hours=1, minutes=1))  # past the access token's hour: MSAL's clock follows
    refreshed = app.acquire_token_silent(GRAPH_SCOPES, account=account)
    assert refreshed is not None, "MSAL found no usable refresh token"
    assert refreshed["token_source"] == "identity_provider" and len(token_requests(world)) == asked + 1
    assert refreshed["access_token"] != first["access_token"]
    assert world.entra.tokens.validate(refreshed["access_token"], GRAPH).user_id == user.object_id
    forced = app.acquire_token_silent(GRAPH_SCOPES, account=account, force_refresh=True)
    assert forced is not None and forced["access_token"] not in (first["access_token"], refreshed["access_token"])


def test_a_password_reset_makes_msal_sign_in_again(world: World, user: User) -> None:
    app = public_client(world)
    app.acquire_token_by_username_password(user.user_principal_name, PASSWORD, scopes=GRAPH_SCOPES)
    [account] = app.get_accounts()
    world.entra.reset_password(user.user_principal_name, "A-n3w-password!")
    world.advance(timedelta(hours=2))
    assert app.acquire_token_silent(GRAPH_SCOPES, account=account) is None
    error = app.acquire_token_silent_with_error(GRAPH_SCOPES, account=account)
    assert error is not None and error["error"] == "invalid_grant" and 50173 in error["error_codes"]


def test_msal_reports_entra_errors_with_their_codes(world: World, user: User) -> None:
    app = public_client(world)
    wrong = app.acquire_token_by_username_password(user.user_principal_name, "wrong", scopes=GRAPH_SCOPES)
    assert wrong["error"] == "invalid_grant" and wrong["error_codes"] == [50126]
    assert wrong["error_description"].startswith("AADSTS50126")
    nobody = app.acquire_token_by_username_password(
        f"nobody@{world.entra.tenant.domain}", PASSWORD, scopes=GRAPH_SCOPES)
    assert nobody["error_codes"] == [50034]
    two = app.acquire_token_by_username_password(
        user.user_principal_name, PASSWORD, scopes=[*GRAPH_SCOPES, "https://enrollment.manage.microsoft.com/.default"])
    assert two["error"] == "invalid_scope" and two["error_codes"] == [28000]


def test_per_user_mfa_asks_msal_for_interaction(world: World) -> None:
    user = world.add_user(password=PASSWORD, per_user_mfa=True)
    result = public_client(world).acquire_token_by_username_password(
        user.user_principal_name, PASSWORD, scopes=GRAPH_SCOPES)
    assert result["error"] == "interaction_required" and result["error_codes"] == [50076]
    assert "access_token" not in result


def test_an_unknown_tenant_fails_msal_authority_discovery(world: World) -> None:
    with pytest.raises(ValueError, match="Unable to get authority configuration"):
        msal.PublicClientApplication(
            MSAL_CLIENT_ID, authority="https://login.microsoftonline.com/not-this-tenant.example",
            http_client=MsalHttpClient(world.network.client("MSAL Python")), instance_discovery=False)
