"""The token-bound rules and Platform SSO's login rules (the key methods' two signatures, a disabled device or
user) fail their probes, and the scenarios that rest on them, when taken away.

Two ways, as elsewhere in the suite: a probe of test_tenant_binding.py or test_psso_key_login.py is run with
one rule monkeypatched out of the service and must fail (in process: the probes are plain functions); and a
feature runs in a fresh pytest (``pytester``) with the Mac no longer doing its part of a rule (proving the
device key), and the scenarios resting on it must fail while, with nothing patched, they pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import test_psso_key_login as key_probes
import test_tenant_binding as probes
from rule_breaking import Break, assert_rule_broke, make_project, run_selected

from psso_sim.entra import device_proofs, es256, psso_key_login, psso_login, psso_wire, registration, tokens
from psso_sim.entra.errors import DeviceAuthenticationFailed
from psso_sim.entra.jwt import decode_unverified
from psso_sim.entra.keys import TenantKeys
from psso_sim.entra.models import DeviceObject
from psso_sim.entra.tokens import TokenService

pytest_plugins = ["pytester"]

FEATURES = Path(__file__).resolve().parents[2] / "features"


def _signature_only(proof: str, device: DeviceObject, now: datetime, take_nonce: Callable[[str], None]) -> None:
    """The old rule: any JWS the device key signed unregisters the device."""
    if not es256.verify(proof, device.signing_key):
        raise DeviceAuthenticationFailed("bad signature")


def _unchecked_claims(self: TenantKeys, token: str) -> dict[str, Any]:
    return decode_unverified(token)[1]


def _unverified(token: str, key: object) -> dict[str, Any]:
    """The claims of a login request or embedded assertion, whoever signed it."""
    return decode_unverified(token)[1]


def _any_card_signature(mp: pytest.MonkeyPatch) -> None:
    """Neither certificate-based authentication nor the embedded assertion's reader checks the card's signature."""
    mp.setattr(es256, "verify", lambda token, key: True)
    mp.setattr(psso_wire, "read_embedded_assertion", _unverified)


def _no_enabled_check(*modules: object) -> Callable[[pytest.MonkeyPatch], None]:
    def take_away(mp: pytest.MonkeyPatch) -> None:
        for module in modules:
            mp.setattr(module, "check_enabled", lambda user, device: None)
    return take_away


RULES: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], Callable[[], None]]] = {
    "a refresh token is bound to the tenant that signed it": (
        lambda mp: mp.setattr(TokenService, "_check_tenant", lambda self, token: None),
        probes.test_two_tenants_of_one_seed_issue_different_prts_and_neither_redeems_the_others,
    ),
    "an access token is verified against the tenant's key and issuer": (
        lambda mp: mp.setattr(TenantKeys, "verify", _unchecked_claims),
        probes.test_an_access_token_of_another_tenant_is_not_valid_here,
    ),
    "a PRT needs a proof of its device's key": (
        lambda mp: mp.setattr(device_proofs, "check_refresh_proof", lambda *args: None),
        probes.test_a_prt_is_redeemed_only_with_a_fresh_proof_of_its_devices_key,
    ),
    "an unregister proof must say unregister": (
        lambda mp: mp.setattr(registration, "check_unregister_proof", _signature_only),
        probes.test_a_captured_login_request_does_not_unregister_the_device,
    ),
    "an unregister proof must be fresh": (
        lambda mp: mp.setattr(device_proofs, "PROOF_LIFETIME", timedelta(days=1)),
        probes.test_an_unregister_proof_must_be_fresh_carry_a_live_nonce_and_name_the_device,
    ),
    "a login request must be current": (
        lambda mp: mp.setattr(psso_login, "CLOCK_SKEW", timedelta(days=1)),
        probes.test_a_login_request_is_refused_unless_its_device_signed_it_for_this_tenant_now,
    ),
    "a key login request is verified with its device's key": (
        lambda mp: mp.setattr(psso_wire, "read_login_request", _unverified),
        key_probes.test_a_key_login_whose_request_another_device_key_signed_is_refused,
    ),
    "a Secure Enclave assertion is verified with the registered key": (
        lambda mp: mp.setattr(psso_wire, "read_embedded_assertion", _unverified),
        key_probes.test_a_secure_enclave_assertion_another_key_signed_is_refused,
    ),
    "a smart card assertion is verified with its certificate's key": (
        _any_card_signature,
        key_probes.test_a_smart_card_assertion_another_key_signed_is_refused,
    ),
    "an embedded assertion belongs to its login request": (
        lambda mp: mp.setattr(psso_key_login, "_SAME_AS_REQUEST", ()),
        key_probes.test_a_captured_embedded_assertion_does_not_log_in_inside_another_request,
    ),
    "a platform credential logs in only from its device": (
        lambda mp: mp.setattr(psso_key_login, "check_device", lambda credential, request: None),
        key_probes.test_a_platform_credential_logs_in_only_from_its_own_device,
    ),
    "an embedded assertion names the user of its key": (
        lambda mp: mp.setattr(psso_key_login, "check_subject", lambda claims, user: None),
        key_probes.test_an_embedded_assertion_naming_another_user_is_refused,
    ),
    "a disabled device does not log in": (
        _no_enabled_check(psso_login, tokens),
        lambda: key_probes.test_a_disabled_device_or_user_does_not_log_in_with_any_method("device", 135011),
    ),
    "a disabled user does not log in with a key": (
        _no_enabled_check(tokens),
        lambda: key_probes.test_a_disabled_device_or_user_does_not_log_in_with_any_method("user", 50057),
    ),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_without_the_rule_its_probe_fails(rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    take_away, probe = RULES[rule]
    probe()  # with the rule in place the probe passes
    take_away(monkeypatch)
    with pytest.raises((AssertionError, pytest.fail.Exception, Exception)):  # type: ignore[arg-type]
        probe()


_NO_PROOF = """
from psso_sim.company_portal.sso_extension import CLIENT_ID, SsoExtension
monkeypatch.setattr(SsoExtension, "refresh", lambda self, prt, resource: self._post(
    self.token_endpoint, {"grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": prt,
                          "resource": resource}))
"""
_SIGNATURE_ONLY_UNREGISTER = """
from psso_sim.company_portal.sso_extension import EntraAnswer, SsoExtension, _json
def unregister(self, registration):
    proof = registration.keys.sign({"device_id": registration.device_id}, {"kid": registration.device_id})
    response = self._http.delete(f"https://enterpriseregistration.windows.net/EnrollmentServer/device/"
                                 f"{registration.device_id}", headers={"Authorization": f"Bearer {proof}"})
    return EntraAnswer(response.status_code, _json(response))
monkeypatch.setattr(SsoExtension, "unregister_device", unregister)
"""

_USER_KEY_ALONE = """
from psso_sim.company_portal.sso_extension import CLIENT_ID, SsoExtension
def key_login(self, registration, username, sign):
    nonce = self._post(self.token_endpoint, {"grant_type": "srv_challenge"})
    assertion = sign({"iss": CLIENT_ID, "aud": self.token_endpoint, "request_nonce": nonce.body["Nonce"],
                      "username": username, "device_id": registration.device_id})
    return self._post(self.token_endpoint, {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                                            "client_id": CLIENT_ID, "assertion": assertion})
monkeypatch.setattr(SsoExtension, "key_login", key_login)
"""

BREAKS = {
    "the Mac refreshes its PRT without proving the device key": Break(
        "known_issues/sequoia_reregistration.feature", "is_corrupted", 3, _NO_PROOF),
    "the Mac logs in with the user's key alone, in no device-signed login request": Break(
        "registration/register_with_secure_enclave.feature", "register_with_the_secure_enclave", 3, _USER_KEY_ALONE),
    "the Mac logs in with the smart card alone, in no device-signed login request": Break(
        "registration/register_with_smart_card.feature", "pair_the_card", 2, _USER_KEY_ALONE),
    "the Mac unregisters with a signature that is no unregister proof": Break(
        "troubleshooting/unregister_and_sign_out.feature", "unregister_removes", 2, _SIGNATURE_ONLY_UNREGISTER),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_scenarios_fail_when_the_mac_does_not_prove_its_key(pytester: pytest.Pytester, name: str) -> None:
    rule = BREAKS[name]
    module = make_project(pytester, [FEATURES / rule.feature], rule.patch, module="test_key_rules")
    outcomes, output = run_selected(pytester, module.removesuffix(".py"), rule.select)
    assert_rule_broke(outcomes, output, name, rule.failing)


def test_with_the_mac_proving_its_key_the_same_scenarios_pass(pytester: pytest.Pytester) -> None:
    module = make_project(pytester, sorted({FEATURES / rule.feature for rule in BREAKS.values()}),
                          module="test_key_rules")
    select = " or ".join(sorted({rule.select for rule in BREAKS.values()}))
    outcomes, output = run_selected(pytester, module.removesuffix(".py"), select)
    assert outcomes.get("passed") == sum(rule.failing for rule in BREAKS.values()) and not outcomes.get("failed"), (
        output)
