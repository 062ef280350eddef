"""The current product's known issues and troubleshooting: each scenario fails when its rule is taken away.

Each feature runs in a fresh pytest in a subprocess (``pytester``) whose conftest monkeypatches one rule
out of the simulation: macOS 15.3 still races, the race never happens, the OS ignores a configuration it
cannot read, AppSSO's error is not persisted, swcd answers rows from before an update, swcutil reset keeps
them, a temporary password signs in, Platform SSO never notices a password change. The scenarios that rest
on the rule must fail; with nothing patched the same selections pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_breaking import Break, assert_rule_broke, make_project, run_selected

pytest_plugins = ["pytester"]

FEATURES = Path(__file__).resolve().parent.parent / "features"
SEQUOIA = "known_issues/sequoia_reregistration.feature"
PLUG_IN = "known_issues/sso_plugin_after_update.feature"
TEMPORARY = "known_issues/temporary_passwords.feature"
FAQ = "troubleshooting/password_change_on_another_machine.feature"



BREAKS = {
    "macOS 15.3 still races": Break(
        SEQUOIA, "stays_whole and 15.3 or installing_macos", 2,
        """
        from dataclasses import replace
        from psso_sim.product import macos
        monkeypatch.setitem(macos.MACOS, 15, replace(macos.MACOS[15], device_configuration_race=("15.0", "15.3")))
        """,
    ),
    "AppSSOAgent and AppSSODaemon always coordinate their writes": Break(
        SEQUOIA, "corrupted or sysdiagnose_from", 4,
        """
        from psso_sim.macos.device_configuration import DeviceConfiguration
        monkeypatch.setattr(DeviceConfiguration, "writes_race", property(lambda self: False))
        """,
    ),
    "the OS ignores a device configuration it cannot read": Break(
        SEQUOIA, "corrupted or sysdiagnose_from", 4,
        """
        from psso_sim.macos.device_configuration import DeviceConfiguration
        monkeypatch.setattr(DeviceConfiguration, "remediate", lambda self, error: None)
        """,
    ),
    "AppSSO's deserialization error is not persisted": Break(
        SEQUOIA, "corrupted or sysdiagnose_from", 4,
        """
        from psso_sim.macos.diagnostics.unified_log import UnifiedLogging
        monkeypatch.setattr(UnifiedLogging, "error", lambda self, process, message: None)
        """,
    ),
    "swcd answers the rows it checked before the update": Break(
        PLUG_IN, "comes_back", 3,
        """
        from psso_sim.macos.associated_domains import Swcd
        def approves(self, app_id, domain):
            row = self.database.get((app_id, domain)) or self._check(app_id, domain)
            return row.approved
        monkeypatch.setattr(Swcd, "approves", approves)
        """,
    ),
    "swcutil reset keeps swcd's stale rows": Break(
        PLUG_IN, "comes_back", 3,
        """
        from psso_sim.macos.associated_domains import Swcd
        monkeypatch.setattr(Swcd, "reset", lambda self: None)
        """,
    ),
    "a temporary password signs in and is synced": Break(
        TEMPORARY, "temporary", 6,
        """
        from psso_sim.entra.directory import Directory
        def reset_password(self, user, temporary_password, *, at):  # an ordinary password: no change forced
            return self.update_user(user, password=temporary_password, password_changed_at=at)
        monkeypatch.setattr(Directory, "reset_password", reset_password)
        """,
    ),
    "Platform SSO never asks for the new password after a change": Break(
        FAQ, "old_password", 3,
        """
        from psso_sim.macos.prt_refresh import PrtRefresh
        monkeypatch.setattr(PrtRefresh, "_ask_for_new_password", lambda self: None)
        """,
    ),
}


def _project(pytester: pytest.Pytester, features: list[str], patch: str = "") -> None:
    make_project(pytester, [FEATURES / feature for feature in features], patch, module="test_current_issues")


def test_with_every_rule_in_place_the_selected_scenarios_pass(pytester: pytest.Pytester) -> None:
    _project(pytester, sorted({rule.feature for rule in BREAKS.values()}))
    selections = {(rule.select, rule.failing) for rule in BREAKS.values()}
    select = " or ".join(f"({select})" for select, _ in sorted(selections))
    outcomes, output = run_selected(pytester, "test_current_issues", select)
    assert outcomes.get("passed") == sum(failing for _, failing in selections), output  # they do not overlap
    assert not outcomes.get("failed") and not outcomes.get("errors"), output


@pytest.mark.parametrize("name", BREAKS)
def test_breaking_the_rule_fails_its_scenarios(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    _project(pytester, [rule.feature], rule.patch)
    assert_rule_broke(*run_selected(pytester, "test_current_issues", rule.select), name, rule.failing)
