"""A fleet's shards as pytest items, so that pytest-xdist spreads them over processes and machines.

    pytest -p psso_sim.fleet.pytest_shards --psso-fleet-shards 8 --psso-fleet-json fleet.json \\
        -n 8 fleet.toml                                   # or: --tx 4*ssh=user@host//python=... --dist load

A population file given on the command line becomes N items, ``fleet.toml::shard-1-of-8`` and so on:
each runs that shard (:func:`psso_sim.fleet.shards.run_shard`) wherever xdist sends it and hands its part
back in the item's report (``user_properties``, which xdist carries from remote workers to the
controller). The controller joins the parts as ``psso-sim fleet FILE --merge`` does, prints the summary
table and writes ``--psso-fleet-json``/``--psso-fleet-csv``. A shard that fails fails its item; the
merged report is then not written, and the summary says which shards are missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from psso_sim.console import output_path
from psso_sim.errors import SimError
from psso_sim.fleet.outcomes import FleetResult
from psso_sim.fleet.population import load_population
from psso_sim.fleet.report import (
    fleet_document,
    population_from_json,
    result_from_json,
    summary_table,
    write_csv,
    write_json,
)

__all__ = ["FleetFile", "ShardItem"]

PART = "psso_sim_fleet_part"  # the user property a shard's part travels in


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("psso-sim fleet", "a fleet's shards as test items (docs/fleet.md)")
    group.addoption("--psso-fleet-shards", type=int, metavar="N", default=None,
                    help="collect each population file given on the command line as N shard items")
    group.addoption("--psso-fleet-json", type=output_path, metavar="OUT", default=None,
                    help="write the merged fleet report (schema psso-sim/fleet/1)")
    group.addoption("--psso-fleet-csv", type=output_path, metavar="OUT", default=None,
                    help="write the merged per-Mac CSV")


def pytest_configure(config: pytest.Config) -> None:
    shards = config.getoption("--psso-fleet-shards")
    if shards is not None and shards < 1:
        raise pytest.UsageError(f"--psso-fleet-shards {shards}: give a whole number of at least 1")
    if shards is not None and not hasattr(config, "workerinput"):  # the controller, or a run without xdist
        config.pluginmanager.register(FleetMerge(config, shards), "psso-sim-fleet-merge")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> FleetFile | None:
    config = parent.config
    if config.getoption("--psso-fleet-shards") is None or file_path.suffix != ".toml":
        return None
    given = {Path(arg.split("::")[0]).resolve() for arg in config.args}
    if file_path.resolve() not in given:  # only the files named, never a pyproject.toml met in a folder
        return None
    return FleetFile.from_parent(parent, path=file_path)


class FleetFile(pytest.File):
    def collect(self) -> Iterator[ShardItem]:
        shards: int = self.config.getoption("--psso-fleet-shards")
        for k in range(shards):
            yield ShardItem.from_parent(self, name=f"shard-{k + 1}-of-{shards}", k=k, shards=shards)


class ShardItem(pytest.Item):
    def __init__(self, *, k: int, shards: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.k, self.shards = k, shards

    def runtest(self) -> None:
        from psso_sim.fleet.shards import run_shard

        population = load_population(self.path)
        result = run_shard(population, self.k, self.shards)
        part = fleet_document(result, shards=self.shards, shard=(self.k + 1, self.shards))
        self.user_properties.append((PART, json.dumps(part)))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, SimError):  # a bad population file: its message, not a traceback
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"fleet {self.path.name}: shard {self.k + 1} of {self.shards}"


class FleetMerge:
    """On the controller: the parts as they come back; the merged report at the end."""

    def __init__(self, config: pytest.Config, shards: int) -> None:
        self.config, self.shards = config, shards
        self.parts: dict[str, dict[int, dict[str, Any]]] = {}  # population file -> shard index -> part

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == PART:
                part = json.loads(str(value))
                file = report.nodeid.split("::")[0]
                self.parts.setdefault(file, {})[part["shard"]["index"]] = part

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        write = terminalreporter.write_line
        for file, parts in sorted(self.parts.items()):
            terminalreporter.section(f"psso-sim fleet {file}")
            missing = [k for k in range(1, self.shards + 1) if k not in parts]
            if missing:
                write(f"shards {', '.join(map(str, missing))} of {self.shards} did not finish: no merged report")
                continue
            result = self._merged(file, parts)
            for line in summary_table(result).splitlines():
                write(line)
            json_path, csv_path = self.config.getoption("--psso-fleet-json"), self.config.getoption("--psso-fleet-csv")
            if json_path is not None:
                write_json(result, json_path, shards=self.shards)
                write(f"wrote {json_path}")
            if csv_path is not None:
                write_csv(result, csv_path)
                write(f"wrote {csv_path}")

    def _merged(self, file: str, parts: dict[int, dict[str, Any]]) -> FleetResult:
        """The parts joined; the population is the one they were run for (the file may be on other machines)."""
        where = {k: f"{file}::shard-{k}-of-{self.shards}" for k in parts}
        population = population_from_json(parts[1]["population"], where[1])
        return FleetResult.merge([result_from_json(part, population, where[k]) for k, part in sorted(parts.items())])
