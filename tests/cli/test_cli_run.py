from __future__ import annotations

import os
import re
from pathlib import Path

from psso_sim.authoring.findings import display_path
from psso_sim.authoring.project import FEATURES_DIR, FEATURES_ENV

from .support import ENROLLMENT, EXAMPLE, cli, process, write

FAILING = """
    Feature: A failing feature
      Scenario: The Mac is compliant without enrolling
        Given these users:
          | name        |
          | Adele Vance |
        And these Macs:
          | macOS |
          | 14    |
        When the user waits 2 hours
        Then the Mac is "compliant" in Intune
        And Platform SSO registration is complete

      Scenario: Selecting what is not on screen
        Given a user with Microsoft Authenticator registered for MFA
        And the user has a Mac with macOS 14
        When the user opens the "Company Portal" app
        And the user selects "Register"
        Then "Done" is on screen

      Scenario: A step that does not exist
        Given a user with Microsoft Authenticator registered for MFA
        When the user dances
"""


def shown(path: Path) -> str:
    """A path as the run prints it: relative to the working directory when below it."""
    return display_path(path).as_posix()


def test_no_arguments_runs_every_bundled_feature_on_the_default_tenant():
    result = process("run")
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(list(FEATURES_DIR.rglob("*.feature")))
    assert result.stdout.startswith(f"psso-sim run: features ({count} feature files), "
                                    "tenant Contoso Labs, seed 0\n")
    assert "Feature: Intune MDM enrollment with Microsoft Entra join using Company Portal" in result.stdout
    assert re.search(r"\nscenarios: \d+ passed, 0 failed(, \d+ skipped)?\n$", result.stdout)


def test_a_feature_runs_step_by_step_at_simulated_times(capsys):
    status, out, err = cli(capsys, "run", str(ENROLLMENT))
    assert (status, err) == (0, "")
    assert "\n@enrollment @product-2023-11\nFeature: Intune MDM enrollment with Microsoft Entra join using" in out
    assert "  Scenario Outline: Enroll and register a Mac on macOS 13  (version=13)  # " in out
    assert "    simulated start 2023-11-06 09:00:00 UTC\n" in out
    assert ('    ✓ [+00:00:00] And the user waits up to 5 minutes to be prompted to select "Register"  '
            "→ +00:00:30\n") in out
    assert '    ✓ [+00:00:30] And the user selects "Register" in the "Company Portal" window\n' in out
    assert out.endswith("scenarios: 5 passed, 0 failed\n")


def test_the_same_seed_gives_the_same_run_and_the_seed_is_shown(capsys):
    first = cli(capsys, "run", "--seed", "7", str(EXAMPLE))
    again = cli(capsys, "run", "--seed", "7", str(EXAMPLE))
    assert first == again
    assert first[1].startswith(
        f"psso-sim run: {shown(EXAMPLE)} (1 feature file), tenant Contoso Labs, seed 7")


def test_failures_name_the_step_what_was_expected_and_what_the_model_held(capsys, tmp_path):
    path = write(tmp_path, FAILING)
    status, out, _ = cli(capsys, "run", str(path))
    assert status == 1
    where = shown(path)
    assert ("    ✓ [+00:00:00] When the user waits 2 hours  → +02:00:00\n"
            '    ✗ [+02:00:00] Then the Mac is "compliant" in Intune\n'
            f"        at {where}:10\n"
            '        expected: the Mac is "compliant" in Intune\n'
            "        instead:  Adele's MacBook Pro is not a managed device\n") in out
    assert "    - [ skipped ] And Platform SSO registration is complete\n" in out
    assert (f"        at {where}:17\n"
            '        could not: the user selects "Register"\n'
            "        because:  SIM/ui: no control 'Register' on screen; on screen:\n"
            "                  Company Portal: Welcome to Company Portal\n") in out
    assert "    ? [+00:00:00] When the user dances\n" in out
    assert f"{where}:22:5: error: undefined-step: When the user dances" in out  # lint's word first
    assert (f"Failed scenarios:\n  {where}:2  Scenario: The Mac is compliant without enrolling\n"
            f"  {where}:13  Scenario: Selecting what is not on screen\n"
            f"  {where}:20  Scenario: A step that does not exist\n") in out
    assert out.endswith("steps: 7 passed, 2 failed, 1 undefined, 2 skipped\nscenarios: 0 passed, 3 failed\n")


