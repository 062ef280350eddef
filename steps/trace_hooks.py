"""The trace under pytest: each entry names its Gherkin step; reports carry the trace; failures show it.

* pytest-bdd's step hooks mark each step's start and end in the scenario World's trace, and set
  :attr:`psso_sim.trace.Trace.step`, so every entry recorded meanwhile names the step that caused it.
* The "call" report of a test that used the ``world`` fixture carries, in ``user_properties``, the entry
  ``("psso-sim", {"seed", "identity", "product", "simulated_start", "simulated_end", "trace", "trace_file"})``
  (``user_properties`` survive pytest-xdist; report writers read only this).
* A failed test also gets a report section "psso-sim trace (last N entries)" (``--psso-trace-tail N``,
  default 20) ending with the path of the full trace, written as JSON Lines under pytest's temporary
  directory or ``--psso-trace-dir DIR``. ``--psso-trace-all`` writes every test's trace, passed or not.
  ``psso-sim trace FILE`` renders such a file.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.parser import Step

from psso_sim.steps.fixtures import scenario_identity
from psso_sim.trace.render import render_entries
from psso_sim.world import World

__all__ = [
    "DEFAULT_TAIL",
    "PROPERTY",
    "pytest_addoption",
    "pytest_bdd_after_step",
    "pytest_bdd_before_step",
    "pytest_bdd_before_step_call",
    "pytest_bdd_step_error",
    "pytest_runtest_makereport",
    "section_title",
]

DEFAULT_TAIL = 20
PROPERTY = "psso-sim"
"""The name of the ``user_properties`` entry a report carries."""

_WORLD = pytest.StashKey[World]()
_WRITTEN = pytest.StashKey[str]()
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("psso-sim", "psso-sim: simulated Platform SSO")
    group.addoption("--psso-trace-tail", type=int, default=DEFAULT_TAIL, metavar="N",
                    help=f"trace entries a failed test's report shows (default {DEFAULT_TAIL}; 0 for none)")
    group.addoption("--psso-trace-dir", default=None, metavar="DIR",
                    help="where failed tests' full traces are written (default: under pytest's basetemp)")
    group.addoption("--psso-trace-all", action="store_true", default=False,
                    help="write every test's trace file, not only failed tests'")


def section_title(tail: int) -> str:
    return f"psso-sim trace (last {tail} entries)"


# ---- step attribution ---------------------------------------------------------------------------


def _active_world(request: pytest.FixtureRequest) -> World | None:
    """The test's World if its fixture is already set up; never creates one."""
    stashed: World | None = request.node.stash.get(_WORLD, None)
    if stashed is not None:
        return stashed
    if "world" not in request.fixturenames:  # names requested so far, statically or by earlier steps
        return None
    world = request.getfixturevalue("world")
    if not isinstance(world, World):  # a project's own fixture of that name
        return None
    request.node.stash[_WORLD] = world
    return world


def _name(step: Step) -> tuple[str, str]:
    return step.keyword.strip(), step.name


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Step) -> None:
    world = _active_world(request)
    if world is not None:
        world.trace.begin_step(*_name(step))


def pytest_bdd_before_step_call(request: pytest.FixtureRequest, step: Step) -> None:
    # The first step that needs the World makes it while its arguments are resolved: after before_step.
    world = _active_world(request)
    if world is not None and world.trace.step is None:
        world.trace.begin_step(*_name(step))


def pytest_bdd_after_step(request: pytest.FixtureRequest) -> None:
    world = _active_world(request)
    if world is not None:
        world.trace.end_step("passed")


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step) -> None:
    world = _active_world(request)
    if world is None:
        return
    if world.trace.step is None:  # failed while its arguments were resolved, the World just made
        world.trace.begin_step(*_name(step))
    for mac in world.macs.values():  # what each Mac showed then, whole: the reports' "screen at the failed step"
        world.trace.record(mac.name, "on screen when the step failed", kind="screen",
                           detail={"text": mac.desktop.describe()})
    world.trace.end_step("failed")


# ---- reports ------------------------------------------------------------------------------------


def _world_of(item: pytest.Item) -> World | None:
    world = item.stash.get(_WORLD, None)
    if world is None:
        funcargs: Mapping[str, object] = getattr(item, "funcargs", {})
        candidate = funcargs.get("world")
        world = candidate if isinstance(candidate, World) else None
    return world


def _trace_dir(config: pytest.Config) -> Path:
    chosen = config.getoption("--psso-trace-dir")
    if chosen:
        return Path(chosen)
    # pytest's own temporary-directory factory (per xdist worker, pruned like tmp_path): pytest keeps it
    # on the config only, under a private name; created the same way if the tmpdir plugin is off.
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is None:
        factory = pytest.TempPathFactory.from_config(config, _ispytest=True)
    return Path(factory.getbasetemp()) / "psso-sim-traces"


def _write(item: pytest.Item, world: World, header: Mapping[str, object]) -> str:
    written = item.stash.get(_WRITTEN, None)
    if written is None:
        name = _UNSAFE.sub("_", item.nodeid).strip("_")[-150:] or "trace"
        written = str(world.trace.write(_trace_dir(item.config) / f"{name}.trace.jsonl", header))
        item.stash[_WRITTEN] = written
    return written


def _header(item: pytest.Item, world: World) -> dict[str, object]:
    return {"seed": world.seed, "identity": scenario_identity(item, item.config.rootpath),
            "product": world.product.name, "simulated_start": world.clock.start.isoformat(),
            "simulated_end": world.clock.now().isoformat(), "nodeid": item.nodeid}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    world = _world_of(item)
    if world is None or report.when == "setup":
        return report
    header = _header(item, world)
    failed_here = report.failed and item.stash.get(_WRITTEN, None) is None
    trace_file = None
    if failed_here or (report.when == "call" and item.config.getoption("--psso-trace-all")):
        trace_file = _write(item, world, header)
    if report.when == "call":
        header.pop("nodeid")
        report.user_properties.append((PROPERTY, {**header, "trace": world.trace.as_data(), "trace_file": trace_file}))
    if failed_here:
        tail: int = item.config.getoption("--psso-trace-tail")
        _add_section(report, world, tail, trace_file)
    return report


def _add_section(report: pytest.TestReport, world: World, tail: int, trace_file: str | None) -> None:
    entries = [e.as_dict() for e in world.trace.tail(tail)]
    lines = render_entries(entries, body_limit=600) if entries else []
    total = len(world.trace.entries)
    lines.append(f"({len(entries)} of {total} trace entries; the full trace: {trace_file})")
    lines.append(f"render it with: psso-sim trace {trace_file}")
    report.sections.append((section_title(tail), "\n".join(lines)))
