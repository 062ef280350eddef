"""What ``psso-sim fleet`` prints and writes: the summary table, the per-Mac CSV and the JSON report.

The JSON report's schema is ``psso-sim/fleet/1`` (docs/fleet-report.schema.json, explained in
docs/fleet.md): the population, the totals by end state and known issue, and one object per Mac. A
shard's part (``psso-sim fleet FILE --shard K/N --json PART``) is the same document with ``shard`` set;
:func:`result_from_json` reads parts back so that a merge step can join them into one result.

Times of a Mac (``arrived``, ``settled``) are simulated, ISO 8601; ``elapsed_seconds`` is the one REAL
duration, and ``null`` where none was measured (a merge).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from psso_sim.console import write_report
from psso_sim.errors import SimError
from psso_sim.fleet.outcomes import FleetResult, MacOutcome
from psso_sim.fleet.population import Population

__all__ = ["CSV_COLUMNS", "SCHEMA", "FleetReportError", "check_writable", "csv_text", "fleet_document",
           "population_from_json", "population_json", "result_from_json", "summary_rows", "summary_table", "write_csv",
           "write_json"]

SCHEMA = "psso-sim/fleet/1"
CSV_COLUMNS = ("index", "mac", "user", "macos", "authentication_method", "end_state", "known_issue", "detail",
               "arrived", "settled")
"""One CSV row a Mac: MacOutcome's fields, in this order (a Mac with no known issue has an empty cell)."""
NO_ISSUE = "-"


class FleetReportError(SimError):
    """A report that cannot be written or a part that cannot be read: bad usage, not a failed fleet."""

    subsystem = "fleet"
    exit_status = 2


# ---- the summary table ------------------------------------------------------------------------


def summary_rows(result: FleetResult) -> list[tuple[str, str | None, int, float]]:
    """(end state, known issue, Macs, share) in :meth:`FleetResult.counts`'s order: registered first."""
    total = len(result.outcomes) or 1
    return [(state, issue, n, n / total) for (state, issue), n in result.counts().items()]


def summary_table(result: FleetResult) -> str:
    """An aligned text table: end state, known issue, Macs, share; a total line last."""
    rows = [(state, issue or NO_ISSUE, f"{n:,}", f"{share:.1%}") for state, issue, n, share in summary_rows(result)]
    header = ("end state", "known issue", "Macs", "share")
    total = ("total", "", f"{len(result.outcomes):,}", "100.0%" if result.outcomes else "-")
    widths = [max(len(row[i]) for row in (header, *rows, total)) for i in range(4)]

    def line(row: Sequence[str]) -> str:
        return (f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  "
                f"{row[3]:>{widths[3]}}").rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows), rule, line(total)]) + "\n"


