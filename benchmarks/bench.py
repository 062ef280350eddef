"""Speed and memory figures for psso-sim. Prints; asserts nothing (targets are read, not tested).

python benchmarks/bench.py

The figures of issue 14 (scenarios vs no-op steps, simulated days, imports, fleets, a profile) are
benchmarks/speed.py's.
"""

from __future__ import annotations

import time
import tracemalloc
from datetime import timedelta

from psso_sim.actors import Person
from psso_sim.authoring import collect_step_definitions
from psso_sim.authoring.matching import MAX_COMPARED, StepMatcher
from psso_sim.world import World


def advance_thirty_days(events: int) -> float:
    world = World(seed=1)
    for i in range(events):
        world.scheduler.after(timedelta(seconds=(i * 2591) % (30 * 86400)), f"e{i}", lambda: None)
    started = time.perf_counter()
    world.advance(timedelta(days=30))
    return time.perf_counter() - started


def registered_world(seed: int) -> World:
    """A World with one user whose Mac is enrolled and registered through Company Portal."""
    world = World(seed=seed)
    user = world.add_user()
    mac = world.add_mac(owner=user)
    world.target_platform_sso()
    person = Person(world, user, mac)
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    assert mac.platform_sso.registration_completed
    return world


def enrollment(seed: int) -> None:
    registered_world(seed).close()


def unknown_step(length: int) -> float:
    """Seconds to match and suggest fixes for one unknown step line of ``length`` repeated characters (the
    slowest kind for difflib): the lint and run answer; the target is well under a second at any length."""
    matcher = StepMatcher(collect_step_definitions())
    text = ("the user selects " + "x" * length)[:length]
    started = time.perf_counter()
    matcher.matches("when", text)
    matcher.suggestions("when", "When", text)
    return time.perf_counter() - started


def main() -> None:
    for length in (100, MAX_COMPARED, 2_000, 20_000):
        print(f"'did you mean' for an unknown step of {length:>6} characters: {unknown_step(length) * 1000:8.1f} ms")
    for events in (0, 10_000):
        print(f"advance 30 simulated days with {events:>6} events: {advance_thirty_days(events) * 1000:8.1f} ms")
    runs = 20
    started = time.perf_counter()
    for seed in range(runs):
        enrollment(seed)
    print(f"enrollment + PSSO registration, end to end: {(time.perf_counter() - started) / runs * 1000:8.1f} ms/run")
    tracemalloc.start()
    enrollment(0)
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak memory of one enrollment run: {peak / 1024 / 1024:8.1f} MiB")


if __name__ == "__main__":
    main()
