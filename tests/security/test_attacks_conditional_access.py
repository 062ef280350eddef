"""Conditional Access at a PRT's redemption, over HTTP: "require a compliant device" holds for a refresh as for a
sign-in, and reads the device object's compliance as Intune last reported it.

A device Intune has reported noncompliant, or not reported at all yet, gets no token for a resource behind the
policy (AADSTS53000), however valid its PRT and its proof; a compliant one does. The last test takes the rule
away and watches the noncompliant Mac get its token: the refusals can fail.
"""

from __future__ import annotations

import httpx
import pytest

from psso_sim.entra.models import ConditionalAccessGrant, ConditionalAccessPolicy
from psso_sim.entra.sign_in_rules import SignInRules
from psso_sim.world import World
from tests.security.support import (
    TOKEN_URL,
    oauth_refusal,
    refresh_form,
    refresh_proof,
    registered_person,
    server_nonce,
)

RESOURCE = "Office 365"


def redeem_for_resource(seed: int, compliance: bool | None) -> tuple[World, httpx.Response]:
    """A registered Mac's own PRT refresh for the resource, after Intune reported ``compliance`` (None: never)."""
    world = World(seed=seed)
    world.target_platform_sso()
    person = registered_person(world)
    registration, tokens = person.mac.platform_sso.registration, person.mac.platform_sso.tokens
    assert registration is not None and tokens is not None
    world.entra.directory.create_conditional_access_policy(ConditionalAccessPolicy(
        "Compliant only", ConditionalAccessGrant.COMPLIANT_DEVICE, frozenset({RESOURCE})))
    world.entra.directory.update_device(registration.device_id, is_compliant=compliance)
    http = world.network.client("probe")
    proof = refresh_proof(registration, tokens.prt, server_nonce(http), world.now())
    return world, http.post(TOKEN_URL, data=refresh_form(tokens.prt, proof, RESOURCE))


def access_tokens(world: World) -> list[str]:
    return [g.token for g in world.entra.tokens.grants.values() if g.resource == RESOURCE]


@pytest.mark.parametrize(("compliance", "seed"), [(False, 701), (None, 702)], ids=["noncompliant", "not-reported"])
def test_a_device_not_reported_compliant_gets_no_token_by_refresh(compliance: bool | None, seed: int) -> None:
    world, answer = redeem_for_resource(seed, compliance)
    assert oauth_refusal(answer) == (400, "interaction_required", 53000)
    assert "requires a compliant device" in answer.json()["error_description"]
    assert access_tokens(world) == []
    upn = next(iter(world.entra.directory.users.values())).user_principal_name
    said = f"[entra] 'Compliant only' blocked {upn} from {RESOURCE}"  # the trace names the policy that blocked
    assert [line for line in world.trace.lines("entra") if line.endswith(said)]


def test_a_compliant_device_gets_its_token_by_refresh() -> None:
    world, answer = redeem_for_resource(703, True)
    assert answer.status_code == 200, answer.text
    assert access_tokens(world) == [answer.json()["access_token"]]


def test_without_the_policy_check_at_refresh_a_noncompliant_mac_gets_a_token(monkeypatch) -> None:
    monkeypatch.setattr(SignInRules, "enforce_conditional_access", lambda *args, **kwargs: None)
    world, answer = redeem_for_resource(704, False)
    assert answer.status_code == 200 and access_tokens(world)
