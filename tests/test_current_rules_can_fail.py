"""The current product's rules (Company Portal enrollment, the three authentication methods, Deregister,
the registration status): each one's scenarios turn red when the rule is taken away.

As in ``test_rules_can_fail.py``: a feature runs in a fresh pytest in a subprocess (``pytester``) whose
conftest monkeypatches one rule out of the simulation (a model method, or a row of the product, macOS or
method tables); the scenarios that rest on the rule must fail. With nothing patched the same selections
pass, so the failures come from the rule and not from the harness.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_breaking import Break, assert_rule_broke, make_project, run_selected

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "features"



def _row(table: str, key: str, **changes: object) -> str:
    """A patch that swaps one row of a table (PRODUCTS, MACOS, METHODS) for a changed copy."""
    module = {"PRODUCTS": "psso_sim.product.releases", "MACOS": "psso_sim.product.macos",
              "METHODS": "psso_sim.macos.authentication_methods"}[table]
    fields = ", ".join(f"{name}={value!r}" for name, value in changes.items())
    return f"""
        from dataclasses import replace
        from {module} import {table}
        monkeypatch.setitem({table}, {key!r}, replace({table}[{key!r}], {fields}))
        """


BREAKS = {
    "the Secure Enclave's private half is sent to Entra": Break(
        "registration/register_with_secure_enclave.feature", "register_with_the_secure_enclave", 3,
        """
        from cryptography.hazmat.primitives import serialization
        from psso_sim.macos.secure_enclave import SecureEnclave
        create = SecureEnclave.create_key
        def leaking(self, tag):
            create(self, tag)
            key = self._SecureEnclave__keys[tag]
            return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode()
        monkeypatch.setattr(SecureEnclave, "create_key", leaking)
        """,
    ),
    "the Secure Enclave method synchronizes the password": Break(
        "registration/register_with_secure_enclave.feature", "register_with_the_secure_enclave", 3,
        _row("METHODS", "UserSecureEnclaveKey", syncs_password=True),
    ),
    "the Secure Enclave setup does not insist on MFA": Break(
        "registration/register_with_secure_enclave.feature", "mfa_is_mandatory", 1,
        _row("METHODS", "UserSecureEnclaveKey", mfa_for_setup=False),
    ),
    "the PRT is not bound to the Secure Enclave key": Break(
        "registration/register_with_secure_enclave.feature", "unlocking_the_prompt_with_touch_id", 2,
        """
        from psso_sim.entra.models import Grant
        monkeypatch.setattr(Grant, "key_id", None, raising=False)
        from psso_sim.entra.tokens import TokenService
        login = TokenService.psso_key_login
        def unbound(self, assertion, *, client_id):
            tokens = login(self, assertion, client_id=client_id)
            from dataclasses import replace
            self.grants[tokens.refresh_token] = replace(self.grants[tokens.refresh_token], key_id=None)
            return tokens
        monkeypatch.setattr(TokenService, "psso_key_login", unbound)
        """,
    ),
    "the macOS 14 and 15 prompt to register with Microsoft Entra is gone": Break(
        "registration/register_with_password.feature", "unlocking_first", 2,
        _row("MACOS", 14, entra_registration_prompt=False) + _row("MACOS", 15, entra_registration_prompt=False),
    ),
    "the smart card accepts any PIN": Break(
        "registration/register_with_smart_card.feature", "wrong_pin", 1,
        """
        from psso_sim.macos.smart_card import SmartCard
        def any_pin(self, pin):
            self.verified = True
            return True
        monkeypatch.setattr(SmartCard, "verify_pin", any_pin)
        """,
    ),
    "Entra accepts a certificate while certificate-based authentication is off": Break(
        "registration/register_with_smart_card.feature", "without_certificatebased", 1,
        """
        from psso_sim.entra.certificate_auth import CertificateBasedAuthentication
        authenticate = CertificateBasedAuthentication.authenticate
        def ignoring_the_switch(self, certificate, assertion):
            enabled, self.enabled = self.enabled, True
            try:
                return authenticate(self, certificate, assertion)
            finally:
                self.enabled = enabled
        monkeypatch.setattr(CertificateBasedAuthentication, "authenticate", ignoring_the_switch)
        """,
    ),
    "macOS 13 takes the Smart card method": Break(
        "registration/register_with_smart_card.feature", "macos_13_offers_no_smart_card", 1,
        _row("MACOS", 13, authentication_methods=frozenset({"Password", "UserSecureEnclaveKey", "SmartCard"})),
    ),
    "a restart leaves the keychain unlocked for the smart card": Break(
        "registration/register_with_smart_card.feature", "pair_the_card", 2,
        """
        from psso_sim.macos.keychain import Keychain
        monkeypatch.setattr(Keychain, "locked", property(lambda self: False, lambda self, value: None), raising=False)
        """,
    ),
    "the Password method's Entra password never becomes the local password": Break(
        "registration/register_with_password.feature", "unlocking_first", 2,
        _row("METHODS", "Password", syncs_password=False),
    ),
    "Company Portal asks to Register instead of saying Done": Break(
        "enrollment/join_with_company_portal.feature", "enroll_with_company_portal", 3,
        _row("PRODUCTS", "current", registration_prompt="company-portal"),
    ),
    "a missed notification comes back after the seeds' 5 minutes": Break(
        "enrollment/join_with_company_portal.feature", "comes_back_after_about_10", 3,
        """
        from datetime import timedelta
        """ + _row("PRODUCTS", "current", registration_reminder="__FIVE__").replace(
            "'__FIVE__'", "timedelta(minutes=5)"),
    ),
    "Preferences says the seeds' Unregister": Break(
        "troubleshooting/deregister.feature", "deregister_removes", 3,
        _row("PRODUCTS", "current", deregister_label="Unregister"),
    ),
    "Users & Groups shows no registration status": Break(
        "registration/check_registration_status.feature", "shows_the_registration", 6,
        _row("PRODUCTS", "current", registration_status_in_users_and_groups=False),
    ),
}


def _project(pytester: pytest.Pytester, features: list[str], patch: str = "") -> None:
    make_project(pytester, [FEATURES / feature for feature in features], patch, module="test_current")


def test_with_every_rule_in_place_the_selected_scenarios_pass(pytester: pytest.Pytester) -> None:
    _project(pytester, [rule.feature for rule in BREAKS.values()])
    select = " or ".join(sorted({rule.select for rule in BREAKS.values()}))
    outcomes, output = run_selected(pytester, "test_current", select)
    # Some selections overlap (several rules rest on the same scenarios): each is counted once here.
    assert outcomes.get("passed", 0) >= max(rule.failing for rule in BREAKS.values()), output
    assert not outcomes.get("failed") and not outcomes.get("errors"), output


@pytest.mark.parametrize("name", BREAKS)
def test_breaking_the_rule_fails_its_scenarios(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    _project(pytester, [rule.feature], rule.patch)
    assert_rule_broke(*run_selected(pytester, "test_current", rule.select), name, rule.failing)
