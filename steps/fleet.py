"""Steps of a fleet: a population of users and Macs, rolled out over simulated days, and its outcomes
(:mod:`psso_sim.fleet`). The fleet runs in a World of its own, seeded from the scenario's; the outcome of
each Mac is read from the modelled system, and the steps assert on the counts.

Source: psso-sim fleet rollout (issue 14): a fleet in one World
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytest_bdd import given, then, when

from psso_sim.authoring.datatable import Column, TableSpec, reads_table
from psso_sim.fleet import END_STATES, UNEXPLAINED, FleetResult, Population, PopulationError, run_fleet
from psso_sim.fleet.outcomes import STUCK_IN_ENROLLMENT, STUCK_IN_REGISTRATION, SYMPTOMS
from psso_sim.steps.parameters import step_parser
from psso_sim.world import World

__all__ = ["FLEET", "fleet_summary"]  # a step plugin: its steps are public by their sentences

FLEET = TableSpec("a fleet of N Macs", (
    Column("trait", "macOS <version>, Password, Secure Enclave, Smart card, per-user MFA, passcode policy "
                    "<none|standard|strict>, join permission, legacy Workplace Join key, seed, product, start",
           required=True),
    Column("value", 'a share ("10%"); join permission: all, none or a share; seed: a number', required=True),
))

Table = list[list[str]] | None


@given(step_parser("a fleet of {macs:Number} Macs:"), target_fixture="fleet_population")
@reads_table(FLEET)
def fleet_of_macs(world: World, macs: int, datatable: Table = None) -> Population:
    """A population of users and Macs, one trait a row with its share; seeded from the scenario (or "seed").

    Source: psso-sim fleet rollout (issue 14)
    Example: Given a fleet of 200 Macs:
    Area: Fleet
    """
    FLEET.read(datatable)  # the header and the required cells, with the table's own errors
    assert datatable is not None
    rows = [[str(cell) for cell in row] for row in datatable]
    defaults = {"macs": macs, "seed": world.seed, "product": world.product.name}
    where = f'the "a fleet of {macs} Macs" table'
    population = Population.from_rows(rows, where, defaults=defaults)
    if population.macs != macs:
        raise PopulationError(f"{where}: a row says {population.macs} Macs, the step {macs}",
                              hint="give the number of Macs in the step only")
    return population


@when(step_parser("the fleet rolls out over {days:Number} days"), target_fixture="fleet_result")
def fleet_rolls_out(fleet_population: Population, days: int) -> FleetResult:
    """Each user arrives on a working day of the rollout, enrolls and registers their Mac; each Mac's end
    state and the known issue that stopped it are read from the modelled system.

    Source: psso-sim fleet rollout (issue 14)
    Example: When the fleet rolls out over 5 days
    Area: Fleet
    """
    return run_fleet(replace(fleet_population, rollout_days=days))


@then(step_parser("at most {count:Number} Macs are stuck in registration"))
def at_most_stuck_in_registration(fleet_result: FleetResult, count: int) -> None:
    """No more than this many Macs ended with Platform SSO configured but not registered.

    Example: Then at most 0 Macs are stuck in registration
    Area: Fleet
    """
    _at_most(fleet_result, STUCK_IN_REGISTRATION, count)


@then(step_parser("at most {count:Number} Macs are stuck in enrollment"))
def at_most_stuck_in_enrollment(fleet_result: FleetResult, count: int) -> None:
    """No more than this many Macs ended unmanaged or without the Platform SSO settings.

    Example: Then at most 0 Macs are stuck in enrollment
    Area: Fleet
    """
    _at_most(fleet_result, STUCK_IN_ENROLLMENT, count)


@then(step_parser('{count:Number} Macs end "{state:Label}"'))
def macs_end_in(fleet_result: FleetResult, count: int, state: str) -> None:
    """Exactly this many Macs ended in this end state (registered, password not synced, stuck in
    registration, stuck in enrollment).

    Example: Then 30 Macs end "registered"
    Area: Fleet
    """
    if state not in END_STATES:
        pytest.fail(f"no end state '{state}'; end states: {', '.join(END_STATES)}")
    found = fleet_result.stuck(state)
    assert found == count, f"{found} Macs end '{state}', not {count}:\n{fleet_summary(fleet_result)}"


@then(step_parser('{count:Number} Macs are stuck because of "{issue:Text}"'))
def macs_stuck_because_of(fleet_result: FleetResult, count: int, issue: str) -> None:
    """Exactly this many Macs did not end registered because of this known issue (its title), or
    "unexplained": a symptom no known issue names.

    Example: Then 5 Macs are stuck because of "Per user MFA causes password sync failure"
    Area: Fleet
    """
    titles = sorted({symptom.known_issue for symptom in SYMPTOMS} | {UNEXPLAINED})
    if issue not in titles:
        pytest.fail(f"no known issue titled '{issue}'; the fleet recognises: {'; '.join(titles)}")
    found = fleet_result.because_of(issue)
    assert found == count, f"{found} Macs are stuck because of '{issue}', not {count}:\n{fleet_summary(fleet_result)}"


@then(step_parser("every Mac without a known issue is registered"))
def every_other_mac_registered(fleet_result: FleetResult) -> None:
    """A Mac that no known issue stopped ended registered: none is stuck for an unexplained reason.

    Example: Then every Mac without a known issue is registered
    Area: Fleet
    """
    bad = [o for o in fleet_result.outcomes if o.known_issue in (None, UNEXPLAINED) and o.end_state != "registered"]
    lines = [f"  {o.mac} (macOS {o.macos}, {o.authentication_method}): {o.end_state}: {o.detail}" for o in bad[:10]]
    assert not bad, f"{len(bad)} Macs are not registered, and no known issue says why:\n" + "\n".join(lines)


def fleet_summary(result: FleetResult) -> str:
    """Macs per end state and known issue, one line each (for failure messages)."""
    return "\n".join(f"  {count:5d}  {state}" + (f" ({issue})" if issue else "")
                     for (state, issue), count in result.counts().items())


def _at_most(result: FleetResult, state: str, count: int) -> None:
    found = result.stuck(state)
    assert found <= count, f"{found} Macs are {state}, more than {count}:\n{fleet_summary(result)}"
