"""``psso-sim fleet FILE``: roll a population of Macs out and report how each one ended.

Prints the summary table (end state, known issue, Macs, share), then the simulated span of the rollout
and the REAL elapsed time, separately; ``--csv`` and ``--json`` write one record a Mac. ``--shards N``
runs the Macs in N worker processes (:mod:`psso_sim.fleet.shards`); ``--shard K/N`` runs only shard K
and ``--merge`` joins such parts, for shards run on other machines (docs/fleet.md). A progress line
("1200/2000 Macs done, 800 to go", as ``psso-sim run`` shows scenarios) goes to standard error when it
is a terminal, and nowhere else. Ctrl-C stops the workers and exits 1 without a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from time import perf_counter  # the REAL elapsed time of a run, printed apart from the simulated span
from typing import Any, TextIO

from psso_sim.console import Console, output_path
from psso_sim.fleet.outcomes import FleetResult
from psso_sim.fleet.population import Population, load_population
from psso_sim.fleet.report import (
    FleetReportError,
    check_writable,
    result_from_json,
    summary_table,
    write_csv,
    write_json,
)
from psso_sim.fleet.shards import run_shard, run_sharded, shard_range

__all__ = ["EXIT_STATUSES", "HELP", "INTERRUPTED", "add_arguments", "handle"]

HELP = "roll a population of Macs out (a TOML file) and report each Mac's end state and known issue"

INTERRUPTED = 1  # the fleet did not finish; every command's statuses are 0, 1 and 2 (tests/cli)

EXIT_STATUSES: Mapping[int, str] = {
    0: "the fleet ran and its reports were written (Macs that did not end registered are results, not errors)",
    INTERRUPTED: "the fleet did not finish: Ctrl-C stopped it (the workers were stopped) or a shard failed; "
                 "nothing was written",
    2: "bad usage: a population file that is missing or wrong (file:line, the key, what would be right), a "
       "--csv or --json path that cannot be written, parts to --merge that do not make up the population",
}

_SHARD = re.compile(r"^(\d+)/(\d+)$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="the population: a TOML file (docs/fleet.md)")
    parser.add_argument("--shards", type=_positive, metavar="N", default=1,
                        help="worker processes, each running a slice of the Macs in a World of its own "
                             "(default 1: this process)")
    parser.add_argument("--shard", type=_shard, metavar="K/N", default=None,
                        help="run only shard K of N (1-based), e.g. on one of N machines; --json writes its "
                             "part for --merge")
    parser.add_argument("--merge", nargs="+", type=Path, metavar="PART", default=None,
                        help="run nothing: join the --json parts of every shard of FILE into one report")
    parser.add_argument("--csv", type=output_path, metavar="OUT", help="one row a Mac (docs/fleet.md)")
    parser.add_argument("--json", type=output_path, metavar="OUT",
                        help="the population, totals and one object a Mac (schema psso-sim/fleet/1)")
    parser.add_argument("--seed", type=int, default=None, help="the population's seed (default: the file's)")
    parser.add_argument("--macs", type=_positive, metavar="N", default=None,
                        help="how many Macs (default: the file's)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _shard(text: str) -> tuple[int, int]:
    match = _SHARD.match(text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N with 1 <= K <= N, e.g. 2/4")
    return int(match[1]), int(match[2])


@dataclass
class ProgressLine:
    """One line rewritten in place on a terminal: "12/2000 Macs done, 1988 to go"; erased by :meth:`end`."""

    out: TextIO
    shown: str = field(default="", init=False)

    def __call__(self, done: int, total: int) -> None:
        text = f"{done}/{total} Macs done, {total - done} to go"
        if text != self.shown:
            self.shown = text  # first: a Ctrl-C during the write still gets the line erased
            self.out.write(f"\r\x1b[K{text}")
            self.out.flush()

    def end(self) -> None:
        if self.shown:
            self.out.write("\r\x1b[K")
            self.out.flush()
            self.shown = ""


def handle(args: argparse.Namespace) -> int:
    if args.merge is not None and (args.shard is not None or args.shards != 1):
        raise FleetReportError("--merge joins parts already run: it takes no --shard or --shards",
                               hint="psso-sim fleet FILE --merge PART... [--csv OUT] [--json OUT]")
    if args.shard is not None and args.shards != 1:
        raise FleetReportError("--shard K/N runs one shard in this process: it takes no --shards",
                               hint="run each shard with its own --shard K/N, or all of them with --shards N")
    population = _population(args)
    for path, option in ((args.csv, "--csv"), (args.json, "--json")):
        if path is not None:
            check_writable(path, option)  # before a run that may take minutes
    progress = ProgressLine(sys.stderr) if _is_terminal(sys.stderr) else None
    started = perf_counter()
    try:
        if progress is not None and args.shard is not None:  # run_sharded shows its own 0/N
            progress(0, _shard_size(population, args.shard))
        result, shards = _result(args, population, progress)
    except KeyboardInterrupt:
        if progress is not None:
            progress.end()  # before the message, on a clean line
        sys.stdout.flush()
        print("psso-sim fleet: interrupted; the workers were stopped and nothing was written", file=sys.stderr)
        return INTERRUPTED
    finally:
        if progress is not None:
            progress.end()
    elapsed = None if args.merge is not None else perf_counter() - started
    _print(args, result, shards, elapsed)
    about: dict[str, Any] = {"shards": shards, "elapsed": elapsed,
                             "shard": args.shard if args.shard is not None else None}
    if args.csv is not None:
        write_csv(result, args.csv)
        print(f"wrote {args.csv}")
    if args.json is not None:
        write_json(result, args.json, **about)
        print(f"wrote {args.json}")
    return 0


def _population(args: argparse.Namespace) -> Population:
    population = load_population(args.file)
    changes = {key: value for key, value in (("seed", args.seed), ("macs", args.macs)) if value is not None}
    return replace(population, **changes) if changes else population  # checked again, as the file was


def _result(args: argparse.Namespace, population: Population,
            progress: ProgressLine | None) -> tuple[FleetResult, int]:
    if args.merge is not None:
        parts = [result_from_json(_read_part(path), population, str(path)) for path in args.merge]
        return _merged(parts, population, args.merge), len(parts)
    if args.shard is not None:
        k, n = args.shard
        return run_shard(population, k - 1, n, progress=progress), n
    return run_sharded(population, args.shards, progress=progress), min(args.shards, population.macs)


def _shard_size(population: Population, shard: tuple[int, int]) -> int:
    return shard_range(population.macs, shard[1], shard[0] - 1)[1]


def _read_part(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FleetReportError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    except ValueError as error:
        raise FleetReportError(f"{path}: not JSON: {error}",
                               hint="give the files 'psso-sim fleet FILE --shard K/N --json PART' wrote") from None


def _merged(parts: list[FleetResult], population: Population, paths: list[Path]) -> FleetResult:
    """The parts as one result, if together they hold every Mac of the population exactly once."""
    seen: dict[int, Path] = {}
    for part, path in zip(parts, paths, strict=True):
        for outcome in part.outcomes:
            if outcome.index in seen:
                raise FleetReportError(f"Mac {outcome.index} is in both {seen[outcome.index]} and {path}",
                                       hint="give each shard's part once")
            seen[outcome.index] = path
    missing = [i for i in range(population.macs) if i not in seen]
    if missing:
        raise FleetReportError(f"the parts hold {len(seen)} of {population.macs} Macs; missing: "
                               f"{_ranges(missing)}", hint="give the part of every shard, 1/N to N/N")
    return FleetResult.merge(parts)


def _ranges(indexes: list[int]) -> str:
    spans: list[list[int]] = []
    for i in indexes:
        if spans and spans[-1][1] == i - 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans[:5]) + (", ..." if len(spans) > 5 else "")


def _print(args: argparse.Namespace, result: FleetResult, shards: int, elapsed: float | None) -> None:
    console = Console.of(sys.stdout)
    population = result.population
    how = ("merged from " + (f"{shards} parts" if shards != 1 else "1 part") if args.merge is not None
           else f"shard {args.shard[0]} of {args.shard[1]}" if args.shard is not None
           else f"{shards} shard{'s' if shards != 1 else ''}")
    print(console.paint(f"psso-sim fleet {args.file}: {population.name!r}, {len(result.outcomes):,} Macs, "
                        f"seed {population.seed}, product {population.product}, {how}", "bold"))
    print()
    sys.stdout.write(summary_table(result))
    print()
    if result.outcomes:
        start = min(o.arrived for o in result.outcomes)
        end = max(o.settled for o in result.outcomes)
        print(f"simulated: {_span(result.simulated_span)} ({start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M})")
    if elapsed is not None:
        rate = f", {len(result.outcomes) / elapsed:,.0f} Macs/s" if elapsed > 0 else ""
        print(f"elapsed: {elapsed:.1f} s real{rate}")


def _span(span: timedelta) -> str:
    days, seconds = span.days, span.seconds
    clock = f"{seconds // 3600}:{seconds % 3600 // 60:02}:{seconds % 60:02}"
    return f"{days} day{'s' if days != 1 else ''} {clock}" if days else clock


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
