from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from psso_sim.authoring import LintUsageError, exit_code, format_findings, lint_paths
from psso_sim.authoring.feature_file import read_feature
from psso_sim.errors import SimError

from .support import OVERLAP, TAGS, sample_definitions


@pytest.fixture(scope="module")
def defs():
    return sample_definitions()


def write(tmp_path: Path, text: str, name: str = "x.feature") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def lint(path, defs, **kwargs):
    return lint_paths([path], defs, TAGS, **kwargs)


def kinds(findings):
    return [(f.kind, f.line) for f in findings]


CLEAN = """
    @macos14
    Feature: Register a Mac
      Background:
        Given a Mac with macOS 14

      Scenario: Register from Company Portal
        Given the Mac is enrolled in Intune
        When the user selects "Register"
        And the clock advances by 10 minutes
        Then within 4 hours the device is compliant
        And Company Portal shows "Device registered"
"""


def test_a_clean_feature_has_no_findings(tmp_path, defs):
    findings = lint(write(tmp_path, CLEAN), defs)
    assert findings == []
    assert exit_code(findings) == 0
    assert format_findings(findings) == "lint: no findings\n"


def test_a_typo_is_an_undefined_step_with_the_intended_step_first(tmp_path, defs):
    path = write(tmp_path, CLEAN.replace('the user selects "Register"', 'the user selcts "Register"'))
    [finding] = lint(path, defs)
    assert (finding.path, finding.line, finding.column) == (path, 8, 5)
    assert (finding.kind, finding.severity) == ("undefined-step", "error")
    assert finding.message == 'When the user selcts "Register" matches no When step definition'
    assert finding.suggestions[0] == 'When the user selects "Register"'
    assert len(finding.suggestions) <= 3


def test_suggestions_keep_the_writers_values_and_the_and_keyword(tmp_path, defs):
    text = CLEAN.replace("And the clock advances by 10 minutes", "And the clock advance by 2 hours")
    path = write(tmp_path, text)
    [finding] = lint(path, defs)
    assert finding.suggestions[0] == "And the clock advances by 2 hours"


def test_and_takes_the_type_of_the_step_before(tmp_path, defs):
    # "the Mac is enrolled in Intune" is a Given step; after a When it is undefined
    text = CLEAN.replace("And the clock advances by 10 minutes", "And the Mac is enrolled in Intune")
    path = write(tmp_path, text)
    [finding] = lint(path, defs)
    assert finding.line == 9
    assert finding.message.endswith("it is defined as a Given step (psso_sample_steps.macos:13)")
    assert finding.suggestions[0] == "Given the Mac is enrolled in Intune"


def test_a_step_definition_for_any_type_matches_every_keyword(tmp_path, defs):
    text = CLEAN + "    And the network is offline\n    When the network is offline\n"
    assert lint(write(tmp_path, text), defs) == []


def test_malformed_gherkin_is_a_syntax_finding_for_each_error(tmp_path, defs):
    path = write(tmp_path, """
        Feature: Broken
          Scenario: a
            Given a Mac with macOS 14
            Whn the user selects "Register"
            Then Company Portal shows "x"
              | a | b |
              | c |
    """)
    findings = lint(path, defs)
    assert kinds(findings) == [("syntax", 4), ("syntax", 7)]
    first = findings[0]
    assert first.column == 5
    assert first.message.startswith("expected a step (Given/When/Then/And/But), a table row")
    assert "but got 'Whn the user selects \"Register\"'" in first.message
    assert first.suggestions == ['When the user selects "Register"']
    assert "same" in findings[1].message


@pytest.mark.parametrize(("text", "line", "fragment", "suggestion"), [
    ("Feature: x\n  Scenario: a\n    Given a\n  Scenario b\n", 4, "needs a colon", "Scenario: b"),
    ('Feature: x\n  Scenario: a\n    Given a\n      """\n      text\n', 6, "never closed", None),
    ("Feature: x\n  Scenario: a\n    Given a\nFeature: y\n", 4, "one Feature", None),
    ("Scenario: a\n  Given a\n", 1, "'Feature:'", None),
    ("# language: xx\nFeature: x\n", 1, "language", None),
    ("", 1, "no 'Feature:' line", None),
    ("Feature: x\n  Scenario: a\n    And the network is offline\n", 3, "must start with Given", None),
])
def test_syntax_messages_say_what_is_wrong(tmp_path, defs, text, line, fragment, suggestion):
    path = tmp_path / "x.feature"
    path.write_text(text)
    findings = lint(path, defs)
    assert findings[0].kind == "syntax"
    assert findings[0].line == line
    assert fragment in findings[0].message
    if suggestion:
        assert findings[0].suggestions[0] == suggestion


