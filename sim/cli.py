"""``psso-sim``: the command line. Each subcommand is one entry of :data:`COMMANDS`.

Adding a subcommand is one registration: a :class:`Command` with its name, a one-line help, a
function that adds its arguments to an argparse parser, a handler that returns the exit status, and
what each exit status means (shown at the end of the command's ``--help``).

Exit statuses: 0 success, 1 the work found problems (lint findings, failed scenarios, steps that did
not verify), 2 bad usage. argparse reports its own usage errors (status 2, on stderr). A
:class:`psso_sim.errors.SimError` raised by a handler is printed as ``str(error)`` on stderr, never as a
traceback; the status is the error's ``exit_status`` attribute when it has one (2 for usage errors), else 1.

Conventions, as in pytest, behave and ruff:

* ``psso-sim --version`` prints ``psso-sim X.Y.Z``.
* Options are never abbreviated (``--tag`` is not ``--tags``); a mistyped command or option is an
  error that suggests the closest one (``psso-sim rn``: did you mean 'run'?).
* ``-`` as a path reads the feature (lint, run) or document (verify-doc) from standard input,
  named ``<stdin>`` in messages; an empty standard input is a usage error.
* Colour only on a terminal, never with ``NO_COLOR`` set; ``FORCE_COLOR`` forces it (see
  :mod:`psso_sim.console`). Check marks fall back to ASCII, and any other character the output
  encoding cannot print to an ASCII stand-in, so that no encoding makes a command crash.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from psso_sim.authoring.commands import (
    LINT_EXIT_STATUSES,
    STEPS_EXIT_STATUSES,
    add_lint_arguments,
    add_steps_arguments,
    lint_command,
    steps_command,
)
from psso_sim.authoring.runner import RUN_EXIT_STATUSES, add_run_arguments, run_command
from psso_sim.console import tolerant_output
from psso_sim.docs import command as verify_doc
from psso_sim.errors import SimError
from psso_sim.fleet import command as fleet_command
from psso_sim.trace import command as trace_command

__all__ = ["COMMANDS", "EXIT_STATUSES", "Command", "Parser", "build_parser", "exit_status_epilog", "main"]

EXIT_STATUSES: Mapping[int, str] = {
    0: "success",
    1: "the work found problems: lint findings, a failed scenario, a step that did not verify",
    2: "bad usage: an unknown command or option, a missing path, an empty standard input",
}


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace], int]
    exit_statuses: Mapping[int, str] = field(default_factory=lambda: dict(EXIT_STATUSES), hash=False)


COMMANDS: list[Command] = [
    Command("steps", "print the step catalogue a feature file can use", add_steps_arguments, steps_command,
            STEPS_EXIT_STATUSES),
    Command("lint", "check feature files without running them", add_lint_arguments, lint_command,
            LINT_EXIT_STATUSES),
    Command("run", "run features and report each step at its simulated time", add_run_arguments, run_command,
            RUN_EXIT_STATUSES),
    Command("verify-doc", verify_doc.HELP, verify_doc.add_arguments, verify_doc.handle, verify_doc.EXIT_STATUSES),
    Command("trace", trace_command.HELP, trace_command.add_arguments, trace_command.handle,
            trace_command.EXIT_STATUSES),
    Command("fleet", fleet_command.HELP, fleet_command.add_arguments, fleet_command.handle,
            fleet_command.EXIT_STATUSES),
]

_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")  # argparse reads these as values, not options
_EXITING_OPTIONS = frozenset({"-h", "--help", "--version"})


def exit_status_epilog(statuses: Mapping[int, str]) -> str:
    """The ``exit status:`` block ending a ``--help``: one status a line, a long meaning wrapped under itself.

    RawDescriptionHelpFormatter prints it as written (argparse would run the statuses together).
    """
    return "exit status:\n" + "\n".join(
        textwrap.fill(meaning, width=79, initial_indent=f"  {status}  ", subsequent_indent=" " * 5)
        for status, meaning in sorted(statuses.items()))


class Parser(argparse.ArgumentParser):
    """argparse as users of pytest or ruff expect it: no abbreviated options, suggestions for typos.

    argparse alone would take ``--tag`` for ``--tags`` (abbreviations), and for a typo say only
    "invalid choice" or "unrecognized arguments", from the top-level parser whatever the subcommand.
    Before parsing, each parser checks the words that are its own: the options before the command and
    the command itself (top level), or every option (a subcommand, which argparse hands the rest to).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.commands: dict[str, argparse.ArgumentParser] = {}  # filled by build_parser

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:  # said by the subcommand's parser, so that its usage is the one shown
            parser = self.commands.get(getattr(parsed, "command", None) or "", self)
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        argv = list(sys.argv[1:] if args is None else args)
        self._check_words(argv)
        return super().parse_known_args(argv, namespace)

    def _check_words(self, argv: Sequence[str]) -> None:
        for index, word in enumerate(argv):
            if word == "--":
                return
            if self.commands and word in _EXITING_OPTIONS:
                return  # argparse prints help or the version whatever follows
            if word.startswith("-") and word != "-" and not _NEGATIVE_NUMBER.match(word):
                self._check_option(word)
            elif self.commands:
                self._check_command(word)
                # The rest is the subcommand's: checked here too, not only when argparse hands it over.
                sub = self.commands[word]
                if isinstance(sub, Parser):
                    sub._check_words(argv[index + 1:])
                return

    def _check_option(self, word: str) -> None:
        # "--name" or "--name=value"; a short option may carry its value or more flags ("-kEXPR", "-xk").
        known = list(self._option_string_actions)  # argparse keeps no public list of them
        if (word.split("=", 1)[0] if word.startswith("--") else word[:2]) in known:
            return
        name = word.split("=", 1)[0]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        suggestion = f"; did you mean {close[0]}?" if close else ""
        self.error(f"unrecognized argument {name}{suggestion}")

    def _check_command(self, word: str) -> None:
        if word in self.commands:
            return
        close = difflib.get_close_matches(word, list(self.commands), n=1, cutoff=0.5)
        suggestion = f"; did you mean '{close[0]}'?" if close else ""
        self.error(f"unknown command '{word}'{suggestion} (commands: {', '.join(self.commands)})")


def _version() -> str:
    try:
        return version("psso-sim")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> Parser:
    parser = Parser(
        prog="psso-sim", description="Simulate macOS Platform SSO with Microsoft Entra ID and Intune.",
        epilog=exit_status_epilog(EXIT_STATUSES)
        + "\n\n'-' as a path reads standard input. NO_COLOR=1 turns colour off; FORCE_COLOR=1 forces it."
        + "\nRun 'psso-sim COMMAND --help' for a command's options and exit statuses.",
        allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"psso-sim {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name, help=command.help, description=command.help,
            epilog=exit_status_epilog(command.exit_statuses), allow_abbrev=False,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_arguments(sub)
        sub.set_defaults(handler=command.handler)
        parser.commands[command.name] = sub
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``psso-sim`` with ``argv`` (default: the process arguments); return the exit status."""
    try:
        with tolerant_output(sys.stdout, sys.stderr):
            return _main(argv)
    except BrokenPipeError:
        # The reader went away (psso-sim run | head): stop quietly, as cat and grep do. Point stdout at
        # devnull so that the interpreter's final flush does not raise again (Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: --help, --version (0) or a usage error (2), already printed
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
