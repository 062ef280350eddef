"""Attacks on Microsoft Graph's bearer token and the diagnostic reports behind it, over HTTP.

(tests/graph/test_authz.py probes no token, a made-up one, one for another resource, another tenant's, an
expired one and a disabled user's.) Here: the other tokens a client holds presented as the access token (its
refresh token, its ID token), a member's token with its ``oid`` changed to an administrator's, and the
diagnostic reports with an administrator's token for another service or past its lifetime. Each is 401
``InvalidAuthenticationToken`` in Graph's shape, and the caller sees nothing.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import httpx

from psso_sim.company_portal.sso_extension import CLIENT_ID
from psso_sim.diagnostics_service import DIAGNOSTICS_HOST
from psso_sim.entra.models import DirectoryRole, User
from psso_sim.entra.tokens import ACCESS_TOKEN_LIFETIME
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.world import World
from tests.security.support import TOKEN_URL

GRAPH = "https://graph.microsoft.com"
PASSWORD = "Graph-2024!"
INCIDENT = f"https://{DIAGNOSTICS_HOST}/incidents/AB12CD34"


def sign_in(http: httpx.Client, user: User, resource: str = GRAPH) -> dict[str, str]:
    answer = http.post(TOKEN_URL, data={"grant_type": "password", "client_id": CLIENT_ID, "resource": resource,
                                        "username": user.user_principal_name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    body: dict[str, str] = answer.json()
    return body


def user(world: World, role: DirectoryRole | None = None) -> User:
    member = world.add_user(password=PASSWORD, mfa_methods=())
    if role is not None:
        world.entra.directory.assign_role(member, role)
    return member


def graph_refusal(answer: httpx.Response) -> str:
    assert answer.status_code == 401, answer.text
    error = answer.json()["error"]
    assert error["code"] == "InvalidAuthenticationToken", error
    return str(error["message"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def with_claim(token: str, name: str, value: str) -> str:
    """``token`` with one claim changed and the tenant's signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims[name] = value
    changed = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return f"{header}.{changed}.{signature}"


def test_the_unchanged_access_token_reads_the_users_own_profile() -> None:
    world = World(seed=901)
    http = world.network.client("attacker")
    tokens = sign_in(http, user(world))
    assert http.get(f"{GRAPH}/v1.0/me", headers=bearer(tokens["access_token"])).status_code == 200


def test_a_refresh_token_presented_as_the_access_token_is_401() -> None:
    world = World(seed=902)
    http = world.network.client("attacker")
    tokens = sign_in(http, user(world))  # the refresh token is signed by the tenant as well
    message = graph_refusal(http.get(f"{GRAPH}/v1.0/me", headers=bearer(tokens["refresh_token"])))
    assert "not valid" in message


def test_an_id_token_presented_as_the_access_token_is_401() -> None:
    world = World(seed=903)
    http = world.network.client("attacker")
    tokens = sign_in(http, user(world))
    assert "not valid" in graph_refusal(http.get(f"{GRAPH}/v1.0/me", headers=bearer(tokens["id_token"])))


def test_a_members_token_changed_to_name_an_administrator_is_401() -> None:
    world = World(seed=904)
    http = world.network.client("attacker")
    admin, member = user(world, DirectoryRole.GLOBAL_ADMINISTRATOR), user(world)
    forged = with_claim(sign_in(http, member)["access_token"], "oid", admin.object_id)
    answer = http.get(f"{GRAPH}/v1.0/devices", headers=bearer(forged))
    assert "not signed by this tenant's key" in graph_refusal(answer)


# diagnostic reports: a Graph token of the tenant's administrator, current
def report_world(seed: int) -> tuple[World, httpx.Client, User]:
    world = World(seed=seed)
    http = world.network.client("attacker")
    upload = {"incidentId": "AB12CD34", "application": "Company Portal", "bundle": {"logs": "secret"}}
    assert http.post(f"https://{DIAGNOSTICS_HOST}/incidents", json=upload).status_code == 201
    return world, http, user(world, DirectoryRole.INTUNE_ADMINISTRATOR)


def test_an_administrators_intune_token_does_not_read_a_diagnostic_report() -> None:
    _world, http, admin = report_world(905)
    intune = sign_in(http, admin, INTUNE_RESOURCE)["access_token"]
    answer = http.get(INCIDENT, headers=bearer(intune))
    assert f"is for '{INTUNE_RESOURCE}'" in graph_refusal(answer)
    assert "secret" not in answer.text


def test_an_administrators_expired_graph_token_does_not_read_a_diagnostic_report() -> None:
    world, http, admin = report_world(906)
    token = sign_in(http, admin)["access_token"]
    assert http.get(INCIDENT, headers=bearer(token)).status_code == 200
    world.advance(ACCESS_TOKEN_LIFETIME + timedelta(seconds=1))
    answer = http.get(INCIDENT, headers=bearer(token))
    assert "expired" in graph_refusal(answer) and "secret" not in answer.text
