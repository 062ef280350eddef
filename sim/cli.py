"""``psso-sim``: the command line. Each subcommand is one entry of :data:`COMMANDS`.

Adding a subcommand is one registration: a :class:`Command` with its name, a one-line help, a
function that adds its arguments to an argparse parser, and a handler that returns the exit status.

Exit statuses: 0 success, 1 the work found problems (lint findings, failed scenarios), 2 bad usage.
argparse reports its own usage errors (status 2). A :class:`psso_sim.errors.SimError` raised by a handler
is printed as ``str(error)`` on stderr, never as a traceback; the status is the error's
``exit_status`` attribute when it has one (2 for usage errors), else 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from psso_sim.authoring.commands import add_lint_arguments, add_steps_arguments, lint_command, steps_command
from psso_sim.authoring.runner import add_run_arguments, run_command
from psso_sim.docs import command as verify_doc
from psso_sim.errors import SimError

__all__ = ["COMMANDS", "Command", "build_parser", "main"]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace], int]


COMMANDS: list[Command] = [
    Command("steps", "print the step catalogue a feature file can use", add_steps_arguments, steps_command),
    Command("lint", "check feature files without running them", add_lint_arguments, lint_command),
    Command("run", "run features and report each step at its simulated time", add_run_arguments, run_command),
    Command("verify-doc", verify_doc.HELP, verify_doc.add_arguments, verify_doc.handle),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="psso-sim", description="Simulate macOS Platform SSO with Microsoft Entra ID and Intune.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
        sub.set_defaults(handler=command.handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``psso-sim`` with ``argv`` (default: the process arguments); return the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2), already printed
        return exit_.code if isinstance(exit_.code, int) else 2
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except SimError as error:
        sys.stdout.flush()
        print(str(error), file=sys.stderr)
        status = getattr(error, "exit_status", 1)
        return status if isinstance(status, int) else 1


if __name__ == "__main__":
    sys.exit(main())
