"""A long unknown step line is answered at once: the "did you mean" matching has a bounded cost.

The speed figure is benchmarks/bench.py's; the bound here only guards against a hang.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from psso_sim.authoring import collect_step_definitions
from psso_sim.authoring.lint import lint_paths
from psso_sim.authoring.matching import MAX_COMPARED, StepMatcher, similarity
from psso_sim.authoring.tags import registered_tags

HANG_GUARD = 5.0  # seconds; the work takes a fraction of one (benchmarks/bench.py)
LONG = 20_000


@pytest.fixture(scope="module")
def matcher() -> StepMatcher:
    return StepMatcher(collect_step_definitions())


@pytest.mark.parametrize("text", [
    "the user selects " + "x" * LONG,  # repeated characters: difflib's worst case
    'the user selects "' + "a" * LONG + '" in the "' + "b" * LONG + '" window x',
    "e" * LONG,
    ("the user selcts Register " * LONG)[:LONG],
])
def test_a_20000_character_line_gets_its_answer_at_once(matcher: StepMatcher, text: str) -> None:
    started = time.perf_counter()
    assert matcher.matches("when", text) == []
    suggestions = matcher.suggestions("when", "When", text)
    assert time.perf_counter() - started < HANG_GUARD
    assert suggestions == []  # a line of 20,000 characters is a typo of no step


def test_a_typo_still_gets_its_suggestion(matcher: StepMatcher) -> None:
    assert matcher.suggestions("when", "When", 'the user selcts "Register"')[0] == 'When the user selects "Register"'
    near_the_cap = 'the user selcts "' + "R" * (MAX_COMPARED - 20) + '"'
    assert matcher.suggestions("when", "When", near_the_cap)[0].startswith('When the user selects "RRR')


def test_similarity_is_difflibs_ratio_above_the_cutoff() -> None:
    assert similarity("the user selects", "the user selcts", 0.6) == pytest.approx(0.967, abs=0.001)
    assert similarity("the user selects", "x" * 100, 0.6) == 0.0  # the length bound: never computed
    assert similarity("", "anything") == 0.0


def test_lint_of_a_file_of_long_lines_finishes(tmp_path: Path) -> None:
    feature = tmp_path / "long.feature"
    feature.write_text(
        "Feature: Long lines\n"
        f"  {'Then the user selects ' * 1000}\n"  # a description line, checked for a misplaced step
        "  Scenario: One\n"
        "    Given a user with Microsoft Authenticator registered for MFA\n"
        f"    When the user selects {'x' * LONG}\n"
        f"    And {'e' * LONG}\n", encoding="utf-8")
    started = time.perf_counter()
    findings = lint_paths([feature], collect_step_definitions(), registered_tags())
    assert time.perf_counter() - started < HANG_GUARD
    assert [(f.line, f.kind) for f in findings if f.severity == "error"] == [(5, "undefined-step"),
                                                                             (6, "undefined-step")]