# ---- CSV ----------------------------------------------------------------------------------------


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def csv_text(result: FleetResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for outcome in result.outcomes:
        writer.writerow([_cell(getattr(outcome, column)) for column in CSV_COLUMNS])
    return out.getvalue()


def write_csv(result: FleetResult, path: Path) -> None:
    _write(path, csv_text(result))


# ---- JSON ---------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """``value`` as JSON types: datetimes ISO 8601, durations in seconds, mapping keys as strings."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    dump = getattr(value, "model_dump", None)  # a pydantic model
    if callable(dump):
        return _plain(dump())
    return value


def population_json(population: Population) -> dict[str, Any]:
    plain = _plain(population)
    assert isinstance(plain, dict), f"a population is a record, not {type(plain).__name__}"
    return plain


def population_from_json(plain: Mapping[str, Any], where: str) -> Population:
    """The population a report was run for (the whole fleet, even in a shard's part)."""
    try:
        values = {f.name: plain[f.name] for f in fields(Population) if f.name in plain}
        values.update(first=0, count=None, macos={int(k): v for k, v in plain["macos"].items()},
                      start=datetime.fromisoformat(plain["start"]))
        return Population(**values)
    except (KeyError, TypeError, ValueError, AttributeError, SimError) as error:
        raise FleetReportError(f"{where}: the population is not as schema {SCHEMA} says: {error}") from None


def fleet_document(
    result: FleetResult, *, shards: int = 1, shard: tuple[int, int] | None = None, elapsed: float | None = None,
) -> dict[str, Any]:
    """The JSON report (schema ``psso-sim/fleet/1``); ``shard`` is (K, N), 1-based, for a shard's part."""
    outcomes = result.outcomes
    by_state: dict[str, int] = {}
    by_issue: dict[str, int] = {}
    for outcome in outcomes:
        by_state[outcome.end_state] = by_state.get(outcome.end_state, 0) + 1
        if outcome.known_issue is not None:
            by_issue[outcome.known_issue] = by_issue.get(outcome.known_issue, 0) + 1
    return {
        "schema": SCHEMA,
        "population": population_json(result.population),
        "seed": result.population.seed,
        "shards": shards,
        "shard": None if shard is None else {"index": shard[0], "of": shard[1]},
        "elapsed_seconds": elapsed,
        "simulated_seconds": result.simulated_span.total_seconds(),
        "totals": {
            "macs": len(outcomes),
            "end_states": by_state,
            "known_issues": by_issue,
            "rows": [{"end_state": state, "known_issue": issue, "macs": n, "share": round(share, 6)}
                     for state, issue, n, share in summary_rows(result)],
        },
        "macs": [{column: _plain(getattr(outcome, column)) for column in CSV_COLUMNS} for outcome in outcomes],
    }


def write_json(result: FleetResult, path: Path, **about: Any) -> None:
    """Write :func:`fleet_document` (``about``: its keyword arguments) to ``path``."""
    _write(path, json.dumps(fleet_document(result, **about), indent=1, ensure_ascii=False) + "\n")


def result_from_json(document: Mapping[str, Any], population: Population, where: str) -> FleetResult:
    """The result a part (or a whole report) holds, for ``population``, which it must have been run for.

    ``where`` names the part in messages (its file). The population's seed and size must be the part's:
    Macs of another seed are other Macs, whatever their index.
    """
    if not isinstance(document, Mapping) or document.get("schema") != SCHEMA:
        raise FleetReportError(f"{where}: not a psso-sim fleet report (schema {SCHEMA!r})",
                               hint="give the files 'psso-sim fleet FILE --shard K/N --json PART' wrote")
    theirs = document.get("population") or {}
    for key in ("seed", "macs"):
        if theirs.get(key) != getattr(population, key):
            raise FleetReportError(
                f"{where}: the part is of a population with {key} {theirs.get(key)!r}, this one has "
                f"{getattr(population, key)!r}",
                hint="merge parts run from the same file with the same --seed and --macs")
    try:
        outcomes = [_outcome(record) for record in document["macs"]]
        span = timedelta(seconds=float(document["simulated_seconds"]))
    except (KeyError, TypeError, ValueError) as error:
        raise FleetReportError(f"{where}: a Mac record is not as schema {SCHEMA} says: {error!r}") from None
    return FleetResult(population=population, outcomes=outcomes, simulated_span=span)


def _outcome(record: Mapping[str, Any]) -> MacOutcome:
    values = {column: record[column] for column in CSV_COLUMNS}
    values["arrived"] = datetime.fromisoformat(values["arrived"])
    values["settled"] = datetime.fromisoformat(values["settled"])
    return MacOutcome(**values)


# ---- files --------------------------------------------------------------------------------------


def check_writable(path: Path, option: str) -> None:
    """Fail now, not after a long run, when ``path`` cannot be written (a missing folder, a folder)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise FleetReportError(f"{option} {path}: is a directory", hint="give a file name in it, e.g. fleet.csv")
    if not folder.is_dir():
        raise FleetReportError(f"{option} {path}: the folder {folder} does not exist",
                               hint="name a file in a folder that exists, or create the folder first")
    if not _can_write(path if path.exists() else folder):
        raise FleetReportError(f"{option} {path}: permission denied",
                               hint="name a file in a folder you can write to")


def _can_write(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _write(path: Path, text: str) -> None:
    write_report(path, text, FleetReportError)
