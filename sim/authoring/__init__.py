"""Authoring support for QA engineers: the step catalogue and the feature-file linter.

``psso-sim steps`` is :func:`collect_step_definitions` + :func:`render_catalogue`;
``psso-sim lint`` is :func:`lint_paths` + :func:`format_findings` + :func:`exit_code`.
"""

from __future__ import annotations

from sim.authoring.catalogue import (
    CatalogueError,
    ParameterTypeLike,
    StepDefinition,
    StepParameter,
    collect_step_definitions,
    definition_problems,
    example_matches,
    load_parameter_types,
)
from sim.authoring.findings import KINDS, LintFinding, LintUsageError, exit_code, format_findings
from sim.authoring.lint import lint_paths
from sim.authoring.render import render_catalogue
from sim.authoring.tags import read_registered_tags

__all__ = [
    "KINDS",
    "CatalogueError",
    "LintFinding",
    "LintUsageError",
    "ParameterTypeLike",
    "StepDefinition",
    "StepParameter",
    "collect_step_definitions",
    "definition_problems",
    "example_matches",
    "exit_code",
    "format_findings",
    "lint_paths",
    "load_parameter_types",
    "read_registered_tags",
    "render_catalogue",
]
