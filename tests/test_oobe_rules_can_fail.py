"""The out-of-box join and the Secure Enclave's known issues: each scenario fails when its rule is taken away.

Each feature runs in a fresh pytest in a subprocess (``pytester``) whose conftest monkeypatches one rule
out of the simulation: Intune answers no Mac's cloud configuration, ADE enrolls nobody user-affine, Intune
installs no required app, Platform SSO takes its settings before Company Portal or the user's account is
there, no Mac escrows its recovery key, any recovery key resets the password, a password reset keeps the
Secure Enclave, Platform SSO never checks its key, the recovery keeps a synced registration, Entra ignores
its FIDO2 policy, macOS ignores the passkey provider switch. The scenarios that rest on the
rule must fail; with nothing patched the same selections pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_breaking import Break, assert_rule_broke, make_project, run_selected

pytest_plugins = ["pytester"]

FEATURES = Path(__file__).resolve().parent.parent / "features"
SET_UP = "enrollment/set_up_in_setup_assistant.feature"
REGISTER = "enrollment/register_after_setup_assistant.feature"
RECOVERY = "known_issues/password_recovery_reregistration.feature"
PASSKEYS = "known_issues/passkey_troubleshooting.feature"
ALL_SET_UPS = "up_to_registration_required"  # the outline: 8 rows, methods by macOS versions
SE_RECOVERIES = "filevault_recovery_key_resets or mdmdriven"  # 3 rows and 1

BREAKS = {
    "Intune gives no Mac its ADE cloud configuration": Break(
        SET_UP, ALL_SET_UPS, 8,
        """
        from psso_sim.intune.automated_enrollment import AutomatedDeviceEnrollment, DeviceNotAssigned

        def unassigned(self, serial_number):
            raise DeviceNotAssigned(f"no enrollment profile for '{serial_number}'")

        monkeypatch.setattr(AutomatedDeviceEnrollment, "cloud_configuration", unassigned)
        """,
    ),
    "ADE enrolls no Mac user-affine": Break(
        SET_UP, ALL_SET_UPS, 8,
        """
        from psso_sim.intune.automated_enrollment import AutomatedDeviceEnrollment
        monkeypatch.setattr(AutomatedDeviceEnrollment, "enrolled_device", lambda self, challenge, device: None)
        """,
    ),
    "Intune never installs a required app": Break(
        SET_UP, f"{ALL_SET_UPS} or waits_for_company_portal", 9,
        """
        from psso_sim.intune.required_apps import RequiredApps
        monkeypatch.setattr(RequiredApps, "next_command", lambda self, device: None)
        """,
    ),
    "Intune never installs a required app, so nothing asks to register": Break(
        REGISTER, "password_on_macos", 3,
        """
        from psso_sim.intune.required_apps import RequiredApps
        monkeypatch.setattr(RequiredApps, "next_command", lambda self, device: None)
        """,
    ),
    "Platform SSO takes its settings before Company Portal's SSO extension is installed": Break(
        SET_UP, "waits_for_company_portal", 1,
        """
        from psso_sim.macos.applications import Applications
        monkeypatch.setattr(Applications, "_has_extension", lambda self, payload: True)
        """,
    ),
    "Platform SSO takes its settings while Setup Assistant has created no account": Break(
        SET_UP, "waits_for_the_users_account", 1,
        """
        from psso_sim.macos.applications import Applications
        monkeypatch.setattr(Applications, "_ready", lambda self, payload: self._has_extension(payload))
        """,
    ),
    "a Mac escrows no FileVault recovery key with Intune": Break(
        RECOVERY, "mdmdriven", 1,
        """
        from psso_sim.intune.recovery_keys import FileVaultKeys
        monkeypatch.setattr(FileVaultKeys, "escrow", lambda self, device, facts: None)
        """,
    ),
    "the Reset Password window takes any recovery key": Break(
        RECOVERY, "wrong_recovery_key", 1,
        """
        from psso_sim.macos.password_recovery import FileVault
        monkeypatch.setattr(FileVault, "accepts", lambda self, recovery_key: True)
        """,
    ),
    "a password reset without the old password keeps the Secure Enclave's keys": Break(
        RECOVERY, SE_RECOVERIES, 4,
        """
        from psso_sim.macos.secure_enclave import SecureEnclave
        monkeypatch.setattr(SecureEnclave, "reset", lambda self: None)
        """,
    ),
    "Platform SSO never checks its Secure Enclave key when a session opens": Break(
        RECOVERY, SE_RECOVERIES, 4,
        """
        from psso_sim.macos import login_window
        monkeypatch.setattr(login_window, "check_user_key", lambda mac: None)
        """,
    ),
    "a password recovery keeps the Password method's registration": Break(
        RECOVERY, "password_the_recovery_removes", 1,
        """
        from psso_sim.macos import password_recovery
        monkeypatch.setattr(password_recovery, "remove_synced_registration", lambda mac: None)
        """,
    ),
    "Entra offers and accepts passkeys whatever its FIDO2 policy says": Break(
        PASSKEYS, "without_passkeys_fido2 or another_authenticator", 2,
        """
        from psso_sim.entra.passkey_authentication import Fido2Configuration
        monkeypatch.setattr(Fido2Configuration, "accepts", lambda self, aaguid: True)
        """,
    ),
    "macOS offers the Platform Credential whatever the method and the passkey provider switch": Break(
        PASSKEYS, "company_portal_off or password_method_gives", 2,
        """
        from psso_sim.macos.passkeys import Passkeys
        monkeypatch.setattr(Passkeys, "why_no_platform_credential", lambda self: None)
        """,
    ),
}


def _project(pytester: pytest.Pytester, features: list[str], patch: str = "") -> None:
    make_project(pytester, [FEATURES / feature for feature in features], patch, module="test_oobe")


def test_with_every_rule_in_place_the_selected_scenarios_pass(pytester: pytest.Pytester) -> None:
    _project(pytester, sorted({rule.feature for rule in BREAKS.values()}))
    selections = {(rule.select, rule.failing) for rule in BREAKS.values()}
    select = " or ".join(f"({select})" for select, _ in sorted(selections))
    outcomes, output = run_selected(pytester, "test_oobe", select)
    # Some rules share scenarios: each selected scenario passes once.
    assert outcomes.get("passed") == 8 + 1 + 1 + 3 + 4 + 1 + 1 + 2 + 2, output
    assert not outcomes.get("failed") and not outcomes.get("errors"), output


@pytest.mark.parametrize("name", BREAKS)
def test_breaking_the_rule_fails_its_scenarios(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    _project(pytester, [rule.feature], rule.patch)
    assert_rule_broke(*run_selected(pytester, "test_oobe", rule.select), name, rule.failing)
