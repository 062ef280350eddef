"""Entra's rules, called directly and through HTTP."""

from datetime import timedelta

import pytest

from psso_sim.entra.errors import (
    GrantRevoked,
    InvalidCredentials,
    InvalidNonce,
    MfaRegistrationRequired,
    MfaRequired,
    UserNotFound,
)
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.world import World

RESOURCE = "https://enrollment.manage.microsoft.com"


@pytest.fixture
def world() -> World:
    return World(seed=5)


def test_password_grant_checks_user_and_password(world: World) -> None:
    user = world.add_user(password="Right-password-1")
    tokens = world.entra.tokens
    with pytest.raises(UserNotFound, match="does not exist"):
        tokens.password_grant("nobody@contosolabs.onmicrosoft.com", "x", client_id="c", resource=RESOURCE)
    with pytest.raises(InvalidCredentials):
        tokens.password_grant(user.user_principal_name, "wrong", client_id="c", resource=RESOURCE)
    assert tokens.password_grant(user.user_principal_name, "Right-password-1", client_id="c", resource=RESOURCE)


def test_registration_needs_an_approved_mfa_challenge(world: World) -> None:
    user = world.add_user(password="pw")
    tokens = world.entra.tokens
    with pytest.raises(MfaRequired) as first:
        tokens.password_grant(user.user_principal_name, "pw", client_id="c", resource=DRS_RESOURCE)
    with pytest.raises(MfaRequired):  # not approved yet
        tokens.password_grant(
            user.user_principal_name, "pw", client_id="c", resource=DRS_RESOURCE, mfa_context=first.value.mfa_context
        )
    assert tokens.approve_mfa(user) >= 1
    result = tokens.password_grant(
        user.user_principal_name, "pw", client_id="c", resource=DRS_RESOURCE, mfa_context=first.value.mfa_context
    )
    assert tokens.grants[result.access_token].amr == ("pwd", "mfa")


def test_a_user_without_mfa_methods_must_register_one(world: World) -> None:
    user = world.add_user(password="pw", mfa_methods=())
    with pytest.raises(MfaRegistrationRequired, match="must enroll"):
        world.entra.tokens.password_grant(user.user_principal_name, "pw", client_id="c", resource=DRS_RESOURCE)


def test_nonces_are_single_use_and_expire(world: World) -> None:
    """Each nonce presented: spent, stale, never issued (tests/security/test_attacks_tokens.py sends them in
    login requests and refresh proofs over HTTP)."""
    tokens = world.entra.tokens
    used = tokens.srv_challenge()
    tokens.redeem_nonce(used)
    with pytest.raises(InvalidNonce) as refused:
        tokens.redeem_nonce(used)
    assert refused.value.code == 50008
    stale = tokens.srv_challenge()
    world.advance(timedelta(minutes=5, seconds=1))
    with pytest.raises(InvalidNonce):
        tokens.redeem_nonce(stale)
    with pytest.raises(InvalidNonce):
        tokens.redeem_nonce("never-issued")
    fresh = tokens.srv_challenge()
    world.advance(timedelta(minutes=5))
    tokens.redeem_nonce(fresh)  # five minutes old: still good


def test_password_reset_revokes_refresh_tokens(world: World) -> None:
    user = world.add_user(password="old")
    tokens = world.entra.tokens
    result = tokens.password_grant(user.user_principal_name, "old", client_id="c", resource=RESOURCE)
    world.entra.reset_password(user.user_principal_name, "new")
    assert result.refresh_token is not None
    with pytest.raises(GrantRevoked, match="changed or reset their password"):
        tokens.refresh(result.refresh_token, client_id="c", resource=RESOURCE)


def test_token_endpoint_over_http_answers_real_error_bodies(world: World) -> None:
    user = world.add_user(password="pw")
    client = world.network.client("test")
    url = f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}/oauth2/v2.0/token"
    bad = client.post(
        url,
        data={
            "grant_type": "password",
            "username": user.user_principal_name,
            "password": "nope",
            "resource": RESOURCE,
            "client_id": "c",
        },
    )
    assert bad.status_code == 400 and bad.json()["error_codes"] == [50126]
    assert bad.json()["error_description"].startswith("AADSTS50126")
    nonce = client.post(url, data={"grant_type": "srv_challenge"})
    assert nonce.status_code == 200 and nonce.json()["Nonce"]
    unknown = client.post(
        "https://login.microsoftonline.com/other-tenant/oauth2/v2.0/token", data={"grant_type": "srv_challenge"}
    )
    assert unknown.json()["error_codes"] == [90002]
