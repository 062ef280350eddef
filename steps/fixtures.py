"""The fixtures every step builds on: a fresh seeded World per scenario.

Each scenario gets its own World, seeded from ``--seed`` and the scenario's id, so a
scenario gives the same identifiers and trace whatever runs before it, and in parallel.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import pytest

from psso_sim.actors import Person
from psso_sim.entra.models import User
from psso_sim.macos.mac import Mac
from psso_sim.world import World


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--seed", type=int, default=0, help="psso-sim: the seed every World derives from")


def scenario_seed(base: int, node_id: str) -> int:
    return base * 1_000_003 + zlib.crc32(node_id.split("[")[0].encode())


@pytest.fixture
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    node_id = request.node.nodeid
    params = getattr(request.node, "callspec", None)
    if params is not None:
        node_id += repr(sorted(params.params.items(), key=str))
    simulated = World(seed=scenario_seed(request.config.getoption("--seed"), node_id))
    with simulated.frozen_time():
        yield simulated
    simulated.close()
    # A device request that no service answered fails the scenario, even if swallowed.
    assert not simulated.network.unexpected, "\n".join(simulated.network.unexpected)


@pytest.fixture
def person(world: World, user: User, mac: Mac) -> Person:
    """"The user": the Entra user at their Mac."""
    return Person(world, user, mac)
