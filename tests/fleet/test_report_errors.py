"""A fleet report that cannot be read back or written, said with the file it is about
(psso_sim.fleet.report, psso_sim.fleet.outcomes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from psso_sim.fleet.outcomes import FleetResult
from psso_sim.fleet.population import Population
from psso_sim.fleet.report import FleetReportError, population_from_json, population_json, write_csv
from psso_sim.fleet.rollout import run_fleet


def test_a_population_not_shaped_as_the_schema_says_is_refused_with_where_it_is() -> None:
    plain = population_json(Population(macs=3))
    assert population_from_json(plain, "part.json") == Population(macs=3)
    for broken in ({k: v for k, v in plain.items() if k != "macos"}, plain | {"start": "soon"},
                   plain | {"macs": 0}):
        with pytest.raises(FleetReportError, match=r"part\.json: the population is not as schema psso-sim/fleet/1"):
            population_from_json(broken, "part.json")


def test_a_report_into_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    result = run_fleet(Population(macs=1))
    with pytest.raises(FleetReportError, match=r"cannot write .*nowhere/macs\.csv: No such file or directory"):
        write_csv(result, tmp_path / "nowhere" / "macs.csv")


def test_nothing_to_merge_is_an_error() -> None:
    with pytest.raises(ValueError, match="no fleet results to merge"):
        FleetResult.merge([])
