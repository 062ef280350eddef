"""A "this must fail" scenario passes only if the named step fails, for the reason given.

``the step "..." is expected to fail with "..."`` runs the quoted step; the scenario must fail when that
step passes, fails for another reason, or any other step fails. Checked under pytest (a subprocess of its
own, as a project uses the plugin) and under ``psso-sim run``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psso_sim.cli import main

pytest_plugins = ["pytester"]

FEATURE = '''\
Feature: Expected failures
  Background:
    Given a user with Microsoft Authenticator registered for MFA
    And the user has a Mac with macOS Sonoma

  Scenario: Fails as expected and goes on
    When the user waits 1 minute
    But the step "Then Platform SSO registration is complete" is expected to fail with "NOT REGISTERED"
    Then Platform SSO registration is not complete

  Scenario: Quotes inside the quoted step
    Then the step "Then the Mac is "compliant" in Intune" is expected to fail with "is not a managed device"

  Scenario: Passes unexpectedly
    Then the step "Then Platform SSO registration is not complete" is expected to fail with "registered"

  Scenario: Fails for another reason
    Then the step "Then Platform SSO registration is complete" is expected to fail with "no device ID"

  Scenario: Fails elsewhere
    Then the step "Then Platform SSO registration is complete" is expected to fail with "not registered"
    And Platform SSO registration is complete

  Scenario: A quoted step without its kind
    Then the step "And Platform SSO registration is complete" is expected to fail with "not registered"

  Scenario: A quoted step that does not exist
    Then the step "Then the moon is blue" is expected to fail with "blue"
'''

PASSING = {"Fails as expected and goes on", "Quotes inside the quoted step"}
FAILING = {
    "Passes unexpectedly": "was expected to fail with \"registered\", but it passed",
    "Fails for another reason": "failed, but not with \"no device ID\"; it failed with:",
    "Fails elsewhere": "not registered",
    "A quoted step without its kind": "does not start with Given, When or Then",
    "A quoted step that does not exist": "matches no Then step definition, so it cannot fail as expected",
}


def _test_name(scenario: str) -> str:
    return "test_" + re.sub(r"\W+", "_", scenario.lower()).strip("_")


def test_under_pytest_only_the_named_failure_passes(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", expected=FEATURE)
    pytester.makepyfile(test_expected="from pytest_bdd import scenarios\n\nscenarios('expected.feature')\n")
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:xdist", "-p", "no:cacheprovider",
                                           "-rf", "-v")
    out = result.stdout.str()
    assert result.parseoutcomes() == {"passed": len(PASSING), "failed": len(FAILING)}, out
    for scenario in PASSING:
        assert f"{_test_name(scenario)} PASSED" in out, out
    for scenario, message in FAILING.items():
        assert f"{_test_name(scenario)} FAILED" in out, out
        assert message in out, out


def test_under_psso_sim_run_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feature = tmp_path / "expected.feature"
    feature.write_text(FEATURE, encoding="utf-8")
    status = main(["run", str(feature)])
    out = capsys.readouterr().out
    assert status == 1, out
    assert f"scenarios: {len(PASSING)} passed, {len(FAILING)} failed" in out, out
    failed = out[out.index("Failed scenarios:"):]
    assert all(name not in failed for name in PASSING), failed
    assert all(name in failed for name in FAILING), failed
    # the step that expected the failure says how the quoted step failed, on one line (no object addresses)
    shown = [line.strip() for line in out.splitlines() if line.strip().startswith("failed as expected:")]
    assert shown, out
    assert all(" at 0x" not in line and ("not registered" in line or "managed device" in line) for line in shown), shown
