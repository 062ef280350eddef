"""$filter's literals besides strings: true, false and null, and startswith on a property that is not text
(psso_sim.graph.odata)."""

from __future__ import annotations

import pytest

from psso_sim.entra.models import DirectoryRole
from psso_sim.world import World

from .support import GRAPH, graph_as, user_with

USERS = f"{GRAPH}/v1.0/users"


@pytest.fixture
def world() -> World:
    world = World(seed=1303)
    world.add_user(f"ada@{world.entra.tenant.domain}")
    blocked = world.add_user(f"alan@{world.entra.tenant.domain}")
    world.entra.directory.update_user(blocked, account_enabled=False)
    return world


def _found(world: World, text: str) -> list[str]:
    root = user_with(world, DirectoryRole.GLOBAL_ADMINISTRATOR, name=f"root@{world.entra.tenant.domain}")
    answer = graph_as(world, root).get(USERS, params={"$filter": text})
    assert answer.status_code == 200, answer.text
    return sorted(u["userPrincipalName"].split("@")[0] for u in answer.json()["value"])


@pytest.mark.parametrize(("text", "found"), [
    ("accountEnabled eq false", ["alan"]),
    ("accountEnabled eq TRUE", ["ada", "root"]),
    ("startswith(accountEnabled,'t')", []),  # startswith reads text only
    ("accountEnabled eq null", []),
])
def test_boolean_and_null_literals(world: World, text: str, found: list[str]) -> None:
    assert _found(world, text) == found
