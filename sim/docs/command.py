"""``psso-sim verify-doc DOC.md``: run a document's procedures against the simulated product.

Exit status: 0 when no step is contradicted by the product and no finding is an error (steps not
understood, not checked or that the simulation cannot check do not count against it: the coverage says
how much was checked); 1 when a step is contradicted (failed, out of order, not available on the
version), a finding is an error, or the coverage is below ``--min-coverage``; 2 for bad usage or a
file that cannot be read (``SIM/docs: cannot read ...``).

``-`` as the document reads it from standard input (shown as ``<stdin>``; relative links are then
not checked, having no folder to resolve against); an empty document (no text but white space: an empty
file, ``/dev/null``, an empty standard input) and an empty ``--html`` path are bad usage (2).
The text report is coloured on a terminal (see :mod:`psso_sim.console`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from psso_sim.console import STDIN, STDIN_NAME, Console, EmptyInput, output_path, stdin_text, tolerant_output
from psso_sim.docs.markdown import load_document, parse_document
from psso_sim.docs.model import DocumentError
from psso_sim.docs.report import coverage_text, render_html, render_json, render_text
from psso_sim.docs.results import Report
from psso_sim.docs.verify import VerifyUsageError, verify_document
from psso_sim.errors import SimError
from psso_sim.product import MACOS, PRODUCTS

__all__ = ["EXIT_STATUSES", "EmptyDocument", "add_arguments", "handle", "main"]

HELP = "run a documented procedure against the simulated product and report each step"

EXIT_STATUSES: Mapping[int, str] = {
    0: "no step is contradicted by the product and no finding is an error",
    1: "a step is contradicted (failed, out of order, not available on the version), a finding is an "
       "error, or the coverage is below --min-coverage (a step not understood, not checked or that the "
       "simulation cannot check only lowers the coverage)",
    2: "bad usage: a document that cannot be read (missing, not UTF-8) or is empty (an empty file or standard "
       "input), or an --html path that is empty or cannot be written",
}


class EmptyDocument(SimError):
    """The document has no text: nothing to verify is not a pass."""

    subsystem = "docs"
    exit_status = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", metavar="DOC.md",
                        help="a Learn-style markdown document; '-' reads it from standard input")
    parser.add_argument("--macos", type=int, choices=sorted(MACOS), action="append", default=None,
                        help="macOS version for procedures outside a version tab (repeatable; default: every "
                             "version of the product release)")
    parser.add_argument("--product", choices=list(PRODUCTS), metavar="RELEASE", default=None,
                        help=f"the product release to verify against ({', '.join(PRODUCTS)}; default: the one "
                             "the document's ms.date describes, 'current' for an undated document)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format on stdout")
    parser.add_argument("--html", metavar="OUT.html", type=output_path,
                        help="also write an HTML report a writer can open")
    parser.add_argument("--seed", type=int, default=0, help="World seed (same seed, same run)")
    parser.add_argument("--min-coverage", type=_percent, metavar="PERCENT", default=None,
                        help="exit 1 when fewer than PERCENT of the steps were checked (cannot-check and "
                             "not-understood steps are not checked)")
    parser.add_argument("-v", "--verbose", action="store_true", help="text report: each step's actions and notes")


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(str(SimError(
            f"--min-coverage {text!r} is not a percentage", subsystem="docs",
            hint="a number from 0 to 100, e.g. --min-coverage 80")))
    return value


def _verify(document: str, versions: tuple[int, ...] | None, seed: int, product: str | None) -> Report:
    if document == STDIN:
        # Parsed from memory, not a temporary file, so that its path reads <stdin> in every report.
        text = stdin_text("docs", "a markdown document")
        return verify_document(parse_document(text, path=STDIN_NAME), macos=versions, seed=seed, product=product)
    doc = load_document(document)
    if not "".join(doc.lines).strip():
        raise EmptyDocument(f"'{document}' is empty: there is no procedure to verify",
                            hint="give a Learn-style markdown document (a heading and a numbered procedure)")
    return verify_document(doc, macos=versions, seed=seed, base_dir=Path(document).parent, product=product)


def handle(args: argparse.Namespace) -> int:
    versions = tuple(sorted(set(args.macos))) if args.macos else None
    try:
        report = _verify(args.document, versions, args.seed, getattr(args, "product", None))
    except (DocumentError, EmptyDocument, EmptyInput, VerifyUsageError) as error:
        print(str(error), file=sys.stderr)
        return 2
    except SimError as error:
        print(str(error), file=sys.stderr)
        return 1
    report = replace(report, min_coverage=getattr(args, "min_coverage", None))
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
        sys.stdout.write(render_text(report, verbose=args.verbose, console=Console.of(sys.stdout)))
    if report.low_coverage:
        print(str(SimError(f"coverage {coverage_text(report)}", subsystem="docs",
                           hint="steps marked cannot-check or not-understood were not checked; "
                                "lower --min-coverage or check them by hand")), file=sys.stderr)
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m psso_sim.docs.command``), for use without ``psso-sim``."""
    from psso_sim.cli import Parser, exit_status_epilog  # psso_sim.cli imports this module

    parser = Parser(prog="psso-sim verify-doc", description=HELP, epilog=exit_status_epilog(EXIT_STATUSES),
                    allow_abbrev=False)
    add_arguments(parser)
    with tolerant_output(sys.stdout, sys.stderr):
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else 2
        return handle(args)


if __name__ == "__main__":
    sys.exit(main())
