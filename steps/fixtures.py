"""The fixtures every step builds on: a fresh seeded World per scenario, and what is in it.

Each scenario gets its own World, seeded from ``--psso-seed`` and the scenario's identity (the
feature file, the scenario's name and its example row), so a scenario gives the same identifiers
and trace whatever runs before it, in parallel, and wherever psso-sim is installed or run from.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, ValuesView
from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from psso_sim.actors import Person
from psso_sim.entra.models import User
from psso_sim.faults import FaultSpecError, parse_fault
from psso_sim.features import FEATURES_DIR
from psso_sim.macos.mac import Mac
from psso_sim.steps.tags import scenario_product
from psso_sim.trace import Trace
from psso_sim.world import World

__all__ = ["macs", "person", "pytest_addoption", "pytest_configure", "scenario_identity", "scenario_seed", "users",
           "world", "world_trace"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("psso-sim", "psso-sim: simulated Platform SSO")
    group.addoption("--psso-seed", type=int, default=0, metavar="N",
                    help="the seed every scenario's World derives from (default 0)")
    group.addoption("--psso-fault", action="append", default=[], metavar="SPEC",
                    help="inject this fault into every scenario's World from its start (repeatable; grammar: "
                         "docs/writing-features.md, Faults)")


def pytest_configure(config: pytest.Config) -> None:
    """A bad ``--psso-fault`` is a usage error before any scenario runs, not one failure per scenario."""
    for spec in config.getoption("--psso-fault", default=[]) or []:
        try:
            parse_fault(spec, where="--psso-fault")
        except FaultSpecError as error:
            raise pytest.UsageError(str(error)) from None


def scenario_seed(base: int, identity: str) -> int:
    return base * 1_000_003 + zlib.crc32(identity.encode())


def scenario_identity(item: pytest.Item, rootpath: Path) -> str:
    """What names a scenario wherever it runs: ``feature path::scenario name`` plus its example row.

    The feature path is relative to the bundled features (or else to pytest's rootdir), not the test
    module's node id, so ``psso-sim run`` and ``pytest`` give a scenario the same World.
    """
    function = getattr(item, "function", None)
    template = scenario_wrapper_template_registry.get(function) if function is not None else None
    if template is None:  # a plain test using the fixture
        identity = item.nodeid.split("[")[0]
    else:
        identity = f"{_feature_key(Path(template.feature.filename), rootpath)}::{template.name}"
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        params = dict(callspec.params)
        row = params.pop("_pytest_bdd_example", None)  # an Outline's example row: "[version=14]"
        named = {**(row if isinstance(row, dict) else {}), **params}
        identity += "[" + ", ".join(f"{key}={value}" for key, value in sorted(named.items(), key=str)) + "]"
    return identity


def _feature_key(path: Path, rootpath: Path) -> str:
    for base in (FEATURES_DIR, rootpath):
        if path.resolve().is_relative_to(base.resolve()):
            return path.resolve().relative_to(base.resolve()).as_posix()
    return path.as_posix()


@pytest.fixture
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    """A World seeded for this scenario, on its product release (its ``@product-`` tag or
    ``--psso-product``), with the clock frozen at simulated time for ``datetime.now()``."""
    identity = scenario_identity(request.node, request.config.rootpath)
    product = scenario_product(request.node, request.config.getoption("--psso-product"))
    simulated = World(seed=scenario_seed(request.config.getoption("--psso-seed"), identity), product=product)
    for spec in request.config.getoption("--psso-fault"):
        simulated.faults.inject(parse_fault(spec, where="--psso-fault"))
    with simulated.frozen_time():
        yield simulated
    simulated.close()
    # A device request that no service answered fails the scenario, even if swallowed.
    assert not simulated.network.unexpected, "\n".join(simulated.network.unexpected)


@pytest.fixture
def person(world: World, user: User, mac: Mac) -> Person:
    """"The user": the Entra user at their Mac."""
    return Person(world, user, mac)


@pytest.fixture
def users(world: World) -> ValuesView[User]:
    """Every user in the scenario's Entra ID, in the order they were created (a live view)."""
    return world.entra.directory.users.values()


@pytest.fixture
def macs(world: World) -> dict[str, Mac]:
    """Every Mac of the scenario, by name (a live view: Macs added later appear in it)."""
    return world.macs


@pytest.fixture
def world_trace(world: World) -> Trace:
    """The World's trace: what each simulated system did, stamped with simulated time."""
    return world.trace
