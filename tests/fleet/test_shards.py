"""Sharding: which Macs each shard runs, which fields no shard count changes, progress, Ctrl-C, xdist.

Shard-invariant (docs/fleet.md, "Sharding"): a Mac's index, macOS, authentication method, end state and
known issue. Its name, user, detail (which may quote the user's password rules) and simulated times come
from its shard's World and are not.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from psso_sim.fleet.outcomes import FleetResult, MacOutcome
from psso_sim.fleet.population import Population
from psso_sim.fleet.rollout import run_fleet
from psso_sim.fleet.shards import ShardError, run_shard, run_sharded, shard_range, world_seed_of

SHARD_INVARIANT = ("index", "macos", "authentication_method", "end_state", "known_issue")

MIXED = Population(
    name="mixed", seed=11, macs=24, rollout_days=3, macos={13: 0.25, 14: 0.5, 15: 0.25},
    authentication_methods={"Password": 0.5, "Secure Enclave": 0.25, "Smart card": 0.25}, per_user_mfa=0.125,
    passcode_policies={"strict": 0.125, "standard": 0.25}, join_permission=0.875, legacy_workplace_join=0.125)


def invariant(outcome: MacOutcome) -> tuple[object, ...]:
    return tuple(getattr(outcome, name) for name in SHARD_INVARIANT)


@pytest.fixture(scope="module")
def unsharded() -> FleetResult:
    return run_fleet(MIXED)


@pytest.mark.parametrize(("macs", "shards"), [(10, 1), (10, 3), (7, 7), (1000, 6), (5, 2)])
def test_shards_cover_every_mac_once_in_slices_of_nearly_equal_size(macs: int, shards: int) -> None:
    ranges = [shard_range(macs, shards, k) for k in range(shards)]
    assert [i for first, count in ranges for i in range(first, first + count)] == list(range(macs))
    assert max(c for _, c in ranges) - min(c for _, c in ranges) <= 1


def test_world_seeds_are_stable_and_shard_0_is_the_unsharded_world() -> None:
    assert world_seed_of(11, 0) is None  # run_fleet's own: --shards 1 is run_fleet(population)
    assert world_seed_of(11, 1) == world_seed_of(11, 1) == 5212731014219832829  # SHA-256, not hash()
    assert len({world_seed_of(11, k) for k in range(1, 50)} | {world_seed_of(12, 1)}) == 50


def test_one_shard_is_the_unsharded_run(unsharded: FleetResult) -> None:
    assert run_sharded(MIXED, 1).outcomes == unsharded.outcomes


def test_end_state_and_known_issue_of_each_mac_do_not_depend_on_the_shard_count(unsharded: FleetResult) -> None:
    sharded = run_sharded(MIXED, 3)
    assert [invariant(o) for o in sharded.outcomes] == [invariant(o) for o in unsharded.outcomes]
    assert sharded.counts() == unsharded.counts()
    assert len(unsharded.counts()) > 2, "the mix must give more than one end state to compare"
    # The World is the shard's: Mac 8 on is in another World than unsharded, with other generated names.
    assert [o.user for o in sharded.outcomes[8:]] != [o.user for o in unsharded.outcomes[8:]]
    assert sharded.population.count is None or sharded.population.count == MIXED.macs


def test_a_shard_run_alone_is_that_shard_of_the_sharded_run() -> None:
    part = run_shard(MIXED, 1, 3)
    assert [o.index for o in part.outcomes] == list(range(8, 16))
    assert part.outcomes == run_sharded(MIXED, 3).outcomes[8:16]  # the same World: every field equal


def test_no_more_shards_than_macs() -> None:
    tiny = Population(name="tiny", seed=1, macs=2)
    assert [o.index for o in run_sharded(tiny, 5).outcomes] == [0, 1]


def test_progress_sums_the_shards_up_to_the_whole_fleet() -> None:
    calls: list[tuple[int, int]] = []
    run_sharded(MIXED, 2, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (24, 24)
    assert {total for _, total in calls} == {24}
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_ctrl_c_stops_every_worker_before_it_finishes() -> None:
    """SIGINT reaches the parent (as Ctrl-C does) while the shards run: they stop at their next Mac."""
    big = Population(name="big", seed=2, macs=400)
    calls: list[int] = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_sharded(big, 2, progress=interrupt)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert max(calls) < 100, "the shards went on after Ctrl-C"
    assert multiprocessing.active_children() == []


def test_a_workers_error_reaches_the_parent_as_it_was_said() -> None:
    error = pickle.loads(pickle.dumps(ShardError("SIM/fleet: Mac 3 could not be set up\n  hint: fix it", 2)))
    assert str(error) == "SIM/fleet: Mac 3 could not be set up\n  hint: fix it" and error.exit_status == 2
    with pytest.raises(Exception, match="shard 4 of 3 does not exist"):
        run_shard(MIXED, 3, 3)


# ---- pytest-xdist: a shard per test item, merged on the controller ------------------------------


def test_xdist_runs_each_shard_as_an_item_and_merges_the_parts(tmp_path: Path) -> None:
    population = tmp_path / "fleet.toml"
    population.write_text(textwrap.dedent("""\
        name = "xdist"
        seed = 5
        macs = 12
        per_user_mfa = 0.25
        """), encoding="utf-8")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "pyproject.toml").write_text("[tool.black]\n", encoding="utf-8")  # in a folder: not a fleet
    merged = tmp_path / "merged.json"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "psso_sim.fleet.pytest_shards", "-p", "no:cacheprovider",
         "-p", "no:randomly", "--rootdir", ".", "-n", "2", "--psso-fleet-shards", "3", "--psso-fleet-json",
         str(merged), "-v", "fleet.toml", "more"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "3 passed" in out and "fleet.toml::shard-3-of-3 " in out, out
    assert "pyproject.toml::" not in out
    assert "psso-sim fleet fleet.toml" in out and "Per user MFA causes password sync failure" in out, out
    document = json.loads(merged.read_text(encoding="utf-8"))
    assert [mac["index"] for mac in document["macs"]] == list(range(12))
    expected = run_sharded(Population(name="xdist", seed=5, macs=12, per_user_mfa=0.25), 3)
    assert [tuple(mac[f] for f in SHARD_INVARIANT) for mac in document["macs"]] == \
        [invariant(o) for o in expected.outcomes]
    assert [mac["user"] for mac in document["macs"]] == [o.user for o in expected.outcomes]  # the same Worlds
