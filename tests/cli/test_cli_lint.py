from __future__ import annotations

import json

from psso_sim.authoring.project import FEATURES_DIR

from .support import EXAMPLE, cli, write

TYPO = """
    Feature: Sign in to Company Portal
      Scenario: The user signs in
        Given a user with Microsoft Authenticator registered for MFA
        And the user has a Mac with macOS 14
        When the user opens the "Company Portal" app
        And the user selcts "Sign in"
        Then "Next" is on screen
"""


def test_the_bundled_features_lint_clean(capsys):
    status, out, _ = cli(capsys, "lint")
    assert status == 0, out
    assert "error:" not in out and "warning:" not in out


def test_unused_steps_are_reported_only_for_the_whole_features_directory(capsys):
    _, whole, _ = cli(capsys, "lint", "--format", "json", str(FEATURES_DIR))
    _, part, _ = cli(capsys, "lint", "--format", "json", str(EXAMPLE))
    kinds = {f["kind"] for f in json.loads(part)["findings"]}
    assert "unused-step" not in kinds
    whole_kinds = {f["kind"] for f in json.loads(whole)["findings"]}
    assert whole_kinds <= {"unused-step"}


def test_a_typo_in_a_step_is_found_at_its_line_with_the_intended_step_suggested(capsys, tmp_path):
    path = write(tmp_path, TYPO)
    status, out, _ = cli(capsys, "lint", str(path))
    assert status == 1
    first, suggestion, *_ = out.splitlines()
    assert first == (f'{path.as_posix()}:6:5: error: undefined-step: And the user selcts "Sign in" '
                     "matches no When step definition")
    assert suggestion == '    did you mean: And the user selects "Sign in"'
    assert out.endswith("lint: 1 error\n")


def test_json_findings_name_file_line_and_suggestions(capsys, tmp_path):
    path = write(tmp_path, TYPO)
    status, out, _ = cli(capsys, "lint", "--format", "json", str(path))
    assert status == 1
    [finding] = json.loads(out)["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == (path.as_posix(), 6, 5)
    assert finding["suggestions"][0] == 'And the user selects "Sign in"'


def test_a_malformed_feature_is_a_syntax_finding_with_its_line(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Broken
          Scenario: Missing keyword
            Given a user with Microsoft Authenticator registered for MFA
            Whn the user waits 5 minutes
    """)
    status, out, err = cli(capsys, "lint", str(path))
    assert (status, err) == (1, "")
    assert out.startswith(f"{path.as_posix()}:4:5: error: syntax: expected a step")
    assert "'Whn' is not a Gherkin keyword" in out
    assert "did you mean: When the user waits 5 minutes" in out


def test_a_bad_data_table_is_found_at_its_row(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Tables
          Scenario: Users
            Given these users:
              | name        | pasword  | mfa           |
              | Adele Vance | Secret-1 | Authenticator |
    """)
    status, out, _ = cli(capsys, "lint", str(path))
    assert status == 1
    assert out.startswith(f"{path.as_posix()}:4:7: error: bad-table: the \"these users\" table has no column "
                          "'pasword'; its columns are: name, upn, password,")
    assert "did you mean 'password'?" in out
    path.write_text(path.read_text().replace("pasword", "password"))
    _, out, _ = cli(capsys, "lint", str(path))
    assert out.startswith(f"{path.as_posix()}:5:7: error: bad-table: the \"these users\" table, row 1 "
                          "(Adele Vance), column 'mfa': 'Authenticator' is not allowed; allowed: "
                          "Microsoft Authenticator, none")


def test_a_table_step_without_its_table_is_found(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Tables
          Scenario: No table
            Given these Macs:
    """)
    _, out, _ = cli(capsys, "lint", str(path))
    assert out.startswith(
        f'{path.as_posix()}:3:5: error: bad-table: the step "these Macs:" needs a data table')


def test_outline_placeholders_in_tables_are_checked_at_run_time(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Tables
          Scenario Outline: Macs on <version>
            Given these Macs:
              | macOS     |
              | <version> |

            Examples:
              | version |
              | 13      |
    """)
    assert cli(capsys, "lint", str(path))[:2] == (0, "lint: no findings\n")


def test_a_missing_path_is_bad_usage(capsys, tmp_path):
    status, out, err = cli(capsys, "lint", str(tmp_path / "nowhere.feature"))
    assert (status, out) == (2, "")
    assert err.startswith(f"SIM/lint: no such file or directory: '{tmp_path / 'nowhere.feature'}'")


def test_prose_that_starts_with_a_step_keyword_is_fine(capsys, tmp_path):
    path = write(tmp_path, """
        Feature: Prose
          When the MDM configuration sets a password policy more complex than the account's password,
          password synchronization fails.

          Scenario: A step
            Given a user with Microsoft Authenticator registered for MFA
    """)
    assert cli(capsys, "lint", str(path))[:2] == (0, "lint: no findings\n")
