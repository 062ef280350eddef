"""A throwaway pytest project that runs some of our features with one rule taken away.

Used by the tests that prove a scenario turns red when the rule behind it breaks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Break:
    """One rule taken away, and the scenarios that rest on it."""

    feature: str  # under features/
    select: str  # a -k expression: the scenarios that rest on the rule
    failing: int  # how many of them (outline rows included)
    patch: str  # the body of an autouse fixture taking ``monkeypatch``


def make_project(
    pytester: pytest.Pytester, features: Iterable[Path], patch: str = "", module: str = "test_rules"
) -> str:
    """A project binding only ``features``, with our steps and markers from the installed psso-sim
    plugin; ``patch`` runs in an autouse fixture with ``monkeypatch``. Returns the test module's file name."""
    if patch:
        conftest = "import pytest\n\n\n@pytest.fixture(autouse=True)\ndef rule_taken_away(monkeypatch):\n"
        conftest += textwrap.indent(textwrap.dedent(patch).strip(), "    ") + "\n"
        pytester.makeconftest(conftest)
    pytester.makeini("[pytest]\naddopts = --strict-markers\n")
    paths = ", ".join(repr(str(path)) for path in sorted(set(features)))
    pytester.makepyfile(**{module: f"from pytest_bdd import scenarios\n\nscenarios({paths})\n"})
    return f"{module}.py"


# Plain asserts and no unrelated plugins: each subprocess starts in seconds even when no bytecode
# is cached (PYTHONDONTWRITEBYTECODE); the step assertions carry their own messages.
QUIET = ("--assert=plain", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark",
         "-p", "no:randomly", "-p", "no:faker", "-p", "no:xdist", "-p", "no:anyio")


def run_selected(pytester: pytest.Pytester, module: str, select: str = "") -> tuple[dict[str, int], str]:
    """Run the project's ``module`` in a subprocess, the scenarios ``select`` (-k) picks: (outcomes, output)."""
    result = pytester.runpytest_subprocess(*QUIET, "-q", f"{module}.py", *(["-k", select] if select else []))
    return result.parseoutcomes(), result.stdout.str()


def assert_rule_broke(outcomes: dict[str, int], output: str, name: str, failing: int) -> None:
    """With the rule ``name`` taken away, exactly its ``failing`` scenarios fail and nothing else runs."""
    assert outcomes.get("failed") == failing, f"with '{name}':\n{output}"
    assert not outcomes.get("passed"), f"with '{name}', scenarios still pass:\n{output}"
    assert not outcomes.get("errors"), f"with '{name}', the harness errored:\n{output}"
