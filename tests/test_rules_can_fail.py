"""Each workflow's scenarios fail when the model rule behind the workflow is taken away.

A scenario that checked a flag set by an earlier step would stay green with its rule gone. Here a
feature runs in a fresh pytest in a subprocess (``pytester``) whose conftest monkeypatches one rule
out of the simulation; the scenarios that rest on the rule must fail. With nothing patched the same
selections pass, so the failures come from the rule and not from the harness.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_breaking import Break, assert_rule_broke, make_project, run_selected

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "features"



BREAKS = {
    "a Platform SSO registration leaves the Workplace Join key": Break(
        "migration/enterprise_sso_plugin.feature", "starts_the_migration", 3,
        """
        from psso_sim.macos import workplace_join
        monkeypatch.setattr(workplace_join, "retire_workplace_join", lambda mac: False)
        """,
    ),
    "Platform SSO never refreshes the PRT": Break(
        "validation/password_change_events.feature", "between_two", 2,
        """
        from psso_sim.macos.prt_refresh import PrtRefresh
        monkeypatch.setattr(PrtRefresh, "schedule", lambda self: None)
        """,
    ),
    "Platform SSO refreshes the PRT a second later than every 4 hours": Break(
        "validation/password_change_events.feature", "4hour_bound", 2,
        """
        from datetime import timedelta
        from psso_sim.macos import prt_refresh
        monkeypatch.setattr(prt_refresh, "PRT_REFRESH_INTERVAL", timedelta(hours=4, seconds=1))
        """,
    ),
    "device registration creates no device object in Entra ID": Break(
        "enrollment/mdm_enrollment_entra_join.feature", "enroll_and_register", 2,
        """
        from psso_sim.entra.directory import Directory
        monkeypatch.setattr(Directory, "add_device", lambda self, device: None)
        """,
    ),
    "a missed registration notification never comes back": Break(
        "registration/jitr.feature", "missed", 2,
        """
        from psso_sim.macos.platform_sso import PlatformSSO
        monkeypatch.setattr(PlatformSSO, "_remind", lambda self: None)
        """,
    ),
    "Intune raises no action item to register the Mac": Break(
        "registration/jitr.feature", "devices_tab", 2,
        """
        from psso_sim.intune.device_status import DeviceStatus
        of = DeviceStatus.of.__func__
        monkeypatch.setattr(DeviceStatus, "of", classmethod(
            lambda cls, device, *, psso_targeted: of(cls, device, psso_targeted=False)))
        """,
    ),
    "Conditional Access lets a device that is not compliant through": Break(
        "compliance/user_blocked_by_management_policy.feature", "jit_workflow", 2,
        """
        from psso_sim.entra.sign_in_rules import SignInRules
        monkeypatch.setattr(SignInRules, "enforce_conditional_access", lambda self, *args, **kwargs: None)
        """,
    ),
    "Intune's compliance ignores a missing Platform SSO registration": Break(
        "compliance/device_falls_out_of_compliance.feature", "compliance_mediation", 2,
        """
        from psso_sim.intune.models import CompliancePolicy
        from psso_sim.world import World
        lenient = CompliancePolicy("macOS compliance", require_platform_sso_registration=False)
        monkeypatch.setattr(World, "require_compliance",
                            lambda self, policy=None: self.intune.create_compliance_policy(lenient))
        """,
    ),
    "Repair in Network Account Server does nothing": Break(
        "troubleshooting/repair_registration.feature", "repair_in_users", 1,
        """
        from psso_sim.macos.platform_sso import PlatformSSO
        monkeypatch.setattr(PlatformSSO, "repair", lambda self: None)
        """,
    ),
    "a cancelled Repair forgets that the Mac is still registered": Break(
        "troubleshooting/repair_registration.feature", "repair_cancelled", 1,
        """
        from psso_sim.macos.platform_sso import PlatformSSO
        monkeypatch.setattr(PlatformSSO, "_still_registered", lambda self, why: False)
        """,
    ),
    "Entra renews no PRT when the Mac refreshes it": Break(
        "validation/long_lived_mac.feature", "awake_and_unlocked", 1,
        """
        from psso_sim.entra import tokens
        monkeypatch.setattr(tokens, "PRT_RENEWAL", "no resource renews a PRT")
        """,
    ),
    "a Mac with its lid closed still refreshes the PRT": Break(
        "validation/long_lived_mac.feature", "closed_past and Secure", 1,
        """
        from psso_sim.macos.prt_refresh import PrtRefresh
        refresh = PrtRefresh.refresh
        def refresh_even_asleep(self):
            asleep, self._mac.power.asleep = self._mac.power.asleep, False
            try:
                refresh(self)
            finally:
                self._mac.power.asleep = asleep
        monkeypatch.setattr(PrtRefresh, "refresh", refresh_even_asleep)
        """,
    ),
    "a PRT that expired unused is refused as revoked (a password change)": Break(
        "validation/long_lived_mac.feature", "closed_past and Microsoft", 1,
        """
        from psso_sim.entra.errors import GrantExpired
        monkeypatch.setattr(GrantExpired, "code", 50173)
        """,
    ),
    "a refresh ignores the MFA its resource requires": Break(
        "validation/refresh_meets_conditional_access.feature", "mfa_required_for_intune", 1,
        """
        from psso_sim.entra.tokens import TokenService
        refresh = TokenService.refresh
        def refresh_without_mfa(self, *args, **kwargs):
            monkeypatch.setattr(self.rules, "mfa_needed", lambda user, resource: False)
            return refresh(self, *args, **kwargs)
        monkeypatch.setattr(TokenService, "refresh", refresh_without_mfa)
        """,
    ),
    "Unregister keeps the device object in Entra ID": Break(
        "troubleshooting/unregister_and_sign_out.feature", "unregister_removes", 2,
        """
        from psso_sim.company_portal.sso_extension import EntraAnswer, SsoExtension
        monkeypatch.setattr(SsoExtension, "unregister_device", lambda self, reg: EntraAnswer(204, {}))
        """,
    ),
    # The composite outcomes (steps/everywhere.py): each break leaves the scenario's older one-system
    # checks green (registered, joined, compliant) and turns "registered/unregistered everywhere" red.
    "Intune does not record the Entra device ID at check-in": Break(
        "registration/register_with_secure_enclave.feature", "unlocking_the_prompt_with_touch", 2,
        """
        from psso_sim.intune.backend import IntuneBackend
        update = IntuneBackend._update_facts
        monkeypatch.setattr(IntuneBackend, "_update_facts",
                            lambda self, device, facts: update(self, device, {**facts, "AzureADDeviceID": None}))
        """,
    ),
    "Company Portal keeps the action item to register a registered Mac": Break(
        "registration/register_with_password.feature", "unlocking_first", 2,
        """
        from dataclasses import replace
        from psso_sim.intune.device_status import REGISTER_PLATFORM_SSO, DeviceStatus
        of = DeviceStatus.of.__func__
        def stale(cls, device, *, psso_targeted):
            status = of(cls, device, psso_targeted=psso_targeted)
            return replace(status, action_items=(REGISTER_PLATFORM_SSO,)) if psso_targeted else status
        monkeypatch.setattr(DeviceStatus, "of", classmethod(stale))
        """,
    ),
    "Intune keeps the Entra device ID of a removed registration": Break(
        "troubleshooting/deregister.feature", "deregister_removes", 3,
        """
        from psso_sim.intune.backend import IntuneBackend
        update = IntuneBackend._update_facts
        def sticky(self, device, facts):
            return update(self, device, {**facts, "AzureADDeviceID": facts.get("AzureADDeviceID")
                                         or device.azure_ad_device_id})
        monkeypatch.setattr(IntuneBackend, "_update_facts", sticky)
        """,
    ),
    "Safari does not use the Platform SSO PRT (no single sign-on)": Break(
        "migration/enable_psso_on_enrolled_mac.feature", "register_when_convenient", 3,
        """
        from psso_sim.macos import browser
        monkeypatch.setattr(browser, "sso_extension_activated", lambda mac: False)
        """,
    ),
    "each macOS reads the other version's authentication method key": Break(
        "registration/method_per_macos_version.feature", "follows_its_own_key", 6,
        """
        from dataclasses import replace
        from psso_sim.product import macos
        other = {"AuthenticationMethod": "PlatformSSO.AuthenticationMethod",
                 "PlatformSSO.AuthenticationMethod": "AuthenticationMethod"}
        for major, row in list(macos.MACOS.items()):
            monkeypatch.setitem(macos.MACOS, major, replace(row, reads_method_from=other[row.reads_method_from]))
        """,
    ),
}


def _project(pytester: pytest.Pytester, features: list[str], patch: str = "") -> None:
    make_project(pytester, [FEATURES / feature for feature in features], patch, module="test_workflows")


def test_with_every_rule_in_place_the_selected_scenarios_pass(pytester: pytest.Pytester) -> None:
    _project(pytester, [rule.feature for rule in BREAKS.values()])
    select = " or ".join(sorted({rule.select for rule in BREAKS.values()}))
    outcomes, output = run_selected(pytester, "test_workflows", select)
    expected = sum(rule.failing for rule in BREAKS.values())  # the selections do not overlap
    assert outcomes.get("passed") == expected and not outcomes.get("failed"), output
    assert not outcomes.get("errors"), output


@pytest.mark.parametrize("name", BREAKS)
def test_breaking_the_rule_fails_its_scenarios(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    _project(pytester, [rule.feature], rule.patch)
    assert_rule_broke(*run_selected(pytester, "test_workflows", rule.select), name, rule.failing)
