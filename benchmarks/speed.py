"""Speed figures of issue 14 with their targets and ratios. Prints; asserts nothing (never a timed test).

python benchmarks/speed.py [--fleet-10000] [--fleet-sizes 100,1000] [--fleet-trace-level logs] [--fleet-profile N]
                           [--skip-fleet] [--skip-scenarios]

Real (wall-clock) time is what is measured here, with time.perf_counter: never the simulated clock.
"""

from __future__ import annotations

import argparse
import cProfile
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

from bench import registered_world, routing_per_request

from psso_sim.fleet import Population, run_fleet
from psso_sim.macos.prt_refresh import PrtRefresh
from psso_sim.trace import LEVELS
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
    def scenario(by: timedelta, lid_closed: bool = False) -> Callable[[], None]:
        def run() -> None:
            world = _registered_world(1)
            if lid_closed:
                for mac in world.macs.values():
                    mac.power.sleep()
            world.advance(by)
            world.close()
        return run

    minute = _best(5, scenario(timedelta(minutes=1)))
    days = _best(5, scenario(timedelta(days=30)))
    closed = _best(5, scenario(timedelta(days=30), lid_closed=True))
    _row("registered Mac, scenario advancing 1 minute", minute * 1000, "ms")
    _row("registered Mac, lid closed, scenario advancing 30 days", closed * 1000, "ms", "at most 1.1x",
         closed / minute)
    # Awake, Platform SSO renews the PRT every 4 hours: 180 renewals, each 2 requests and 3 RS256 signatures.
    _row("registered Mac, awake, scenario advancing 30 days", days * 1000, "ms", "at most 1.1x", days / minute)


def _fresh(code: str, env: dict[str, str]) -> float:
    """Best of 5 of the seconds ``code`` prints, each run in a fresh interpreter."""
    return min(float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                    env=env).stdout) for _ in range(5))


def imports() -> None:
    """``import psso_sim`` and ``import psso_sim.world`` in a fresh process (best of 5), and ``World()``.

    Measured with bytecode cached, as an installed package has it (pip compiles it), in a temporary
    PYTHONPYCACHEPREFIX; then as inherited: with PYTHONDONTWRITEBYTECODE set and no __pycache__ in sim/, every
    psso_sim module is compiled from source at each start (~0.25 ms per KB of source)."""
    with tempfile.TemporaryDirectory() as cache:
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = cache
        subprocess.run([sys.executable, "-c", "import psso_sim.world"], check=True, env=cached)  # writes bytecode
        for module in ("psso_sim", "psso_sim.world"):
            code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
            best = _fresh(code, cached)
            _row(f"import {module} (fresh process, bytecode cached)", best * 1000, "ms", "at most 150 ms",
                 best / 0.150)
        code = "import time; t = time.perf_counter(); import httpx, pydantic; print(time.perf_counter() - t)"
        _row("import httpx + pydantic (the floor a World needs)", _fresh(code, cached) * 1000, "ms")
        code = ("import time; t = time.perf_counter(); from psso_sim.world import World; World()\n"
                "print(time.perf_counter() - t)")
        _row("import psso_sim.world + first World() (bytecode cached)", _fresh(code, cached) * 1000, "ms")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        code = "import time; t = time.perf_counter(); import psso_sim.world; print(time.perf_counter() - t)"
        _row("import psso_sim.world (fresh, compiled from source)", _fresh(code, dict(os.environ)) * 1000, "ms")
    World(seed=0).close()  # first World pays the lazy imports
    runs = 50
    started = time.perf_counter()
    for seed in range(runs):
        World(seed=seed)
    average = (time.perf_counter() - started) / runs
    _row("World() average", average * 1000, "ms", "at most 2 ms", average / 0.002)


def routing() -> None:
    """Per request, every handler a stub: respx resolution before (one Router for every endpoint) and now
    (shared per-(host, method) tables), and the whole network seam (see bench.routing_per_request)."""
    figures = routing_per_request()
    before = figures["one respx Router for every endpoint"]
    for label, micros in figures.items():
        _row(f"routing per request, {label}", micros, "us", "", micros / before if "respx" in label else None)


# freezegun replaces time.perf_counter wherever a module names it, but not inside a tuple: the fleet runs frozen.
_REAL_CLOCK = (time.perf_counter,)


