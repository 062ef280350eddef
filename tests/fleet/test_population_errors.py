"""More of the fleet's bad input, each named where it is: a Mac number outside the fleet, a share that is not a
table, a product that does not exist, a whole number or a start that does not read; and a rollout that starts on
a weekend (psso_sim.fleet.population)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from psso_sim.fleet.population import Population, PopulationError, load_population


def test_a_mac_number_outside_the_fleet_is_refused() -> None:
    population = Population(macs=10)
    assert population.member(9).index == 9
    for number in (-1, 10):
        with pytest.raises(PopulationError, match=f"no Mac number {number} in a fleet of 10") as raised:
            population.member(number)
        assert raised.value.hint == "0 to 9"


def test_a_rollout_that_starts_on_a_saturday_begins_on_monday() -> None:
    saturday = datetime(2023, 11, 4, 9, 0, tzinfo=UTC)
    population = Population(macs=40, rollout_days=1, start=saturday)
    arrivals = {(saturday + population.member(i).arrival).date() for i in population.indices}
    assert arrivals == {datetime(2023, 11, 6).date()}
    assert population.describe() == f"fleet: 40 Macs over 1 days, product {population.product}, seed 0"


@pytest.mark.parametrize(("text", "message"), [
    ("macos = 14\n", "line 1, 'macos': a table of shares, e.g. [macos]"),
    ('product = "1999-01"\n', "line 1, 'product': no product '1999-01'"),
])
def test_a_bad_file_is_named_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "fleet.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PopulationError) as raised:
        load_population(path)
    assert message in str(raised.value) and raised.value.hint


@pytest.mark.parametrize(("row", "message"), [
    (["macs", "five"], "row 1 (macs | five): 'five' is not a whole number"),
    (["start", "next Monday"], "row 1 (start | next Monday): 'next Monday' is not a date and time"),
])
def test_a_bad_row_is_named(row: list[str], message: str) -> None:
    with pytest.raises(PopulationError) as raised:
        Population.from_rows([row], "the fleet table")
    assert message in str(raised.value)


def test_a_start_in_a_row_is_read_as_iso_8601() -> None:
    population = Population.from_rows([["start", "2023-11-13T09:00:00+00:00"]], "the fleet table")
    assert population.start == datetime(2023, 11, 13, 9, 0, tzinfo=UTC)
