"""Lint, as QA asked (issue 12): prose starting with "them", duplicate names across files, macOS names,
and the step quoted by an expected failure."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from psso_sim.authoring import collect_step_definitions, lint_paths
from psso_sim.authoring.tags import registered_tags
from psso_sim.steps.parameters import PARAMETER_TYPES, MacOSVersionError, macos_build, macos_major


@pytest.fixture(scope="module")
def defs():
    return collect_step_definitions()


def write(tmp_path: Path, text: str, name: str = "x.feature") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def lint(paths, defs):
    return lint_paths(paths, defs, registered_tags())


def test_a_description_line_starting_with_them_is_prose(tmp_path, defs):
    path = write(tmp_path, """
        Feature: Prose
          The admin deploys the settings and the users get them
          them the user selects "Register" in the "Company Portal" window, and they register.
          Thn the user selects "Register"

          Scenario: One
            Given a user with Microsoft Authenticator registered for MFA
        """)
    found = [(f.line, f.kind) for f in lint([path], defs)]
    assert found == [(4, "suspicious-description")]  # the real typo, not the line starting with "them"


def test_duplicate_scenario_names_across_files_name_both_places(tmp_path, defs):
    text = """
        Feature: {name}
          Scenario: Register the Mac
            Given a user with Microsoft Authenticator registered for MFA
        """
    first = write(tmp_path, text.format(name="A"), "a.feature")
    second = write(tmp_path, text.format(name="B"), "b.feature")
    findings = lint([first, second], defs)
    assert [(f.path.name, f.line, f.kind, f.severity) for f in findings] == [
        ("b.feature", 2, "duplicate-scenario-across-files", "warning")]
    message = findings[0].message
    assert f"{first.as_posix()}:2" in message and f"{second.as_posix()}:2" in message
    assert "'Register the Mac'" in message


@pytest.mark.parametrize("written", ["14", "Sonoma", "sonoma", "14 Sonoma", "Sonoma 14", "SONOMA  14"])
def test_a_macos_version_may_be_written_by_name(written):
    assert macos_major(written) == 14


@pytest.mark.parametrize("written", ["Sonoma 13", "12", "Monterey", "Sonoma Sequoia"])
def test_a_macos_version_that_is_not_one_is_refused(written):
    with pytest.raises(ValueError, match="is not a macOS version"):
        macos_major(written)


def test_every_version_step_takes_a_name(tmp_path, defs):
    path = write(tmp_path, """
        Feature: Names
          Scenario: By name
            Given a user with Microsoft Authenticator registered for MFA
            And the user has a Mac with macOS Sonoma
          Scenario: Both
            Given the user has a new Mac with macOS 15 Sequoia that is not assigned to Intune
          Scenario: Outline by name on macOS <version>
            Given the user has a Mac with macOS <version>
            Examples:
              | version  |
              | Ventura  |
              | Sonoma   |
          Scenario: Table
            Given these Macs:
              | macOS   |
              | sequoia |
          Scenario: Disagreeing
            Given the user has a Mac with macOS Sonoma 13
        """)
    assert [(f.line, f.kind) for f in lint([path], defs)] == [(18, "undefined-step")]
    assert "Sonoma" in PARAMETER_TYPES["MacOS"].description


@pytest.mark.parametrize(("written", "build"), [
    ("15.1", "15.1"), ("Sequoia 15.1", "15.1"), ("15.1 Sequoia", "15.1"), ("macOS Sequoia 15.1", "15.1"),
    ("Sequoia", "15.3"), ("sonoma", "14.1.1")])
def test_a_quoted_build_may_carry_its_name(written, build):
    assert macos_build(written) == build


@pytest.mark.parametrize("written", ["Sonoma 15.1", "Monterey", "15.1 15.2", ""])
def test_a_quoted_build_that_disagrees_is_an_error_that_says_so(written):
    with pytest.raises(MacOSVersionError, match="macOS"):
        macos_build(written)


def test_the_step_an_expected_failure_quotes_is_linted(tmp_path, defs):
    path = write(tmp_path, """
        Feature: Expected failures
          Scenario: One
            Given a user with Microsoft Authenticator registered for MFA
            Then the step "Then Platform SSO registration is complete" is expected to fail with "not registered"
            And the step "Then Platform SSO registraton is complete" is expected to fail with "not registered"
            And the step "And Platform SSO registration is complete" is expected to fail with "not registered"
        """)
    findings = lint([path], defs)
    assert [(f.line, f.kind) for f in findings] == [(5, "undefined-step"), (6, "undefined-step")]
    assert findings[0].suggestions[0] == "Then Platform SSO registration is complete"
    assert "must start with Given, When or Then" in findings[1].message


def test_an_examples_row_named_by_macos_name_is_skipped_like_its_number(tmp_path, capsys):
    from psso_sim.cli import main

    path = write(tmp_path, """
        Feature: Names in Examples
          @macos14
          Scenario Outline: A Mac on macOS <version>
            Given a user with Microsoft Authenticator registered for MFA
            And the user has a Mac with macOS <version>
            Examples:
              | version    |
              | Ventura    |
              | Sonoma     |
              | Sonoma 14  |
        """)
    assert main(["run", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("skipped: scenario is for macOS 14 only") == 1, out
    assert "scenarios: 2 passed, 0 failed, 1 skipped" in out, out
