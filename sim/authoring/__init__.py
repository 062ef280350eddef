"""Authoring support for QA engineers: the step catalogue and the feature-file linter.

``psso-sim steps`` is :func:`collect_step_definitions` + :func:`render_catalogue`;
``psso-sim lint`` is :func:`lint_paths` + :func:`format_findings` + :func:`exit_code`;
``psso-sim run`` is :mod:`psso_sim.authoring.runner` with :mod:`psso_sim.authoring.reporter`. Steps that read a
data table declare it with :func:`reads_table` (see :mod:`psso_sim.authoring.datatable`).
"""

from __future__ import annotations

from psso_sim.authoring.catalogue import (
    CatalogueError,
    ParameterTypeLike,
    StepDefinition,
    StepParameter,
    collect_step_definitions,
    definition_problems,
    example_matches,
    load_parameter_types,
)
from psso_sim.authoring.datatable import Column, DataTableError, TableSpec, reads_table
from psso_sim.authoring.findings import KINDS, LintFinding, LintUsageError, exit_code, format_findings
from psso_sim.authoring.lint import lint_paths
from psso_sim.authoring.render import render_catalogue
from psso_sim.authoring.tags import TAGS, registered_tags, tag_group

__all__ = [
    "KINDS",
    "TAGS",
    "CatalogueError",
    "Column",
    "DataTableError",
    "LintFinding",
    "LintUsageError",
    "ParameterTypeLike",
    "StepDefinition",
    "StepParameter",
    "TableSpec",
    "collect_step_definitions",
    "definition_problems",
    "example_matches",
    "exit_code",
    "format_findings",
    "lint_paths",
    "load_parameter_types",
    "reads_table",
    "registered_tags",
    "render_catalogue",
    "tag_group",
]
