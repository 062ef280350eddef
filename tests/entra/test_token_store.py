"""Entra's issued-token store keeps what a rule needs: what expired leaves it, and is still refused as expired."""

from datetime import timedelta

import pytest

from psso_sim.entra.errors import GrantExpired, GrantRevoked, InvalidAccessToken, InvalidNonce
from psso_sim.entra.models import TokenKind
from psso_sim.entra.tokens import ACCESS_TOKEN_LIFETIME, NONCE_LIFETIME, PRT_LIFETIME, TokenSet
from psso_sim.world import World

RESOURCE = "https://enrollment.manage.microsoft.com"


@pytest.fixture
def world() -> World:
    return World(seed=11)


def sign_in(world: World, password: str = "Right-password-1") -> TokenSet:
    user = world.entra.directory.user_by_upn("adele@contosolabs.onmicrosoft.com")
    return world.entra.tokens.password_grant(user.user_principal_name, password, client_id="c", resource=RESOURCE)


@pytest.fixture
def tokens(world: World) -> TokenSet:
    world.add_user("adele@contosolabs.onmicrosoft.com", password="Right-password-1")
    return sign_in(world)


def test_an_expired_access_token_leaves_the_store_and_is_still_refused_as_expired(
    world: World, tokens: TokenSet,
) -> None:
    store = world.entra.tokens
    assert store.validate(tokens.access_token, RESOURCE).kind is TokenKind.ACCESS
    world.advance(ACCESS_TOKEN_LIFETIME)
    sign_in(world)  # issuing prunes what has expired
    assert tokens.access_token not in store.grants
    with pytest.raises(InvalidAccessToken, match="has expired"):
        store.validate(tokens.access_token, RESOURCE)


def test_the_store_stays_bounded_however_long_tokens_are_issued(world: World, tokens: TokenSet) -> None:
    store = world.entra.tokens
    for _ in range(50):
        world.advance(timedelta(minutes=30))
        store.refresh(str(tokens.refresh_token), client_id="c", resource=RESOURCE)
    live_access = [g for g in store.grants.values() if g.kind is TokenKind.ACCESS]
    assert len(live_access) <= 3  # the last hour's, not fifty


def test_an_expired_refresh_token_leaves_the_store_and_is_still_refused(world: World, tokens: TokenSet) -> None:
    store = world.entra.tokens
    world.advance(PRT_LIFETIME)
    sign_in(world)
    assert tokens.refresh_token not in store.grants
    with pytest.raises(GrantExpired, match="expired due to inactivity"):  # AADSTS700082, not revoked
        store.refresh(str(tokens.refresh_token), client_id="c", resource=RESOURCE)


def test_a_refresh_token_expires_at_its_instant_not_after(world: World, tokens: TokenSet) -> None:
    """Valid up to the last second of its lifetime; at the instant itself, still stored, it is expired."""
    store = world.entra.tokens
    world.advance(PRT_LIFETIME - timedelta(seconds=1))
    assert store.grants[str(tokens.refresh_token)].kind is TokenKind.REFRESH
    world.advance(timedelta(seconds=1))
    assert str(tokens.refresh_token) in store.grants  # nothing pruned it: the lifetime check itself refuses it
    with pytest.raises(GrantExpired, match="expired due to inactivity"):
        store.refresh(str(tokens.refresh_token), client_id="c", resource=RESOURCE)


def test_a_revoked_refresh_token_stays_and_is_refused_as_revoked_after_it_expired(
    world: World, tokens: TokenSet,
) -> None:
    store = world.entra.tokens
    store.revoke_sessions(world.entra.directory.user_by_upn("adele@contosolabs.onmicrosoft.com"))
    world.advance(PRT_LIFETIME + timedelta(days=1))
    sign_in(world)
    assert store.grants[str(tokens.refresh_token)].revoked
    with pytest.raises(GrantRevoked, match="revoked"):
        store.refresh(str(tokens.refresh_token), client_id="c", resource=RESOURCE)


def test_a_spent_nonce_is_refused_and_expired_ones_leave_the_store(world: World) -> None:
    store = world.entra.tokens
    spent, forgotten = store.srv_challenge(), store.srv_challenge()
    store.redeem_nonce(spent)
    with pytest.raises(InvalidNonce):
        store.redeem_nonce(spent)
    world.advance(NONCE_LIFETIME + timedelta(seconds=1))
    store.srv_challenge()
    assert forgotten not in store.nonces and len(store.nonces) == 1
    with pytest.raises(InvalidNonce):
        store.redeem_nonce(forgotten)