def test_first_step_and_suggests_the_keywords_that_fit(tmp_path, defs):
    path = write(tmp_path, "Feature: x\n  Scenario: a\n    And the clock advances by 1 day\n")
    [finding] = lint(path, defs)
    assert finding.suggestions == ["When the clock advances by 1 day"]


def test_unreadable_and_non_utf8_files_are_findings_not_exceptions(tmp_path, defs):
    path = tmp_path / "latin1.feature"
    path.write_bytes(b"Feature: x\n  Scenario: caf\xe9\n")
    [finding] = lint(path, defs)
    assert (finding.kind, finding.line, finding.column) == ("syntax", 2, 16)
    assert "not UTF-8" in finding.message
    source, [problem] = read_feature(tmp_path)  # a directory cannot be read as a file
    assert source is None
    assert problem.message.startswith("cannot read the file")


def test_unknown_tags_suggest_the_closest_registered_one(tmp_path, defs):
    text = "@enrolment @needs-network @skip\n" + textwrap.dedent(CLEAN).lstrip("\n").replace(
        "  Scenario:", "  @macos15\n  Scenario:")
    findings = lint(write(tmp_path, text), defs)
    assert [(f.kind, f.line, f.column) for f in findings] == [("unknown-tag", 1, 1), ("unknown-tag", 7, 3)]
    assert findings[0].suggestions[0] == "@enrollment"
    assert "@enrolment is not a registered marker" in findings[0].message
    assert findings[1].suggestions == ["@macos14", "@macos13"]


def test_a_step_matching_two_definitions_is_ambiguous(tmp_path):
    defs = sample_definitions("psso_sample_steps", OVERLAP)
    [finding] = lint(write(tmp_path, CLEAN), defs)
    assert (finding.kind, finding.line) == ("ambiguous-step", 8)
    assert "psso_sample_steps.company_portal:8" in finding.message
    assert f"{OVERLAP}:8" in finding.message


OUTLINE = """
    Feature: Sign in
      Scenario Outline: <who> signs in
        Given a Mac with macOS <version>
        When <who> signs in to Company Portal
        Then Company Portal shows "<message>"

        Examples:
          | who       | version | message |
          | the user  | 14      | Welcome |
          | the admin | 13      | Hello   |
"""


def test_outline_steps_are_matched_once_per_examples_row(tmp_path, defs):
    assert lint(write(tmp_path, OUTLINE), defs) == []
    path = write(tmp_path, OUTLINE + "      | the admins | 12      | Hi      |\n")
    findings = lint(path, defs)
    assert kinds(findings) == [("undefined-step", 3), ("undefined-step", 4)]
    assert findings[0].message == (
        "Given a Mac with macOS 12 (Examples row at line 11) matches no Given step definition")
    assert findings[1].suggestions[0] == "When the user signs in to Company Portal"


def test_outline_placeholders_and_columns_must_agree(tmp_path, defs):
    text = OUTLINE.replace('"<message>"', '"<mesage>"').replace("| message |", "| message | spare |")
    text = text.replace("| Welcome |", "| Welcome | 1 |").replace("| Hello   |", "| Hello   | 2 |")
    findings = lint(write(tmp_path, text), defs)
    assert [(f.kind, f.line) for f in findings] == [
        ("unknown-placeholder", 5), ("unused-example-column", 8), ("unused-example-column", 8)]
    assert findings[0].suggestions == ["<message>"]
    assert "'<mesage>'" in findings[0].message


def test_an_outline_without_rows_is_reported(tmp_path, defs):
    text = OUTLINE.split("      | the user")[0]
    findings = lint(write(tmp_path, text), defs)
    assert ("empty-examples", 7) in kinds(findings)