def test_a_step_that_needs_the_user_before_any_step_made_one(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Order
          Scenario: A Mac before its user
            Given the user has a Mac with macOS 14
    """)
    status, out, _ = cli(capsys, "run", str(path))
    assert status == 1
    assert "because:  this step needs the user, and no earlier step of the scenario created it" in out


def test_tags_select_scenarios(capsys):
    status, out, _ = cli(capsys, "run", "--tags", "@negative", str(ENROLLMENT))
    assert status == 0
    assert ", tags negative\n" in out.splitlines()[0] + "\n"
    assert "Scenario Outline" not in out
    assert out.endswith("scenarios: 3 passed, 0 failed\n")
    status, out, _ = cli(capsys, "run", "--tags", "enrollment and not negative", str(ENROLLMENT))
    assert status == 0 and out.endswith("scenarios: 2 passed, 0 failed\n")


def test_tags_that_select_nothing(capsys):
    status, out, _ = cli(capsys, "run", "--tags", "@known-issue", str(ENROLLMENT))
    assert status == 1
    assert out.endswith("no scenario matches --tags '@known-issue'\n")


def test_macos_runs_one_version(capsys):
    status, out, _ = cli(capsys, "run", "--macos", "13", str(ENROLLMENT))
    assert status == 0
    assert ("  Scenario Outline: Enroll and register a Mac on macOS 14  (version=14)  # "
            f"{shown(ENROLLMENT)}:13\n"
            "    skipped: example is for macOS 14 (this run is for macOS 13)\n") in out
    assert out.endswith("scenarios: 4 passed, 0 failed, 1 skipped\n")


def test_a_malformed_feature_is_not_run(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Broken
          Scenario: Missing keyword
            Given a user with Microsoft Authenticator registered for MFA
            Whn the user waits 5 minutes
    """)
    status, out, err = cli(capsys, "run", str(path))
    assert (status, out) == (1, "")
    assert err.startswith("SIM/run: not running: pytest would reject these feature files, so no scenario "
                          f"would run:\n{shown(path)}:4:5: error: syntax: ")
    assert "did you mean: When the user waits 5 minutes" in err


def test_an_unregistered_tag_is_not_run(capsys, tmp_path):
    path = write(tmp_path, """
        @macos12
        Feature: Tagged
          Scenario: A
            Given a user with Microsoft Authenticator registered for MFA
    """)
    status, _, err = cli(capsys, "run", str(path))
    assert status == 1
    assert f"{shown(path)}:1:1: error: unknown-tag: tag @macos12 is not a registered marker" in err


def test_bad_usage_exits_2(capsys, tmp_path):
    status, out, err = cli(capsys, "run", str(tmp_path / "missing.feature"))
    assert (status, out) == (2, "")
    assert err.startswith("SIM/lint: no such file or directory")
    status, _, err = cli(capsys, "run", str(tmp_path))
    assert status == 2 and err.startswith("SIM/run: no .feature files in ")
    status, _, err = cli(capsys, "run", "--tags", "@macos12", str(ENROLLMENT))
    assert status == 2
    assert err.startswith("SIM/run: --tags '@macos12': @macos12 is not a registered tag; registered: @")
    assert "@macos13, " in err and "\n  hint: did you mean @macos1" in err
    status, _, err = cli(capsys, "run", "--tags", "macos14 and", str(ENROLLMENT))
    assert status == 2 and err.startswith("SIM/run: --tags 'macos14 and' is not a valid tag expression")


def test_the_run_leaves_the_environment_as_it_was(capsys, monkeypatch):
    monkeypatch.delenv(FEATURES_ENV, raising=False)
    cli(capsys, "run", str(EXAMPLE))
    assert FEATURES_ENV not in os.environ
    assert "PYTEST_DISABLE_PLUGIN_AUTOLOAD" not in os.environ
