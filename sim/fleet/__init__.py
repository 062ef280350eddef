"""A fleet in one World: a population of users and Macs, rolled out over simulated days.

A :class:`Population` (a small TOML file or a Gherkin table) says how many Macs, which macOS versions,
authentication methods, per-user MFA, passcode policies, join permission and legacy Workplace Join keys,
in what shares. :func:`run_fleet` builds one tenant from it, lets each user arrive on a working day and
enroll and register through the documented flow, and reads each Mac's end state, and the known issue
that stopped it, from the modelled system (:mod:`psso_sim.fleet.outcomes`).
"""

from psso_sim.fleet.outcomes import END_STATES, UNEXPLAINED, FleetResult, MacOutcome
from psso_sim.fleet.population import Member, Population, PopulationError, load_population
from psso_sim.fleet.rollout import run_fleet

__all__ = ["END_STATES", "UNEXPLAINED", "FleetResult", "MacOutcome", "Member", "Population", "PopulationError",
           "load_population", "run_fleet"]
