"""Speed and memory figures for psso-sim. Prints; asserts nothing (targets are read, not tested).

python benchmarks/bench.py

The figures of issue 14 (scenarios vs no-op steps, simulated days, imports, fleets, a profile) are
benchmarks/speed.py's.
"""

from __future__ import annotations

import re
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta

import httpx
import respx

from psso_sim.actors import Person
from psso_sim.authoring import collect_step_definitions
from psso_sim.authoring.matching import MAX_COMPARED, StepMatcher
from psso_sim.network import Network, ServiceRoutes
from psso_sim.network.service import Endpoint
from psso_sim.trace import Trace
from psso_sim.world import World

_GROUP = re.compile(r"\(\?P<\w+>[^()]*\)")


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


def _stub(request: httpx.Request, **groups: str) -> httpx.Response:
    return httpx.Response(200)


def _sample(endpoint: Endpoint) -> httpx.Request:
    """A request the endpoint's path regex matches (each named group filled with a plain value)."""
    path = endpoint.path.removeprefix("^").removesuffix("$").replace("/?", "")
    path = _GROUP.sub("AB12CD34", path).replace("\\.", ".")
    assert re.match(endpoint.path, path), path
    return httpx.Request(endpoint.method, f"https://{endpoint.host}{path}")


def routing_per_request(rounds: int = 50) -> dict[str, float]:
    """Microseconds per request, over one sample request per endpoint of a World, every handler a stub:
    respx resolution with one Router holding every endpoint (the design before the shared tables), with the
    shared per-(host, method) tables of psso_sim.network.routing, and the whole network seam (routing, the
    request line, the trace entry)."""
    endpoints = [e for service in World(seed=0).network.services for e in service.endpoints]
    requests = [_sample(e) for e in endpoints]
    one_router = respx.Router(assert_all_called=False, assert_all_mocked=False)
    for e in endpoints:
        one_router.route(method=e.method, host=e.host, path__regex=e.path).mock(side_effect=_stub)
    network = Network(Trace(World(seed=0).clock))
    network.mount(ServiceRoutes("stubs", [Endpoint(e.method, e.host, e.path, _stub, e.summary) for e in endpoints]))
    for request in requests:
        network._handle(request)  # binds the shared tables
    bound = [(request, network._bound[(request.url.host, request.method)]) for request in requests]

    def per_request(action: Callable[[], object]) -> float:
        started = time.perf_counter()
        for _ in range(rounds):
            action()
        return (time.perf_counter() - started) / (rounds * len(requests)) * 1e6

    figures = {
        "one respx Router for every endpoint": per_request(lambda: [one_router.resolve(r) for r in requests]),
        "shared respx tables per (host, method)": per_request(
            lambda: [b.table.resolve(r, b.handlers) for r, b in bound]),
        "whole network seam (routing + trace)": per_request(lambda: [network._handle(r) for r in requests]),
    }
    one_router.calls.clear()  # respx's call history, which a shared table does not keep
    return figures


def main() -> None:
    for label, micros in routing_per_request().items():
        print(f"routing per request, {label}: {micros:8.1f} us")

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
