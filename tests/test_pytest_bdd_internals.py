"""pytest-bdd internals that psso-sim reads, checked by shape, so that an upgrade fails here by name.

The step catalogue, the linter, the run reporter and the World's seed read pytest-bdd's registries and
parsers, which are not its public API. pyproject.toml bounds pytest-bdd to the range tested; when a
release moves one of these, this module says which one and where psso-sim reads it.
"""

from __future__ import annotations

import importlib
from importlib.metadata import version

import pytest

pytest_plugins = ["pytester"]

TESTED = ">=9.0.1,<10 (pyproject.toml)"
INTERNALS = [
    # (module, name, who reads it)
    ("pytest_bdd.steps", "step_function_context_registry", "psso_sim.authoring.catalogue"),
    ("pytest_bdd.steps", "StepFunctionContext", "psso_sim.authoring.catalogue"),
    ("pytest_bdd.scenario", "scenario_wrapper_template_registry", "reporter, steps/fixtures.py (seed)"),
    ("pytest_bdd.gherkin_parser", "GherkinDocument", "psso_sim.authoring.feature_file"),
    ("pytest_bdd.gherkin_parser", "Child", "psso_sim.authoring.lint"),
    ("pytest_bdd.parser", "Feature", "psso_sim.authoring.reporter"),
    ("pytest_bdd.compat", "inject_fixture", "psso_sim.steps.data_tables"),
]


def moved(what: str, reader: str) -> str:
    return (f"pytest-bdd {version('pytest-bdd')} no longer has {what}, which {reader} reads; "
            f"psso-sim is tested with pytest-bdd {TESTED}")


@pytest.mark.parametrize(("module", "name", "reader"), INTERNALS)
def test_the_internal_still_exists(module: str, name: str, reader: str) -> None:
    assert hasattr(importlib.import_module(module), name), moved(f"{module}.{name}", reader)


def test_step_contexts_have_the_fields_the_catalogue_reads() -> None:
    from pytest_bdd.steps import step_function_context_registry

    import psso_sim.steps.setup  # noqa: F401  registers its steps

    contexts = list(step_function_context_registry.values())
    assert contexts, moved("step contexts in step_function_context_registry", "the catalogue")
    for field in ("type", "parser", "step_func"):
        assert all(hasattr(c, field) for c in contexts), moved(f"StepFunctionContext.{field}", "the catalogue")
    assert all(hasattr(c.parser, "name") for c in contexts), moved("StepParser.name", "the catalogue")


def test_outlines_are_bound_and_parametrized_as_the_reporter_reads_them(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", outline="""
        Feature: F
            Scenario Outline: S <n>
                Given a step <n>

                Examples:
                    | n |
                    | 1 |
        """)
    pytester.makepyfile(test_outline="""
        from pytest_bdd import given, parsers, scenarios
        from pytest_bdd.scenario import scenario_wrapper_template_registry

        scenarios("outline.feature")

        @given(parsers.parse("a step {n}"))
        def _(n, request):
            template = scenario_wrapper_template_registry.get(request.node.obj)
            assert template is not None, "scenario_wrapper_template_registry"
            for field in ("feature", "name", "keyword", "render"):
                assert hasattr(template, field), f"ScenarioTemplate.{field}"
            assert template.feature.filename.endswith("outline.feature"), "Feature.filename"
            assert template.render({"n": "1"}).name == "S 1", "ScenarioTemplate.render"
            assert request.node.callspec.params["_pytest_bdd_example"] == {"n": "1"}, "_pytest_bdd_example"
        """)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:randomly")
    assert result.ret == 0, moved("what the reporter reads of a scenario:\n" + result.stdout.str()[-1500:],
                                  "psso_sim.authoring.reporter")
