"""A pytest plugin with one no-op step definition for every step of the catalogue (for benchmarks/speed.py).

Loaded instead of the psso-sim plugin (``-p no:psso-sim -p noop_steps``): the same parsers (so matching and
argument parsing cost the same), the same keywords and the same parameters (parsed arguments, ``datatable``
and ``docstring``), but empty bodies and no fixtures, so the run measures pytest-bdd on its own.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from psso_sim.authoring import collect_step_definitions
from psso_sim.authoring.tags import TAGS

__all__ = ["NOOP_STEP_COUNT", "pytest_configure"]

_STEP_ARGUMENTS = {"datatable", "docstring"}


def _noop_signature(context: StepFunctionContext) -> inspect.Signature:
    """The real step's signature without its fixtures: what the step text and table feed it."""
    parser: Any = context.parser
    named = getattr(getattr(parser, "parser", None), "named_fields", None)  # parse / cfparse parsers
    if named is None:
        named = getattr(getattr(parser, "regex", None), "groupindex", {})  # re parsers; string: none
    wanted = set(named) | _STEP_ARGUMENTS
    real = inspect.signature(context.step_func)
    return real.replace(parameters=[p for p in real.parameters.values() if p.name in wanted],
                        return_annotation=None)


def _register() -> int:
    definitions = collect_step_definitions()  # imports the step modules, which registers their contexts
    real_contexts = {id(ctx.parser): ctx for ctx in list(step_function_context_registry.values())}
    module_globals = globals()
    for index, defn in enumerate(definitions):
        real = real_contexts[id(defn.parser)]

        def noop(**_kwargs: Any) -> None:
            return None

        noop.__signature__ = _noop_signature(real)  # type: ignore[attr-defined]
        context = StepFunctionContext(type=None if defn.keyword == "step" else defn.keyword, step_func=noop,
                                      parser=defn.parser, converters=dict(real.converters))

        def marker(context: StepFunctionContext = context) -> StepFunctionContext:
            return context

        marker.__signature__ = inspect.Signature()  # type: ignore[attr-defined]
        step_function_context_registry[marker] = context
        # pytest-bdd finds a step by a fixture named after its keyword and parser, defined in a plugin module.
        name = f"pytestbdd_stepdef_{defn.keyword if defn.keyword != 'step' else '*'}_{defn.parser.name}_noop{index}"
        module_globals[name] = pytest.fixture(name=name)(marker)
    return len(definitions)


NOOP_STEP_COUNT = _register()


def pytest_configure(config: pytest.Config) -> None:
    """The feature files' tags as markers, as the psso-sim plugin registers them (``--strict-markers``)."""
    for name, description in TAGS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
