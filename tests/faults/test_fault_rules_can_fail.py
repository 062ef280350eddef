"""Take the fault consult away from the network seam: the outage scenarios must turn red.

The outages in the known-issue features are faults (:mod:`psso_sim.faults`), not a special case in the
registration service; if the network stopped asking the fault plan, the Mac would register at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_breaking import assert_rule_broke, make_project, run_selected

pytest_plugins = ["pytester"]

KNOWN_ISSUES = Path(__file__).resolve().parents[2] / "features" / "known_issues"
FEATURES = [KNOWN_ISSUES / "long_running_operations.feature", KNOWN_ISSUES / "registration_service_faults.feature"]
OUTAGE_SCENARIOS = "failed or outage or refused"  # two in each feature


def test_with_the_consult_in_place_the_outage_scenarios_pass(pytester: pytest.Pytester) -> None:
    module = make_project(pytester, FEATURES, module="test_faults").removesuffix(".py")
    outcomes, output = run_selected(pytester, module, OUTAGE_SCENARIOS)
    assert outcomes.get("passed") == 4 and not outcomes.get("failed"), output


def test_without_the_consult_the_outage_scenarios_turn_red(pytester: pytest.Pytester) -> None:
    patch = """
    from psso_sim.faults import FaultPlan
    monkeypatch.setattr(FaultPlan, "intercept", lambda self, request: None)
    """
    module = make_project(pytester, FEATURES, patch, module="test_faults").removesuffix(".py")
    outcomes, output = run_selected(pytester, module, OUTAGE_SCENARIOS)
    assert_rule_broke(outcomes, output, "the network consults the fault plan", 4)