def _fleet(count: int, trace_level: str = "full", refreshes: _RefreshTimer | None = None) -> list[float]:
    """A fleet of ``count`` Macs rolled out in one World by psso_sim.fleet (each user enrolls and registers
    through the documented flow, then closes the lid): seconds per hundred Macs, less the PRT refreshes timed."""
    population = Population(macs=count, rollout_days=max(1, -(-count // 250)), seed=7)  # ~250 arrivals a day
    hundreds: list[float] = []
    started = _REAL_CLOCK[0]()

    def progress(done: int, total: int) -> None:  # called under freezegun: read the real clock kept aside
        if done % 100 == 0:
            spent = refreshes.seconds if refreshes is not None else 0.0
            hundreds.append(_REAL_CLOCK[0]() - started - spent - sum(hundreds))

    result = run_fleet(population, progress=progress, trace_level=trace_level)
    registered = sum(1 for outcome in result.outcomes if outcome.end_state == "registered")
    assert registered == count, f"only {registered} of {count} Macs registered: {result.counts()}"
    return hundreds


class _RefreshTimer:
    """Real time spent in the Macs' scheduled 4-hourly PRT refreshes (PrtRefresh.refresh), and how many ran."""

    def __init__(self) -> None:
        self.seconds, self.count = 0.0, 0
        self._original = PrtRefresh.refresh

    def __enter__(self) -> _RefreshTimer:
        original = self._original

        def timed(refresh: PrtRefresh) -> None:
            started = _REAL_CLOCK[0]()
            try:
                original(refresh)
            finally:
                self.seconds += _REAL_CLOCK[0]() - started
                self.count += 1
        PrtRefresh.refresh = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        PrtRefresh.refresh = self._original  # type: ignore[method-assign]


def fleet(sizes: list[int], trace_level: str = "full") -> None:
    """Enrolling and registering N Macs in one World through the documented flow: time, then peak memory."""
    seconds: dict[int, float] = {}
    without_refreshes: dict[int, float] = {}
    print(f"fleet runs with trace level {trace_level!r}")
    for count in sizes:
        started = time.perf_counter()
        with _RefreshTimer() as refreshes:
            hundreds = _fleet(count, trace_level, refreshes)
        seconds[count] = time.perf_counter() - started
        without_refreshes[count] = seconds[count] - refreshes.seconds
        tracemalloc.start()
        _fleet(count, trace_level)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        _row(f"fleet of {count:,} Macs enrolled + registered", seconds[count], "s",
             "10,000 in at most 20 s" if count == 10_000 else "")
        _row(f"fleet of {count:,} Macs, peak traced memory", peak / 2**20, "MiB",
             "10,000 in at most 500 MB" if count == 10_000 else "")
        if hundreds:
            _row(f"fleet of {count:,} Macs, last vs first hundred, PRT refreshes left out", hundreds[-1] / hundreds[0],
                 "x")
        _row(f"fleet of {count:,} Macs, {refreshes.count:,} scheduled PRT refreshes", refreshes.seconds, "s")
        _row(f"fleet of {count:,} Macs, PRT refreshes' share", 100 * refreshes.seconds / seconds[count], "%")
    ordered = sorted(seconds)
    for small, large in itertools.pairwise(ordered):
        growth = seconds[large] / seconds[small]
        per_size = large / small
        _row(f"fleet growth {small:,} -> {large:,} Macs ({per_size:.0f}x Macs)", growth, "x",
             f"at most {per_size * 1.1:.0f}x", growth / (per_size * 1.1))
        growth = without_refreshes[large] / without_refreshes[small]
        _row(f"fleet growth {small:,} -> {large:,} Macs, PRT refreshes left out", growth, "x",
             f"at most {per_size * 1.1:.0f}x", growth / (per_size * 1.1))


def fleet_profile(count: int, trace_level: str) -> None:
    """cProfile of a fleet of ``count`` Macs: the top functions by own time, and the shares of the scheduled
    PRT refreshes and of the cryptography (RSA = the tenant's RS256 signatures, EC = P-256 device keys)."""
    profiler = cProfile.Profile()
    profiler.runcall(_fleet, count, trace_level)
    stats = pstats.Stats(profiler)
    total = max(row[3] for row in stats.stats.values())  # type: ignore[attr-defined]
    print(f"profile of a fleet of {count:,} Macs (trace level {trace_level!r}): {total:.1f} s under cProfile")
    for (file, _, name), (_, calls, own, cumulative, _) in sorted(stats.stats.items()):  # type: ignore[attr-defined]
        if file.endswith("prt_refresh.py") and name == "refresh":
            label, seconds = "scheduled PRT refreshes (cumulative)", cumulative
        elif any(f"method '{verb}' of '{kind}" in name for verb in ("sign", "verify", "decrypt", "encrypt")
                 for kind in _CRYPTO):
            label, seconds = name.strip("<>").replace("cryptography.hazmat.bindings._rust.openssl.", ""), own
        else:
            continue
        print(f"  {calls:9,} x {label}: {seconds:6.2f} s ({100 * seconds / total:4.1f}%)")
    stats.sort_stats("tottime").print_stats(15)


_CRYPTO = ("cryptography.hazmat.bindings._rust.openssl.rsa", "cryptography.hazmat.bindings._rust.openssl.ec")


def _sizes(text: str) -> list[int]:
    try:
        return [int(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--fleet-sizes {text!r}: give counts separated by commas, e.g. "
                                         "100,1000") from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleet-10000", action="store_true", help="also measure 10,000 Macs (slow today)")
    parser.add_argument("--fleet-sizes", type=_sizes, help="fleet sizes to measure, e.g. 100,1000,5000")
    parser.add_argument("--fleet-trace-level", default="full", choices=LEVELS, help="the fleet World's trace level")
    parser.add_argument("--fleet-profile", type=int, metavar="N", help="profile a fleet of N Macs: top costs")
    parser.add_argument("--skip-fleet", action="store_true")
    parser.add_argument("--skip-scenarios", action="store_true")
    args = parser.parse_args(argv)
    if args.fleet_profile:
        fleet_profile(args.fleet_profile, args.fleet_trace_level)
        return
    imports()
    routing()
    simulated_days()
    if not args.skip_fleet:
        default = [100, 1_000, 10_000] if args.fleet_10000 else [100, 1_000]
        fleet(args.fleet_sizes or default, args.fleet_trace_level)
    if not args.skip_scenarios:
        profile(*scenarios())


if __name__ == "__main__":
    main()
