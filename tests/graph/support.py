"""Graph callers for the tests: a World with a plain member, administrators by role, and their tokens."""

from __future__ import annotations

import httpx

from psso_sim.entra.models import DirectoryRole, User
from psso_sim.world import World

__all__ = ["GRAPH", "PASSWORD", "graph_as", "sign_in", "user_with"]

GRAPH = "https://graph.microsoft.com"
PASSWORD = "Gr4ph-Test-Passw0rd!"


def user_with(world: World, *roles: DirectoryRole, name: str | None = None) -> User:
    user = world.add_user(name, password=PASSWORD)
    for role in roles:
        user = world.entra.directory.assign_role(user, role)
    return user


def sign_in(world: World, user: User, resource: str = GRAPH) -> str:
    """An access token for ``resource``, from a password grant at the tenant's token endpoint."""
    http = world.network.client("token test")
    answer = http.post(f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}/oauth2/v2.0/token", data={
        "grant_type": "password", "client_id": "graph-tests", "username": user.user_principal_name,
        "password": PASSWORD, "resource": resource})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def graph_as(world: World, user: User | None) -> httpx.Client:
    """An HTTP client of the World's network sending ``user``'s Graph token (none for None)."""
    http = world.network.client("Graph test")
    if user is not None:
        http.headers["Authorization"] = f"Bearer {sign_in(world, user)}"
    return http
