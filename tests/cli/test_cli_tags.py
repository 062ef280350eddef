from __future__ import annotations

import pytest

from psso_sim.steps.tags import skip_reason

from .support import cli, write

OUTLINE = """
    Feature: One version only
      @macos14
      Scenario Outline: Enroll on macOS <version>
        Given a user with Microsoft Authenticator registered for MFA
        And the user has a Mac with macOS <version>
        When the user opens the "Company Portal" app
        Then "Sign in" is on screen

        Examples:
          | version |
          | 13      |
          | 14      |

      @macos13
      Scenario: Only on Ventura
        Given a user with Microsoft Authenticator registered for MFA
        And the user has a Mac with macOS 13

      Scenario: On any version
        Given a user with Microsoft Authenticator registered for MFA
"""


@pytest.mark.parametrize(("tagged", "example", "only", "reason"), [
    ([14], 13, None, "scenario is for macOS 14 only"),
    ([14], 14, None, None),
    ([13, 14], 13, None, None),
    ([], 13, None, None),
    ([13], None, 14, "scenario is for macOS 13 only (this run is for macOS 14)"),
    ([], 14, 13, "example is for macOS 14 (this run is for macOS 13)"),
    ([], None, 13, None),
    ([14], 14, 14, None),
])
def test_skip_reasons(tagged, example, only, reason):
    assert skip_reason(tagged, example, only) == reason


def test_an_outline_row_for_the_other_version_is_skipped_with_a_reason(capsys, tmp_path):
    status, out, _ = cli(capsys, "run", str(write(tmp_path, OUTLINE)))
    assert status == 0, out
    assert ("  @macos14\n  Scenario Outline: Enroll on macOS 13  (version=13)  # "
            in out)
    assert "    skipped: scenario is for macOS 14 only\n" in out
    assert "  Scenario Outline: Enroll on macOS 14  (version=14)" in out
    assert out.endswith("scenarios: 3 passed, 0 failed, 1 skipped\n")


def test_macos_option_skips_scenarios_for_the_other_version(capsys, tmp_path):
    status, out, _ = cli(capsys, "run", "--macos", "14", str(write(tmp_path, OUTLINE)))
    assert status == 0, out
    assert "    skipped: scenario is for macOS 13 only (this run is for macOS 14)\n" in out
    assert out.endswith("scenarios: 2 passed, 0 failed, 2 skipped\n")


def test_pytest_itself_knows_the_macos_option(pytestconfig):
    assert pytestconfig.getoption("--psso-macos") is None
