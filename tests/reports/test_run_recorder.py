"""The recorder reads only pytest's reports: the psso-sim user property and the trace section."""

from __future__ import annotations

from typing import Any

import pytest

from psso_sim.reports.outputs import failure_lines
from psso_sim.reports.recorder import RunRecorder, psso_data
from tests.reports.support import hand_made_report


def _report(when: str, properties: list[tuple[str, object]], sections: list[tuple[str, str]] | None = None,
            outcome: str = "passed") -> pytest.TestReport:
    return pytest.TestReport("f.py::test_x", ("f.py", 1, "test_x"), {}, outcome, None, when,
                             sections=sections or [], duration=0.25, user_properties=properties)


def _entry(**extra: Any) -> dict[str, Any]:
    trace = hand_made_report().scenarios[0].trace
    return {"seed": 42, "identity": "x.feature::A Mac", "product": "current",
            "simulated_start": "2023-11-06T09:00:00+00:00", "simulated_end": "2023-11-06T12:00:30+00:00",
            "trace": trace, "trace_file": None, **extra}


def test_the_psso_sim_entry_is_found_among_other_properties() -> None:
    assert psso_data([("other", 1), ("psso-sim", {"seed": 1})]) == {"seed": 1}
    assert psso_data([("psso-sim", "not a mapping")]) is None and psso_data(None) is None


def test_seed_identity_trace_and_real_time_come_from_the_reports() -> None:
    recorder = RunRecorder(base_seed=0)
    section = ("psso-sim trace (last 2 entries)", "a\nb\n(the full trace: /tmp/t.jsonl)")
    for when, properties, sections in (("setup", [], []),
                                       ("call", [("psso-sim", _entry(trace_file="/tmp/t.jsonl"))], [section]),
                                       ("teardown", [("psso-sim", _entry())], [])):
        recorder.pytest_runtest_logreport(_report(when, properties, sections))
    data = recorder.scenarios["f.py::test_x"]
    assert (data.seed, data.identity, data.trace_file) == (42, "x.feature::A Mac", "/tmp/t.jsonl")
    assert data.seconds == pytest.approx(0.75) and data.called
    assert len(data.trace) == 11 and data.sections == [section]
    assert recorder.properties("f.py::test_x") == [("psso-sim.seed", 42), ("psso-sim.id", "x.feature::A Mac"),
                                                   ("psso-sim.trace_file", "/tmp/t.jsonl")]
    assert failure_lines(data) == ["psso-sim trace (last 2 entries):", "  a", "  b",
                                   "  (the full trace: /tmp/t.jsonl)"]


def test_the_teardown_report_loses_the_whole_trace_before_junit_reads_it() -> None:
    recorder = RunRecorder(base_seed=0)
    teardown = _report("teardown", [("psso-sim", _entry()), ("mine", "kept")])
    recorder.pytest_runtest_logreport(teardown)
    assert teardown.user_properties == [("mine", "kept")]


def test_without_a_section_a_failure_shows_the_last_entries_and_the_trace_file() -> None:
    recorder = RunRecorder(base_seed=0)
    recorder.pytest_runtest_logreport(_report("call", [("psso-sim", _entry(trace_file="/tmp/t.jsonl"))],
                                              outcome="failed"))
    lines = failure_lines(recorder.scenarios["f.py::test_x"])
    assert lines[0] == "psso-sim trace (last 11 entries):"
    assert any("PUT https://enrollment.manage.microsoft.com/mdm/checkin -> 200" in line for line in lines)
    assert lines[-1] == "full trace: /tmp/t.jsonl"