def test_empty_and_duplicate_scenarios(tmp_path, defs):
    text = CLEAN + "\n  Scenario: Register from Company Portal\n    Given the network is offline\n" \
                   "\n  Scenario: Nothing yet\n"
    findings = lint(write(tmp_path, text), defs)
    assert kinds(findings) == [("duplicate-scenario", 13), ("empty-scenario", 16)]
    assert "line 6" in findings[0].message
    assert findings[1].severity == "warning"


def test_a_mistyped_first_step_swallowed_as_description_is_reported(tmp_path, defs):
    text = CLEAN.replace("Given the Mac is enrolled in Intune", "Gven the Mac is enrolled in Intune")
    [finding] = lint(write(tmp_path, text), defs)
    assert (finding.kind, finding.line, finding.column) == ("suspicious-description", 7, 5)
    assert finding.suggestions == ["Given the Mac is enrolled in Intune"]


def test_a_scenario_without_colon_after_the_feature_line_is_swallowed_and_reported(tmp_path, defs):
    path = write(tmp_path, "Feature: x\n  Scenario a\n    Given a Mac with macOS 14\n")
    findings = lint(path, defs)
    assert kinds(findings) == [
        ("empty-feature", 1), ("suspicious-description", 2), ("suspicious-description", 3)]
    assert findings[1].suggestions == ["Scenario: a"]
    assert "steps belong under a 'Scenario:'" in findings[2].message


def test_a_description_that_is_only_prose_is_fine(tmp_path, defs):
    text = CLEAN.replace("Feature: Register a Mac\n", "Feature: Register a Mac\n  As an admin\n"
                         "  I want Macs registered\n  So that users sign in once\n")
    assert lint(write(tmp_path, text), defs) == []


def test_unused_steps_are_reported_only_on_request(tmp_path, defs):
    path = write(tmp_path, CLEAN)
    assert lint(path, defs) == []
    findings = lint(path, defs, report_unused=True)
    assert {f.kind for f in findings} == {"unused-step"}
    assert {f.severity for f in findings} == {"info"}
    unused = [(f.path.name, f.line, f.message.split("'")[1]) for f in findings]
    assert unused == [
        ("company_portal.py", 17, "When {actor:Actor} signs in to Company Portal"),
        ("macos.py", 18, "Given/When/Then the network is offline"),
        ("macos.py", 23, r"Then the Mac has (?P<count>\d+) certificates?"),
        ("macos.py", 31, 'Then the user sees the "{label:Label}" notification'),
    ]
    assert exit_code(findings) == 0


def test_directories_are_searched_and_missing_paths_are_usage_errors(tmp_path, defs):
    (tmp_path / "sub").mkdir()
    write(tmp_path, CLEAN.replace("selects", "selcts"), "sub/a.feature")
    write(tmp_path, CLEAN.replace("from Company Portal", "from Company Portal again"), "b.feature")  # own name
    findings = lint_paths([tmp_path], defs, TAGS)
    assert [f.path.name for f in findings] == ["a.feature"]
    with pytest.raises(LintUsageError) as info:
        lint_paths([tmp_path / "nope"], defs, TAGS)
    assert isinstance(info.value, SimError)
    assert str(info.value).startswith("SIM/lint: no such file or directory:")


def test_text_and_json_output(tmp_path, defs):
    path = write(tmp_path, CLEAN.replace('selects "Register"', 'selcts "Register"'))
    findings = lint(path, defs)
    text = format_findings(findings, "text")
    assert text.splitlines() == [
        f"{path.as_posix()}:8:5: error: undefined-step: "
        'When the user selcts "Register" matches no When step definition',
        '    did you mean: When the user selects "Register"',
        *[f"                  {s}" for s in findings[0].suggestions[1:]],
        "lint: 1 error",
    ]
    document = json.loads(format_findings(findings, "json"))
    assert document["schema"] == "psso-sim/lint/1"
    assert document["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert document["findings"][0] == {
        "path": path.as_posix(), "line": 8, "column": 5, "kind": "undefined-step", "severity": "error",
        "message": findings[0].message, "suggestions": findings[0].suggestions,
    }
    assert exit_code(findings) == 1
