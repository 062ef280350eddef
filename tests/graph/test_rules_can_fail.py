"""Each Graph rule's tests fail when the rule is taken away: they are tests that can fail.

The Graph tests run in a fresh pytest project (``pytester``) whose conftest monkeypatches one rule out
of psso_sim.graph; the tests resting on it must fail, exactly that many, and none may error.
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.rule_breaking import QUIET

pytest_plugins = ["pytester"]

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Break:
    patch: str  # the body of an autouse fixture taking ``monkeypatch``
    select: str  # a -k expression: the tests resting on the rule
    failing: int


BREAKS = {
    "Graph answers without a valid bearer token": Break(
        """
        from psso_sim.graph import api, authz
        real = authz.authenticate
        def lenient(request, tokens, directory):
            try:
                return real(request, tokens, directory)
            except authz.InvalidAuthenticationToken:
                from psso_sim.entra.models import User
                user = next(iter(directory.users.values()), User("x", "x@example.com", "X", "x"))
                return authz.Caller(user, None, authz.MEMBER_PERMISSIONS)
        monkeypatch.setattr(api, "authenticate", lenient)
        """,
        "401 or never_signs_in",
        failing=23,
    ),
    "any signed-in user may do anything": Break(
        """
        from psso_sim.graph.authz import Caller
        monkeypatch.setattr(Caller, "require", lambda self, permission, code="": None)
        """,
        "403 or role or refused or not_anothers",
        failing=21,
    ),
    "$filter is ignored": Break(
        """
        from psso_sim.graph import odata
        monkeypatch.setattr(odata, "_conditions", lambda text, entity_set: ())
        """,
        "filter or eq_startswith or dialect",
        failing=10,
    ),
    "$select is ignored": Break(
        """
        from psso_sim.graph import odata
        monkeypatch.setattr(odata, "_project", lambda item, select: dict(item))
        """,
        "select",
        failing=1,
    ),
    "every page holds everything": Break(
        """
        from dataclasses import replace
        from psso_sim.graph import odata
        real = odata.parse_query
        monkeypatch.setattr(odata, "parse_query", lambda request, entity_set: replace(real(request, entity_set),
                                                                                      top=None))
        """,
        "next_links",
        failing=1,
    ),
    "an unknown id is not 404": Break(
        """
        from psso_sim.graph.api import GraphApi
        from psso_sim.graph.errors import GraphBadRequest
        monkeypatch.setattr(GraphApi, "not_found", lambda self, what: GraphBadRequest(f"no {what}"))
        from psso_sim.intune.errors import UnknownConfigurationPolicy
        monkeypatch.setattr(UnknownConfigurationPolicy, "status", 400)
        """,
        "404",
        failing=6,
    ),
}


def _project(pytester: pytest.Pytester, patch: str) -> None:
    package = pytester.path / "graphtests"
    package.mkdir()
    for module in HERE.glob("*.py"):
        if module.name != Path(__file__).name:
            shutil.copy(module, package / module.name)
    conftest = "import pytest\n\n\n@pytest.fixture(autouse=True)\ndef rule_taken_away(monkeypatch):\n"
    (package / "conftest.py").write_text(conftest + textwrap.indent(textwrap.dedent(patch).strip(), "    ") + "\n")
    pytester.makeini("[pytest]\naddopts = --strict-markers\n")


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_graph_tests_fail_without_the_rule(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    _project(pytester, rule.patch)
    result = pytester.runpytest_subprocess(*QUIET, "-q", "graphtests", "-k", rule.select)
    outcomes, output = result.parseoutcomes(), result.stdout.str()
    assert outcomes.get("failed") == rule.failing, f"with '{name}':\n{output}"
    assert not outcomes.get("errors"), f"with '{name}', the harness errored:\n{output}"


def test_with_nothing_taken_away_every_selected_test_passes(pytester: pytest.Pytester) -> None:
    _project(pytester, "pass")
    select = " or ".join(f"({rule.select})" for rule in BREAKS.values())
    outcomes = pytester.runpytest_subprocess(*QUIET, "-q", "graphtests", "-k", select).parseoutcomes()
    assert outcomes.get("passed") and not outcomes.get("failed") and not outcomes.get("errors"), outcomes
