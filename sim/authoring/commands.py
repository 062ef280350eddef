"""``psso-sim steps`` and ``psso-sim lint``: the catalogue and the linter on the project's own files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, cast

from psso_sim.authoring.catalogue import collect_step_definitions, load_parameter_types
from psso_sim.authoring.findings import exit_code, format_findings, renamed
from psso_sim.authoring.lint import lint_paths
from psso_sim.authoring.project import FEATURES_DIR, STEP_PACKAGE, is_bundled_features_dir
from psso_sim.authoring.render import render_catalogue
from psso_sim.authoring.tags import registered_tags
from psso_sim.console import STDIN_NAME, Console, stdin_as_file

__all__ = [
    "LINT_EXIT_STATUSES",
    "STEPS_EXIT_STATUSES",
    "add_lint_arguments",
    "add_steps_arguments",
    "lint_command",
    "steps_command",
]

STEPS_EXIT_STATUSES: Mapping[int, str] = {
    0: "the catalogue was printed",
    1: "the step definitions could not be collected (an import error in steps/)",
    2: "bad usage",
}
LINT_EXIT_STATUSES: Mapping[int, str] = {
    0: "no findings, or only info ones",
    1: "a finding that is a warning or an error",
    2: "bad usage: a path that does not exist, an empty standard input",
}


def add_steps_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                        help="text for the terminal (default), markdown for docs/, json for tools")


def steps_command(args: argparse.Namespace) -> int:
    """Print the step catalogue: every step, its parameters and example, the parameter types and tags."""
    definitions = collect_step_definitions(STEP_PACKAGE)
    fmt = cast(Literal["text", "markdown", "json"], args.format)
    text = render_catalogue(definitions, fmt, parameter_types=load_parameter_types(STEP_PACKAGE),
                            tags=registered_tags())
    sys.stdout.write(text)
    return 0


def add_lint_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="feature files or directories (default: the bundled features/); "
                             "'-' reads a feature from standard input")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="one finding per line (default) or JSON")


def lint_command(args: argparse.Namespace) -> int:
    """Check feature files without running them: 0 clean, 1 with findings, 2 for a missing path."""
    given: list[Path] = list(args.paths) or [FEATURES_DIR]
    with stdin_as_file(given, suffix=".feature", subsystem="lint", what="a feature") as (paths, stdin):
        whole_suite = len(paths) == 1 and paths[0].is_dir() and is_bundled_features_dir(paths[0])
        findings = lint_paths(paths, collect_step_definitions(STEP_PACKAGE), registered_tags(),
                              report_unused=whole_suite)
    if stdin is not None:
        findings = renamed(findings, stdin, Path(STDIN_NAME))
    fmt = cast(Literal["text", "json"], args.format)
    sys.stdout.write(format_findings(findings, fmt, console=Console.of(sys.stdout)))
    return exit_code(findings)
