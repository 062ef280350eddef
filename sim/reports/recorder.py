"""A pytest plugin that records, per scenario, what the run reports need beyond the readable output.

It reads only pytest's reports: the ``("psso-sim", {...})`` entry psso-sim's plugin puts in a
scenario's ``user_properties`` (seed, identity, product, simulated start and end, the trace, the
trace file) and the ``psso-sim trace`` section of a failed one. Where a report has no such entry
(an older plugin), the seed and identity are worked out as the ``world`` fixture works them out.

Durations here are REAL elapsed time, measured with ``time.perf_counter`` in this reporting layer
(freezegun leaves this package's clock alone: :data:`psso_sim.frozen_time.REAL_TIME_MODULES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from time import perf_counter  # real time on purpose: see the module docstring
from typing import Any

import pytest
from pytest_bdd.parser import Feature, Scenario, Step

__all__ = ["PROPERTY", "TRACE_SECTION", "RunRecorder", "ScenarioData", "psso_data"]

PROPERTY = "psso-sim"
"""The name of the user property psso-sim's plugin adds to a scenario's call report."""
TRACE_SECTION = "psso-sim trace"
"""How the title of the report section with a failed scenario's last trace entries starts."""


def psso_data(properties: object) -> dict[str, Any] | None:
    """The psso-sim entry of a report's ``user_properties``, or ``None``."""
    for entry in properties if isinstance(properties, list | tuple) else ():
        if isinstance(entry, tuple | list) and len(entry) == 2 and entry[0] == PROPERTY \
                and isinstance(entry[1], Mapping):
            return dict(entry[1])
    return None


@dataclass
class ScenarioData:
    """What one scenario left in pytest's reports, and the real time it and each step took."""

    identity: str | None = None
    seed: int | None = None
    psso: dict[str, Any] | None = None
    sections: list[tuple[str, str]] = field(default_factory=list)  # psso-sim trace sections
    step_seconds: list[float] = field(default_factory=list)  # real, one per step run
    seconds: float = 0.0  # real: setup, call and teardown as pytest timed them
    called: bool = False  # the scenario reached pytest's call phase (so cucumber JSON has it)
    _step_started: float | None = None

    @property
    def trace(self) -> list[dict[str, Any]]:
        trace = (self.psso or {}).get("trace")
        return [dict(e) for e in trace if isinstance(e, Mapping)] if isinstance(trace, list) else []

    @property
    def trace_file(self) -> str | None:
        path = (self.psso or {}).get("trace_file")
        return str(path) if path else None


class RunRecorder:
    """Collects :class:`ScenarioData` per test node id (a pytest plugin for ``psso-sim run``).

    ``base_seed`` is the run's ``--seed``: with it the seed of a scenario whose report carries no
    psso-sim data is worked out. pytest's JUnit XML never sees the psso-sim entry (the whole trace,
    and test-case properties break the JUnit schema pytest documents for its default ``xunit2``):
    each scenario's seed and id go in the test suite's properties instead, as
    ``psso-sim.seed <node id>`` and ``psso-sim.id <node id>`` (and ``psso-sim.trace_file <node id>``).
    """

    def __init__(self, base_seed: int) -> None:
        self.base_seed = base_seed
        self.scenarios: dict[str, ScenarioData] = {}
        self._config: pytest.Config | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        self._config = config

    def _junit(self) -> Any:
        """pytest's JUnit XML writer when ``--junitxml`` is on (what ``record_testsuite_property`` uses)."""
        try:
            from _pytest.junitxml import xml_key
        except ImportError:  # pragma: no cover - pytest moved it: the JUnit XML has no psso-sim properties
            return None
        return self._config.stash.get(xml_key, None) if self._config is not None else None

    def _data(self, nodeid: str) -> ScenarioData:
        return self.scenarios.setdefault(nodeid, ScenarioData())

    def pytest_itemcollected(self, item: pytest.Item) -> None:
        from psso_sim.steps.fixtures import scenario_identity, scenario_seed

        if getattr(item, "function", None) is None:
            return
        identity = scenario_identity(item, item.config.rootpath)
        data = self._data(item.nodeid)
        data.identity, data.seed = identity, scenario_seed(self.base_seed, identity)

    # -- real time of each step (pytest-bdd's hooks) ------------------------------------------

    def pytest_bdd_before_step(
        self, request: pytest.FixtureRequest, feature: Feature, scenario: Scenario, step: Step,
    ) -> None:
        self._data(request.node.nodeid)._step_started = perf_counter()

    def _step_done(self, request: pytest.FixtureRequest) -> None:
        data = self._data(request.node.nodeid)
        started = data._step_started if data._step_started is not None else perf_counter()
        data.step_seconds.append(max(perf_counter() - started, 0.0))
        data._step_started = None

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest) -> None:
        self._step_done(request)

    def pytest_bdd_step_error(self, request: pytest.FixtureRequest) -> None:
        self._step_done(request)

    def pytest_bdd_step_func_lookup_error(self, request: pytest.FixtureRequest) -> None:
        self._data(request.node.nodeid)._step_started = perf_counter()
        self._step_done(request)

    # -- pytest's reports ---------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)  # before pytest's JUnit XML writes the properties
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        data = self._data(report.nodeid)
        data.seconds += max(float(report.duration), 0.0)
        data.called = data.called or report.when == "call"
        found = psso_data(report.user_properties)
        if found is not None and (data.psso is None or report.when == "call"):  # the call's is the plugin's
            data.psso = found
            data.identity = str(found.get("identity") or data.identity or "") or None
            seed = found.get("seed")
            data.seed = seed if isinstance(seed, int) else data.seed
        data.sections += [(title, text) for title, text in report.sections
                          if title.startswith(TRACE_SECTION) and (title, text) not in data.sections]
        if report.when == "teardown":  # pytest's JUnit XML reads the teardown report's properties
            report.user_properties = [p for p in report.user_properties if p[0] != PROPERTY]
            junit = self._junit()
            if junit is not None:
                for name, value in self.properties(report.nodeid):
                    junit.add_global_property(f"{name} {report.nodeid}", value)

    def properties(self, nodeid: str) -> list[tuple[str, object]]:
        """The short properties of a scenario for JUnit XML: seed, id and the trace file of a failure."""
        data = self.scenarios.get(nodeid)
        if data is None or data.identity is None:
            return []
        found: list[tuple[str, object]] = [("psso-sim.seed", data.seed), ("psso-sim.id", data.identity)]
        return found + ([("psso-sim.trace_file", data.trace_file)] if data.trace_file else [])
