"""Under pytest, the trace names each step, rides in the reports, and a failure shows it and writes it."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from psso_sim.trace import read_trace

pytest_plugins = ["pytester"]

FEATURE = """
    Feature: Trace demo
      Background:
        Given a user with Microsoft Authenticator registered for MFA

      Scenario: Sign in, then a button that is not there
        Given the user has a Mac with macOS 14
        When the user opens the "Company Portal" app
        And the user selects "Sign in"
        And the user enters their Microsoft Entra ID credentials and selects "Next"
        And the user selects "Dance"

      Scenario: Open Company Portal
        Given the user has a Mac with macOS 14
        When the user opens the "Company Portal" app
"""
SIGN_IN = 'And the user enters their Microsoft Entra ID credentials and selects "Next"'

# Each report's psso-sim property, as the reports helper reads it, written where the test can look.
CONFTEST = """
import json

def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "psso-sim":
            with open("properties.jsonl", "a", encoding="utf-8") as stream:
                stream.write(json.dumps({"nodeid": report.nodeid, "when": report.when, **value}) + "\\n")
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".feature", demo=textwrap.dedent(FEATURE).lstrip())
    pytester.makepyfile(test_demo='from pytest_bdd import scenarios\n\nscenarios("demo.feature")\n')
    pytester.makeconftest(CONFTEST)
    return pytester


def _run(project: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, str]:
    result = project.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider", *args)
    return result, result.stdout.str()


def _properties(project: pytest.Pytester) -> dict[str, dict[str, Any]]:
    lines = (project.path / "properties.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert {r["when"] for r in records} == {"call"}  # the call report only
    return {r["nodeid"].rsplit("::", 1)[-1]: r for r in records}


def _trace_file(output: str) -> Path:
    found = re.search(r"the full trace: (\S+)\)", output)
    assert found, output
    return Path(found.group(1))


def test_a_failed_scenario_shows_its_last_entries_and_writes_the_whole_trace(project: pytest.Pytester) -> None:
    result, out = _run(project, "-k", "button")
    result.assert_outcomes(failed=1)
    assert "- psso-sim trace (last 20 entries) -" in out
    section = out[out.index("psso-sim trace (last 20 entries)"):]
    assert f"== {SIGN_IN} ==" in section and "[network] Entra ID: POST https://login.microsoftonline.com/" in section
    assert "password=<redacted sha256:" in section and '"access_token": "<redacted sha256:' in section
    assert '== And the user selects "Dance" ==' in section and "[step] failed" in section
    path = _trace_file(section)
    assert f"render it with: psso-sim trace {path}" in section
    assert path.is_file() and path.is_relative_to(project.path.parent)  # under pytest's basetemp
    header, entries = read_trace(path.read_text(encoding="utf-8"))
    assert header["identity"] == "demo.feature::Sign in, then a button that is not there"
    assert header["product"] == "current" and isinstance(header["seed"], int)
    # Each entry names the step that caused it; the World's making belongs to the first step.
    steps = [e["message"] for e in entries if e["kind"] == "step" and e["detail"]["phase"] == "start"]
    assert steps[0] == "Given a user with Microsoft Authenticator registered for MFA" and steps[-1].endswith('"Dance"')
    assert entries[0]["kind"] == "step" and all(e["step"] for e in entries)
    token = next(e for e in entries if e["kind"] == "http" and "/token" in e["message"])
    assert token["step"] == SIGN_IN and token["detail"]["service"] == "Entra ID"
    assert {e["kind"] for e in entries} >= {"http", "screen", "step", "log"}
    # The report carries the whole trace, and the file's path.
    props = _properties(project)["test_sign_in_then_a_button_that_is_not_there"]
    assert props["trace"] == entries and props["trace_file"] == str(path)
    assert props["seed"] == header["seed"] and props["simulated_start"] == "2023-11-06T09:00:00+00:00"


def test_a_passed_scenario_carries_its_trace_but_writes_no_file(project: pytest.Pytester) -> None:
    result, out = _run(project, "-k", "open")
    result.assert_outcomes(passed=1)
    assert "psso-sim trace" not in out and "psso-sim-traces" not in out
    props = _properties(project)["test_open_company_portal"]
    assert props["trace_file"] is None and props["identity"] == "demo.feature::Open Company Portal"
    assert [e["message"] for e in props["trace"] if e["kind"] == "screen"] == [
        "shown: Company Portal: Welcome to Company Portal"]


def test_the_tail_and_the_folder_are_options(project: pytest.Pytester, tmp_path: Path) -> None:
    folder = tmp_path / "traces"
    result, out = _run(project, "--psso-trace-tail", "3", "--psso-trace-dir", str(folder))
    result.assert_outcomes(failed=1, passed=1)
    section = out[out.index("psso-sim trace (last 3 entries)"):]
    assert re.search(r"\(3 of \d+ trace entries; the full trace: ", section)
    written = [p.name for p in folder.iterdir()]
    assert written == ["test_demo.py_test_sign_in_then_a_button_that_is_not_there.trace.jsonl"]


def test_every_trace_is_written_with_trace_all(project: pytest.Pytester, tmp_path: Path) -> None:
    result, _ = _run(project, "--psso-trace-dir", str(tmp_path), "--psso-trace-all")
    result.assert_outcomes(failed=1, passed=1)
    assert len(list(tmp_path.glob("*.trace.jsonl"))) == 2
    props = _properties(project)["test_open_company_portal"]
    assert props["trace_file"] and Path(props["trace_file"]).parent == tmp_path


def test_the_trace_is_the_same_in_every_run(project: pytest.Pytester) -> None:
    _run(project, "-k", "open")
    _run(project, "-k", "open")
    first, second = (json.loads(line) for line in (project.path / "properties.jsonl").read_text().splitlines())
    assert first["trace"] == second["trace"] and first["trace"]


def test_a_plain_test_using_the_world_gets_the_trace_too(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_plain="""
        def test_fails(world):
            world.add_user()
            assert False, "on purpose"
    """)
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "psso-sim trace (last 20 entries)" in out and "[entra] " in out
    assert read_trace(_trace_file(out).read_text(encoding="utf-8"))[1][0]["step"] is None


def test_a_failure_at_teardown_shows_the_trace_too(pytester: pytest.Pytester) -> None:
    """The world fixture fails a test whose device asked a host nothing simulates, even if swallowed."""
    pytester.makepyfile(test_swallowed="""
        def test_swallowed(world):
            client = world.network.client("probe")
            try:
                client.get("https://evil.example.com/x")
            except Exception:
                pass
    """)
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    out = result.stdout.str()
    assert "psso-sim trace (last 20 entries)" in out and "[network] UNEXPECTED no simulated service" in out
    assert _trace_file(out).is_file()
