"""Speed figures of issue 14 with their targets and ratios. Prints; asserts nothing (never a timed test).

python benchmarks/speed.py [--fleet-10000] [--skip-fleet] [--skip-scenarios]

Real (wall-clock) time is what is measured here, with time.perf_counter: never the simulated clock.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bench import registered_world

from psso_sim.actors import Person
from psso_sim.world import World

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
FEATURE_TESTS = "tests/test_features.py"
_NOT_PYTEST = r"^(?!.*(_pytest|pluggy|pytest_bdd|built-in method builtins|contextlib))"
_PYTEST = [sys.executable, "-m", "pytest", FEATURE_TESTS, "-q", "-p", "no:randomly", "-p", "no:xdist",
           "-p", "timing_plugin"]


def _row(label: str, value: float, unit: str, target: str = "", ratio: float | None = None) -> None:
    ratio_text = f"  ratio {ratio:5.2f}x" if ratio is not None else ""
    target_text = f"  (target {target})" if target else ""
    print(f"{label:<58} {value:10.2f} {unit:<4}{ratio_text}{target_text}")


def _pytest_run(extra: list[str]) -> tuple[float, float, dict[str, float], int]:
    """(whole process s, pytest session s, per-test s, exit status) of the bundled scenarios in one process."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "timings.json"
        env = dict(os.environ, PSSO_BENCH_TIMINGS=str(out),
                   PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH", "")])))
        started = time.perf_counter()
        subprocess.run([*_PYTEST, *extra], cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL)
        whole = time.perf_counter() - started
        data = json.loads(out.read_text(encoding="utf-8"))
    return whole, float(data["session"]), dict(data["tests"]), int(data["exitstatus"])


def scenarios() -> tuple[str, str]:
    """The bundled scenarios vs the same files with no-op steps; returns the slowest and the first scenario."""
    real = _pytest_run([])
    noop = _pytest_run(["-p", "no:psso-sim", "-p", "noop_steps"])
    print(f"bundled scenarios: {len(real[2])} (exit {real[3]}), with no-op steps: {len(noop[2])} (exit {noop[3]})")
    _row("scenarios, pytest session, real steps", real[1], "s")
    _row("scenarios, pytest session, no-op steps", noop[1], "s", "at most 1.5x", real[1] / noop[1])
    _row("scenarios, whole process, real steps", real[0], "s")
    _row("scenarios, whole process, no-op steps", noop[0], "s", "at most 1.5x", real[0] / noop[0])
    first = next(iter(real[2]))
    # The first scenario pays the process's one-time costs (lazy imports, freezegun's module scan): not counted.
    slowest = sorted((nodeid for nodeid in real[2] if nodeid != first), key=lambda n: -real[2][n])
    print("slowest scenarios (after the first):")
    for nodeid in slowest[:5]:
        print(f"  {real[2][nodeid] * 1000:8.1f} ms  {nodeid}")
    return slowest[0], first


def profile(nodeid: str, warm_up: str) -> None:
    """Top 15 functions by cumulative time of one scenario's run, in a fresh process after the ``warm_up``
    scenario (so that neither pytest's start-up nor the first World's one-time costs are counted)."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "scenario.prof"
        env = dict(os.environ, PSSO_BENCH_PROFILE=str(stats_file), PSSO_BENCH_PROFILE_NODE=nodeid,
                   PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH", "")])))
        command = [sys.executable, "-m", "pytest", warm_up, nodeid, "-q", "-p", "no:randomly", "-p", "no:xdist",
                   "-p", "timing_plugin"]
        status = subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL).returncode
        print(f"\nprofile of the slowest scenario: {nodeid}")
        if status != 0 or not stats_file.exists():
            print(f"no profile: the run failed (exit {status}) ({' '.join(command)})")
            return
        print("(top 15 by cumulative time, leaving out pytest's, pluggy's and pytest-bdd's own wrappers)")
        pstats.Stats(str(stats_file)).sort_stats("cumulative").print_stats(_NOT_PYTEST, 15)


_registered_world = registered_world  # bench.py's: one Mac enrolled and registered through Company Portal


def _best(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def simulated_days() -> None:
    """A registered Mac's scenario advancing 30 simulated days vs 1 minute (periodic PRT refreshes etc.)."""
    def scenario(by: timedelta) -> Callable[[], None]:
        def run() -> None:
            world = _registered_world(1)
            world.advance(by)
            world.close()
        return run

    minute = _best(5, scenario(timedelta(minutes=1)))
    days = _best(5, scenario(timedelta(days=30)))
    _row("registered Mac, scenario advancing 1 minute", minute * 1000, "ms")
    _row("registered Mac, scenario advancing 30 days", days * 1000, "ms", "at most 1.1x", days / minute)


def imports() -> None:
    """``import psso_sim`` and ``import psso_sim.world`` in a fresh process (best of 5), and ``World()``."""
    for module in ("psso_sim", "psso_sim.world"):
        code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
        best = min(float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                        text=True).stdout) for _ in range(5))
        _row(f"import {module} (fresh process)", best * 1000, "ms", "at most 150 ms", best / 0.150)
    World(seed=0).close()  # first World pays the lazy imports
    runs = 50
    started = time.perf_counter()
    for seed in range(runs):
        World(seed=seed)
    average = (time.perf_counter() - started) / runs
    _row("World() average", average * 1000, "ms", "at most 2 ms", average / 0.002)


def _fleet(count: int) -> None:
    world = World(seed=7)
    world.target_platform_sso()
    domain = world.entra.tenant.domain
    for index in range(count):
        user = world.add_user(f"user{index:05d}@{domain}")
        mac = world.add_mac(owner=user, name=f"Mac {index:05d}")
        person = Person(world, user, mac)
        person.enroll_with_company_portal()
        person.register_with_company_portal()
    world.close()


def fleet(sizes: list[int]) -> None:
    """Enrolling and registering N Macs in one World through the documented flow: time, then peak memory."""
    seconds: dict[int, float] = {}
    for count in sizes:
        started = time.perf_counter()
        _fleet(count)
        seconds[count] = time.perf_counter() - started
        tracemalloc.start()
        _fleet(count)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        _row(f"fleet of {count:,} Macs enrolled + registered", seconds[count], "s",
             "10,000 in at most 20 s" if count == 10_000 else "")
        _row(f"fleet of {count:,} Macs, peak traced memory", peak / 2**20, "MiB",
             "10,000 in at most 500 MB" if count == 10_000 else "")
    ordered = sorted(seconds)
    for small, large in itertools.pairwise(ordered):
        growth = seconds[large] / seconds[small]
        per_size = large / small
        _row(f"fleet growth {small:,} -> {large:,} Macs ({per_size:.0f}x Macs)", growth, "x",
             f"at most {per_size * 1.1:.0f}x", growth / (per_size * 1.1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleet-10000", action="store_true", help="also measure 10,000 Macs (slow today)")
    parser.add_argument("--skip-fleet", action="store_true")
    parser.add_argument("--skip-scenarios", action="store_true")
    args = parser.parse_args(argv)
    imports()
    simulated_days()
    if not args.skip_fleet:
        fleet([100, 1_000, 10_000] if args.fleet_10000 else [100, 1_000])
    if not args.skip_scenarios:
        profile(*scenarios())


if __name__ == "__main__":
    main()
