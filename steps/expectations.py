"""A step that must fail, for a stated reason: the "this must fail" scenario.

``But the step "Then Platform SSO registration is complete" is expected to fail with "not registered"``
runs the quoted step right there, as pytest-bdd would (the same definition, parameters and fixtures), and
passes only if that step fails and its message contains the reason (ignoring case). The scenario then goes
on, so later steps can check what the failure left behind. The scenario fails if the quoted step passes
(pytest's ``xfail(strict=True)``: an unexpected pass is a failure), fails for another reason, or if any other
step fails (that step's own failure, as always).

Why a step and not a tag: pytest's ``xfail`` marks a whole test and takes any failure in it (``raises=``
narrows only the exception type), and behave has no expected failure at all (a tag and an after-scenario
hook, by hand); neither can say *which* step must fail and *why*, so a scenario that broke earlier for
another reason would pass as "expected". Named in the step, the expectation is exact, and runs unchanged
under ``pytest`` and ``psso-sim run``.
"""

from __future__ import annotations

import inspect

import pytest
from pytest_bdd import step
from pytest_bdd.parser import Step
from pytest_bdd.scenario import get_step_function
from pytest_bdd.utils import get_required_args

from psso_sim.steps.parameters import step_parser

__all__ = ["EXPECTED_FAILURE", "StepDidNotFail", "run_expecting_failure"]

_TYPES = {"Given": "given", "When": "when", "Then": "then"}


EXPECTED_FAILURE = pytest.StashKey[str]()
"""The quoted step's failure message, for a report to show under the step that expected it."""


class StepDidNotFail(AssertionError):
    """The step expected to fail passed, or failed for another reason."""


@step(step_parser('the step "{line:Step}" is expected to fail with "{reason:Text}"'))
def step_expected_to_fail(request: pytest.FixtureRequest, line: str, reason: str) -> None:
    """Run the quoted step here: it must fail, with the reason in its message (in any case).

    Write the quoted step with Given, When or Then; the scenario goes on after it.

    Example: Then the step "Then Platform SSO registration is complete" is expected to fail with "not registered"
    Area: Expected failures
    """
    request.node.stash[EXPECTED_FAILURE] = run_expecting_failure(request, line, reason)


def run_expecting_failure(request: pytest.FixtureRequest, line: str, reason: str) -> str:
    """Run ``line`` (``Keyword text``) with the scenario's fixtures; return its failure message when that holds
    ``reason``, else raise :class:`StepDidNotFail` (it passed, or failed otherwise)."""
    keyword, _, text = line.strip().partition(" ")
    step_type = _TYPES.get(keyword)
    if step_type is None or not text.strip():
        pytest.fail(f"'{line}' does not start with Given, When or Then: write the step as a Scenario would, "
                    "with the keyword of its kind (And and But take the kind of the step before, which a quoted "
                    "step does not have)", pytrace=False)
    text = text.strip()
    inner = Step(name=text, type=step_type, indent=0, line_number=0, keyword=f"{keyword} ")
    context = get_step_function(request, inner)
    if context is None:
        pytest.fail(f"'{line}' matches no {step_type.title()} step definition, so it cannot fail as expected: "
                    "run 'psso-sim lint' for suggestions, 'psso-sim steps' for the catalogue", pytrace=False)
    parsed = context.parser.parse_arguments(text) or {}
    arguments = {k: context.converters.get(k, _identity)(v) for k, v in parsed.items()}
    parameters = inspect.signature(context.step_func).parameters
    kwargs = {k: v for k, v in arguments.items() if k in parameters}
    kwargs |= {arg: request.getfixturevalue(arg) for arg in get_required_args(context.step_func) if arg not in kwargs}
    try:
        context.step_func(**kwargs)
    except (Exception, pytest.fail.Exception) as failure:
        message = _message(failure)
        if reason.casefold() in message.casefold():
            return message
        raise StepDidNotFail(f"'{line}' failed, but not with \"{reason}\"; it failed with:\n{message}") from failure
    raise StepDidNotFail(f"'{line}' was expected to fail with \"{reason}\", but it passed")


def _identity(value: object) -> object:
    return value


def _message(failure: BaseException) -> str:
    text = str(failure).strip()
    if isinstance(failure, AssertionError | pytest.fail.Exception) or text.startswith("SIM/"):
        return text  # a check's own message, or the simulation's error (SIM/<subsystem>: ...)
    return f"{type(failure).__name__}: {text}"
