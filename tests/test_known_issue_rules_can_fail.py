"""Each known issue's scenario fails when the rule behind the issue is taken away.

A known issue modelled as a hard-coded outcome would still pass with its rule gone. Here each
feature runs in a fresh pytest (``pytester``, in a subprocess) whose conftest monkeypatches one
rule out of the simulation: a non-allowed user may join, per-user MFA is ignored, the local
password policy allows everything, closing the SSO prompt does not cancel, the retry prompt
comes at once, registration takes no time. The scenarios that rest on the rule must fail; with
nothing patched, every one passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rule_breaking import assert_rule_broke, make_project

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
KNOWN_ISSUES = ROOT / "features" / "known_issues"


@dataclass(frozen=True)
class Break:
    feature: str
    patch: str  # the body of an autouse fixture taking ``monkeypatch``
    failing: int  # how many scenarios (examples included) rest on the rule
    select: str = ""  # a -k expression, when only some scenarios of the feature rest on the rule


BREAKS = {
    "a user not allowed to join devices may join": Break(
        "insufficient_permissions.feature",
        """
        from psso_sim.entra.models import DeviceRegistrationPolicy
        monkeypatch.setattr(DeviceRegistrationPolicy, "may_join", lambda self, user: True)
        """,
        failing=2,
    ),
    "per-user MFA is ignored": Break(
        "per_user_mfa.feature",
        """
        from psso_sim.entra.directory import Directory
        create_user = Directory.create_user
        def without_per_user_mfa(self, *args, **kwargs):
            kwargs["per_user_mfa"] = False
            return create_user(self, *args, **kwargs)
        monkeypatch.setattr(Directory, "create_user", without_per_user_mfa)
        """,
        failing=2,
        select="peruser_mfa_breaks",
    ),
    "the local password policy allows any password": Break(
        "passcode_policy_mismatch.feature",
        """
        from psso_sim.macos.password_policy import LocalPasswordPolicy
        monkeypatch.setattr(LocalPasswordPolicy, "violations", lambda self, password: [])
        """,
        failing=2,
    ),
    "closing the SSO auth prompt does not cancel registration": Break(
        "sso_prompt_closed.feature",
        """
        from psso_sim.macos.platform_sso import PlatformSSO
        monkeypatch.setattr(PlatformSSO, "_registration_cancelled", PlatformSSO.require_registration)
        """,
        failing=2,
    ),
    "a failed registration is offered again at once": Break(
        "long_running_operations.feature",
        """
        from dataclasses import replace
        from datetime import timedelta
        from psso_sim.product import macos
        for major in (13, 14):
            slow = replace(macos.MACOS[major], registration_retry_prompt=timedelta(minutes=1))
            monkeypatch.setitem(macos.MACOS, major, slow)
        """,
        failing=2,
        select="failed",
    ),
    "registration on macOS 13 takes no time": Break(
        "long_running_operations.feature",
        """
        from dataclasses import replace
        from datetime import timedelta
        from psso_sim.product import macos
        monkeypatch.setitem(macos.MACOS, 13, replace(macos.MACOS[13], registration_duration=timedelta(seconds=1)))
        """,
        failing=1,
        select="takes_a_few_minutes",
    ),
}


def _project(pytester: pytest.Pytester, features: list[Path], patch: str = "") -> None:
    make_project(pytester, features, patch, module="test_known_issue")


def test_with_every_rule_in_place_the_known_issues_pass(pytester: pytest.Pytester) -> None:
    features = sorted(KNOWN_ISSUES.glob("*.feature"))
    _project(pytester, features)
    result = pytester.runpytest_inprocess("-q", "test_known_issue.py")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= len(features) and not outcomes.get("failed"), result.stdout.str()


@pytest.mark.parametrize("name", BREAKS)
def test_breaking_the_rule_fails_the_scenario(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    _project(pytester, [KNOWN_ISSUES / rule.feature], rule.patch)
    args = ["-q", "test_known_issue.py", *(["-k", rule.select] if rule.select else [])]
    result = pytester.runpytest_inprocess(*args)
    assert_rule_broke(result.parseoutcomes(), result.stdout.str(), name, rule.failing)
