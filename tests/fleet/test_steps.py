"""The fleet steps: a table read with its line named on error, and assertions that show the counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psso_sim.authoring.datatable import DataTableError
from psso_sim.fleet import FleetResult, MacOutcome, Population, PopulationError
from psso_sim.steps import fleet as steps
from psso_sim.world import World

AT = datetime(2023, 11, 6, 10, tzinfo=UTC)


def test_the_table_takes_the_scenario_s_seed_and_product_unless_it_names_them() -> None:
    world = World(seed=42, product="2023-11")
    population = steps.fleet_of_macs(world, 20, [["trait", "value"], ["macOS 13", "50%"]])
    assert (population.macs, population.seed, population.product) == (20, 42, "2023-11")
    named = steps.fleet_of_macs(world, 20, [["trait", "value"], ["seed", "7"], ["product", "current"]])
    assert (named.seed, named.product) == (7, "current")


def test_a_bad_row_names_the_table_and_the_line() -> None:
    world = World(seed=1, product="2023-11")
    with pytest.raises(PopulationError) as raised:
        steps.fleet_of_macs(world, 10, [["trait", "value"], ["macOS 14", "50%"], ["Secure Enclave", "10%"]])
    message = str(raised.value)
    assert 'the "a fleet of 10 Macs" table, row 2 (Secure Enclave | 10%)' in message
    assert "product 2023-11 has no 'Secure Enclave' method" in message and "methods: Password" in message
    with pytest.raises(PopulationError, match="a row says 30 Macs, the step 10"):
        steps.fleet_of_macs(world, 10, [["trait", "value"], ["Macs", "30"]])
    with pytest.raises(DataTableError, match="no column 'share'"):
        steps.fleet_of_macs(world, 10, [["trait", "share"], ["macOS 14", "50%"]])


def _result(*states: tuple[str, str | None]) -> FleetResult:
    outcomes = [MacOutcome(i, f"Mac {i}", f"u{i}", 14, "Password", state, issue, "shown", AT, AT)
                for i, (state, issue) in enumerate(states)]
    return FleetResult(Population(macs=len(states)), outcomes, timedelta(days=1))


def test_the_count_steps_show_the_fleet_when_they_fail() -> None:
    result = _result(("registered", None), ("stuck in registration", "No error message if user has insufficient "
                                                                      "permissions"))
    steps.at_most_stuck_in_registration(result, 1)
    with pytest.raises(AssertionError, match=r"1 Macs are stuck in registration, more than 0:\n.*registered"):
        steps.at_most_stuck_in_registration(result, 0)
    steps.macs_stuck_because_of(result, 1, "No error message if user has insufficient permissions")
    with pytest.raises(pytest.fail.Exception, match="no known issue titled 'Per-user MFA'"):
        steps.macs_stuck_because_of(result, 1, "Per-user MFA")
    with pytest.raises(pytest.fail.Exception, match="end states: registered, password not synced"):
        steps.macs_end_in(result, 1, "joined")
    steps.every_other_mac_registered(result)


def test_an_unexplained_mac_is_not_registered_without_a_known_issue() -> None:
    result = _result(("registered", None), ("stuck in registration", "unexplained"))
    with pytest.raises(AssertionError, match=r"1 Macs are not registered, and no known issue says why:\n\s+Mac 1"):
        steps.every_other_mac_registered(result)
