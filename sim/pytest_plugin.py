"""The pytest plugin of psso-sim, registered by the ``pytest11`` entry point ``psso-sim``.

Installing psso-sim is enough: pytest loads this module, which loads the step library (each step
module is a plugin, so its steps and fixtures are everyone's), registers every tag of
:data:`psso_sim.authoring.tags.TAGS` as a marker (``--strict-markers`` passes), and adds the
``--psso-seed`` and ``--psso-macos`` options. A project's own ``.feature`` files then run with
``scenarios("features")`` in a test module and no ``conftest.py``; its own step definitions add to
ours (pytest-bdd looks a step up in the test module, its conftests, then the plugins).

Fixtures: ``world`` (a seeded World per scenario), ``user``, ``mac`` and ``person`` (set by the
Given steps), ``users`` and ``macs`` (everyone and every Mac of the scenario), ``world_trace``.

The trace (:mod:`psso_sim.steps.trace_hooks`): each entry names the step that caused it; a failed test's
report shows the last ``--psso-trace-tail N`` entries and the path of the full trace, written under
pytest's temporary directory or ``--psso-trace-dir DIR`` (``--psso-trace-all``: every test's).
"""

from __future__ import annotations

import pytest

from psso_sim.authoring.tags import TAGS

__all__ = ["STEP_MODULES", "pytest_configure"]

STEP_MODULES = [
    "psso_sim.steps.tags",  # before fixtures, which imports it: pytest rewrites a plugin's asserts on import
    "psso_sim.steps.fixtures",
    "psso_sim.steps.setup",
    "psso_sim.steps.desktop",
    "psso_sim.steps.outcomes",
    "psso_sim.steps.everywhere",
    "psso_sim.steps.replay",
    "psso_sim.steps.data_tables",
    "psso_sim.steps.known_issues",
    "psso_sim.steps.faults",
    "psso_sim.steps.daily_use",
    "psso_sim.steps.fleet",
    "psso_sim.steps.admin",
    "psso_sim.steps.settings_catalog",
    "psso_sim.steps.terminal",
    "psso_sim.steps.diagnostics",
    "psso_sim.steps.screen",
    "psso_sim.steps.company_portal",
    "psso_sim.steps.registration",
    "psso_sim.steps.access",
    "psso_sim.steps.password_change",
    "psso_sim.steps.system_updates",
    "psso_sim.steps.sign_in",
    "psso_sim.steps.methods",
    "psso_sim.steps.setup_assistant",
    "psso_sim.steps.expectations",
    "psso_sim.steps.prompts",
    "psso_sim.steps.trace_hooks",
]
"""Every step module; pytest registers each as a plugin when it loads this one."""

pytest_plugins = STEP_MODULES


def pytest_configure(config: pytest.Config) -> None:
    for name, description in TAGS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
