"""Fault injection: switches on the simulated services, seeded and reproducible (see :mod:`.spec`)."""

from psso_sim.faults.plan import ActiveFault, FaultPlan
from psso_sim.faults.presets import SETTINGS, registration_outage, token_throttling
from psso_sim.faults.spec import APNS, MDM, Fault, FaultSpecError, parse_duration, parse_fault

__all__ = ["APNS", "MDM", "SETTINGS", "ActiveFault", "Fault", "FaultPlan", "FaultSpecError", "parse_duration",
           "parse_fault", "registration_outage", "token_throttling"]
