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


THROTTLING = [Path(__file__).resolve().parents[2] / "features" / "registration" / "throttled_token_requests.feature"]


def test_with_the_retry_policy_the_throttling_scenarios_pass(pytester: pytest.Pytester) -> None:
    module = make_project(pytester, THROTTLING, module="test_throttling").removesuffix(".py")
    outcomes, output = run_selected(pytester, module, "throttl or 503")
    assert outcomes.get("passed") == 3 and not outcomes.get("failed"), output


@pytest.mark.parametrize(("rule", "patch", "select", "failing"), [
    ("a 429 holds token requests back for Retry-After", """
    from psso_sim.company_portal.retry_policy import ClientThrottle
    monkeypatch.setattr(ClientThrottle, "_hold", lambda self, response: None)
    """, "throttled", 1),
    ("a 5xx is sent again once", """
    import dataclasses
    from psso_sim.company_portal import retry_policy
    from psso_sim.company_portal.retry_policy import ClientThrottle
    policy = dataclasses.replace(retry_policy.EXTENSION_RETRY_POLICY, retry_once_on_5xx=False)
    monkeypatch.setattr(ClientThrottle.__init__, "__defaults__", (policy,))
    """, "503", 2),
])
def test_without_the_retry_policy_the_throttling_scenarios_turn_red(
    pytester: pytest.Pytester, rule: str, patch: str, select: str, failing: int
) -> None:
    module = make_project(pytester, THROTTLING, patch, module="test_throttling").removesuffix(".py")
    outcomes, output = run_selected(pytester, module, select)
    assert_rule_broke(outcomes, output, rule, failing)
