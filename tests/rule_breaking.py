"""A throwaway pytest project that runs some of our features with one rule taken away.

Used by the tests that prove a scenario turns red when the rule behind it breaks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path

import pytest


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
