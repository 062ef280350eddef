"""``psso-sim run --fault SPEC`` and ``pytest --psso-fault SPEC``: every scenario's World starts with the fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from psso_sim.authoring.runner import pytest_arguments
from psso_sim.cli import main

pytest_plugins = ["pytester"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


LONG_RUNNING = str(PROJECT_ROOT / "features" / "known_issues" / "long_running_operations.feature")
OUTAGE = "enterpriseregistration.windows.net 503 for 10m"


def test_the_run_passes_each_fault_to_pytest() -> None:
    args = pytest_arguments(0, None, None, faults=["apns drop x1", OUTAGE])
    assert args[-4:] == ["--psso-fault", "apns drop x1", "--psso-fault", OUTAGE]


def test_a_fault_makes_a_passing_scenario_take_the_failure_path(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "run", "-k", "takes_a_few_minutes", LONG_RUNNING)
    assert status == 0, out
    status, out, _ = cli(capsys, "run", "--fault", OUTAGE, "-k", "takes_a_few_minutes", LONG_RUNNING)
    assert status == 1 and "scenarios: 0 passed, 1 failed" in out, out


def test_a_bad_fault_is_a_usage_error_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "run", "--fault", "enterpriseregistration.windows.net 503 forr 10m", LONG_RUNNING)
    assert status == 2 and not out
    assert "--fault 'enterpriseregistration.windows.net 503 forr 10m', column 40: 'forr' is not a scope" in err


def test_a_bad_psso_fault_stops_pytest_before_any_scenario(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(world):\n    pass\n")
    result = pytester.runpytest_inprocess("--psso-fault", "apns explode")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--psso-fault 'apns explode', column 6: 'explode' is not an effect" in result.stderr.str()


def test_psso_fault_reaches_the_world(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_faulted(world):\n    assert world.faults.active[0].fault.text == 'apns drop x1'\n")
    result = pytester.runpytest_inprocess("--psso-fault", "apns drop x1")
    result.assert_outcomes(passed=1)
