"""``psso-sim run``: progress on a terminal only; a failed scenario shows the trace that led to it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from psso_sim.cli import main
from tests.cli.support import cli
from tests.reports.support import EXAMPLE, failing_feature


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_how_many_scenarios_are_done_and_to_go(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["run", str(EXAMPLE)]) == 0
    out = terminal.getvalue()
    assert "0/2 scenarios done, 2 to go" in out and "1/2 scenarios done, 1 to go" in out
    assert "\r\x1b[K" in out  # each status line is erased before the next output
    last = out.rindex("1/2 scenarios done, 1 to go")
    assert out[last:].startswith("1/2 scenarios done, 1 to go\r\x1b[K")  # and gone before the summary
    assert "scenarios done" not in out[last + 30:]


def test_a_run_stopped_at_the_first_failure_leaves_no_progress_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["run", "-x", str(failing_feature(tmp_path))]) == 1
    out = terminal.getvalue()
    assert "0/2 scenarios done, 2 to go" in out
    assert "scenarios done" not in out[out.rindex("\r\x1b[K"):]  # erased at the end, not written again
    assert "1 not run" in out


def test_piped_output_has_no_progress(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "run", str(EXAMPLE))
    assert status == 0
    assert "scenarios done" not in out and "\r" not in out


def test_a_failed_scenario_shows_its_last_trace_entries_and_the_full_trace_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    status, out, _ = cli(capsys, "run", str(failing_feature(tmp_path)))
    assert status == 1
    first = out[out.index("✗ [+00:00:00] Then the Mac is"):out.index("Scenario: A user who may not")]
    assert "psso-sim trace (last " in first
    assert "PUT https://enrollment.manage.microsoft.com/mdm/checkin -> 200" in first  # what the Mac asked
    assert '== Then the Mac is "compliant" in Intune ==' in first  # the step that failed, in order
    trace_file = next(word for word in first.split() if word.endswith(".trace.jsonl"))
    assert Path(trace_file.rstrip(")")).is_file()
    assert first.index("seed ") < first.index("psso-sim trace (last ")


def test_a_passing_scenario_shows_no_trace(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "run", str(EXAMPLE))
    assert status == 0
    assert "psso-sim trace" not in out and out.count("(replay: psso-sim run --replay ") == 2
