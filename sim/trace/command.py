"""``psso-sim trace FILE``: a trace file as readable text, filtered by kind and step.

The file is JSON Lines as :meth:`psso_sim.trace.Trace.write` writes it: the one a failed test's report
names, one written with ``pytest --psso-trace-dir DIR --psso-trace-all``, or ``world.trace.write(path)``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from psso_sim.console import STDIN, STDIN_NAME, Console, stdin_text
from psso_sim.trace import KINDS, TraceFileError, read_trace
from psso_sim.trace.render import render_entries, select_entries

__all__ = ["EXIT_STATUSES", "HELP", "add_arguments", "handle"]

HELP = "show a scenario's trace file: HTTP exchanges, events, screens, notifications, by step"

EXIT_STATUSES: Mapping[int, str] = {
    0: "the trace was shown",
    1: "no entry matches --kind and --step",
    2: "bad usage: a file that does not exist or is not a trace, an empty standard input",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help="a trace file (JSON Lines, e.g. the one a failed test's report names); '-' reads "
                             "standard input")
    parser.add_argument("--kind", choices=KINDS, action="append", default=None,
                        help="only entries of this kind (repeatable; default: every kind)")
    parser.add_argument("--step", metavar="TEXT", default=None,
                        help="only entries recorded while a step containing TEXT ran (any case)")
    parser.add_argument("--tail", type=int, metavar="N", default=None, help="only the last N matching entries")
    parser.add_argument("--no-bodies", action="store_true", help="leave out HTTP bodies and headers")


def _text(file: str) -> tuple[str, str]:
    if file == STDIN:
        return stdin_text("trace", "a trace file"), STDIN_NAME
    path = Path(file)
    if not path.is_file():
        raise TraceFileError(f"no trace file {file!r}", hint="give the path a failed test's report printed")
    try:
        return path.read_text(encoding="utf-8"), file
    except (OSError, UnicodeDecodeError) as error:
        raise TraceFileError(f"cannot read {file!r}: {error}") from None


def handle(args: argparse.Namespace) -> int:
    text, name = _text(args.file)
    header, entries = read_trace(text, name)
    chosen = select_entries(entries, args.kind or (), args.step, args.tail)
    console = Console.of(sys.stdout)
    about = ", ".join(f"{key} {header[key]}" for key in ("identity", "seed", "product") if header.get(key) is not None)
    filters = [f"kind {' or '.join(args.kind)}" if args.kind else "", f"step ~ {args.step!r}" if args.step else ""]
    shown = f"{len(chosen)} of {len(entries)} entries" + "".join(f", {f}" for f in filters if f)
    print(console.paint(f"psso-sim trace {name}" + (f" ({about})" if about else "") + f": {shown}", "bold"))
    for line in render_entries(chosen, bodies=not args.no_bodies, console=console):
        print(line)
    return 0 if chosen else 1
