"""``psso-sim run --replay SCENARIO_ID --seed N``: run one scenario again, as it ran in a report.

A scenario's World seed is ``run seed * 1_000_003 + crc32(id)`` (``psso_sim.steps.fixtures``), so
from the seed a report printed and the scenario's id the run seed comes back exactly; the replay
runs that one scenario with it, and the World gives the same identifiers and trace, byte for byte.
"""

from __future__ import annotations

import difflib

import pytest

from psso_sim.errors import SimError

__all__ = ["ReplayFilter", "ReplayUsageError", "run_seed_of"]

_STEP = 1_000_003  # psso_sim.steps.fixtures.scenario_seed's multiplier


class ReplayUsageError(SimError):
    subsystem = "run"
    exit_status = 2


def run_seed_of(identity: str, seed: int) -> int:
    """The run seed under which scenario ``identity`` gets World seed ``seed``; a usage error if none."""
    from psso_sim.steps.fixtures import scenario_seed

    offset = scenario_seed(0, identity)
    base, rest = divmod(seed - offset, _STEP)
    if rest or scenario_seed(base, identity) != seed:
        raise ReplayUsageError(
            f"--seed {seed} is not a seed scenario '{identity}' runs with (with run seed 0 its seed is {offset})",
            hint="give the seed the report printed next to this id ('replay: psso-sim run --replay ID --seed N')")
    return base


class ReplayFilter:
    """A pytest plugin: keep the one scenario whose id is ``identity``; a usage error naming close ids if none."""

    def __init__(self, identity: str) -> None:
        self.identity = identity
        self.error: ReplayUsageError | None = None

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        from psso_sim.steps.fixtures import scenario_identity

        ids = {item.nodeid: scenario_identity(item, config.rootpath) for item in items}
        keep = [item for item in items if ids[item.nodeid] == self.identity]
        if not keep:
            close = difflib.get_close_matches(self.identity, list(ids.values()), n=3, cutoff=0.5)
            self.error = ReplayUsageError(
                f"--replay: no scenario has the id '{self.identity}' in the features given",
                hint=(f"did you mean {' or '.join(repr(c) for c in close)}?" if close else
                      "copy the id from a report's 'replay:' line; give the feature file it is in"))
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep
