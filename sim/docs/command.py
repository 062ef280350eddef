"""``psso-sim verify-doc DOC.md``: run a document's procedures against the simulated product.

Exit status: 0 when every step verifies and no finding is an error; 1 when a step did not
verify (failed, out of order, not available on the version, not understood) or a finding is
an error; 2 for bad usage or a file that cannot be read (``SIM/docs: cannot read ...``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from psso_sim.docs.model import DocumentError
from psso_sim.docs.report import ASCII_MARKS, MARKS, render_html, render_json, render_text
from psso_sim.docs.verify import DEFAULT_VERSIONS, verify_file
from psso_sim.errors import SimError

__all__ = ["add_arguments", "handle", "main"]

HELP = "run a documented procedure against the simulated product and report each step"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", metavar="DOC.md", help="a Learn-style markdown document")
    parser.add_argument("--macos", type=int, choices=sorted(DEFAULT_VERSIONS), action="append", default=None,
                        help="macOS version for procedures outside a version tab (repeatable; default: 13 and 14)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format on stdout")
    parser.add_argument("--html", metavar="OUT.html", help="also write an HTML report a writer can open")
    parser.add_argument("--seed", type=int, default=0, help="World seed (same seed, same run)")
    parser.add_argument("-v", "--verbose", action="store_true", help="text report: each step's actions and notes")


def _marks(stream: TextIO) -> dict[str, str]:
    try:
        "".join(MARKS.values()).encode(stream.encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return ASCII_MARKS
    return MARKS


def handle(args: argparse.Namespace) -> int:
    versions = tuple(sorted(set(args.macos))) if args.macos else DEFAULT_VERSIONS
    try:
        report = verify_file(args.document, macos=versions, seed=args.seed)
    except DocumentError as error:
        print(str(error), file=sys.stderr)
        return 2
    except SimError as error:
        print(str(error), file=sys.stderr)
        return 1
    if args.html:
        try:
            Path(args.html).write_text(render_html(report), encoding="utf-8")
        except OSError as error:
            print(str(SimError(f"cannot write '{args.html}': {error.strerror or error}", subsystem="docs")),
                  file=sys.stderr)
            return 2
    if args.format == "json":
        sys.stdout.write(render_json(report))
    else:
        sys.stdout.write(render_text(report, marks=_marks(sys.stdout), verbose=args.verbose))
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m psso_sim.docs.command``), for use without ``psso-sim``."""
    parser = argparse.ArgumentParser(prog="psso-sim verify-doc", description=HELP)
    add_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    return handle(args)


if __name__ == "__main__":
    sys.exit(main())
