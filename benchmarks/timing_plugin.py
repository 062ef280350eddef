"""A pytest plugin for benchmarks/speed.py: writes the session's REAL duration and each test's to a JSON file,
and with ``PSSO_BENCH_PROFILE=FILE`` profiles the tests' runs (setup, call, teardown; not collection) into FILE
(only the test ``PSSO_BENCH_PROFILE_NODE`` names, when set: the others warm up the process).

Wall-clock reads are the point here (benchmarks measure real time, never the simulated clock).
"""

from __future__ import annotations

import cProfile
import json
import os
from collections.abc import Iterator
from time import perf_counter

import pytest

__all__ = ["pytest_runtest_logreport", "pytest_runtest_protocol", "pytest_sessionfinish", "pytest_sessionstart"]

_OUT_ENV = "PSSO_BENCH_TIMINGS"
_PROFILE_ENV = "PSSO_BENCH_PROFILE"
_PROFILE_NODE_ENV = "PSSO_BENCH_PROFILE_NODE"
_state: dict[str, object] = {"started": 0.0, "tests": {}}
_profiler = cProfile.Profile()


def pytest_sessionstart(session: pytest.Session) -> None:
    _state["started"] = perf_counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    tests: dict[str, float] = _state["tests"]  # type: ignore[assignment]
    tests[report.nodeid] = tests.get(report.nodeid, 0.0) + report.duration


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    only = os.environ.get(_PROFILE_NODE_ENV)
    if not os.environ.get(_PROFILE_ENV) or (only and item.nodeid != only):
        return (yield)
    _profiler.enable()
    try:
        return (yield)
    finally:
        _profiler.disable()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get(_PROFILE_ENV):
        _profiler.dump_stats(os.environ[_PROFILE_ENV])
    started: float = _state["started"]  # type: ignore[assignment]
    out = os.environ.get(_OUT_ENV)
    if out:
        with open(out, "w", encoding="utf-8") as stream:
            json.dump({"session": perf_counter() - started, "exitstatus": int(exitstatus),
                       "tests": _state["tests"]}, stream)
