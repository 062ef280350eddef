"""Entra's token endpoint refusing a Platform SSO login or a refresh it cannot take: a malformed assertion, a
login request of the wrong grant type or without iat and exp, a PRT whose platform credential was replaced, a
refresh token Entra never issued, a phone sign-in of a disabled account (psso_sim.entra.tokens, .psso_login,
.psso_key_login, .platform_credentials)."""

from __future__ import annotations

import random

import pytest

from psso_sim.actors import Person
from psso_sim.company_portal.sso_extension import CLIENT_ID
from psso_sim.entra import es256
from psso_sim.entra.errors import DeviceAuthenticationFailed, GrantRevoked, UserDisabled
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.macos.platform_sso import SIGN_IN_REQUIRED, UserState
from psso_sim.macos.prt_refresh import PRT_REFRESH_INTERVAL
from psso_sim.world import World
from tests.security.support import login_request, registered_person, server_nonce


def registered(seed: int) -> tuple[World, Person]:
    world = World(seed=seed)
    world.target_platform_sso()
    return world, registered_person(world)


def _login(world: World, someone: Person, **changes: object) -> str:
    registration = someone.mac.platform_sso.registration
    assert registration is not None
    nonce = server_nonce(world.network.client("probe"))
    assertion, _ = login_request(registration, someone.user.user_principal_name, someone.entra_password,
                                 request_nonce=nonce, issued_at=int(world.now().timestamp()),
                                 **changes)  # type: ignore[arg-type]
    return assertion


def test_a_malformed_assertion_is_refused_before_anything_is_read() -> None:
    tokens = World(seed=131).entra.tokens
    with pytest.raises(DeviceAuthenticationFailed) as refused:
        tokens.psso_login("not-a-jws", client_id=CLIENT_ID)
    assert refused.value.message.startswith("the assertion is malformed: not a compact JWS")
    with pytest.raises(DeviceAuthenticationFailed) as refused:
        tokens.psso_password_login("not-a-jws", client_id=CLIENT_ID)
    assert refused.value.message.startswith("the assertion is malformed: not a compact JWS")


def test_a_login_request_of_another_grant_type_or_without_times_is_refused() -> None:
    world, someone = registered(132)
    tokens = world.entra.tokens
    with pytest.raises(DeviceAuthenticationFailed, match="grant_type is 'refresh_token', not 'password'"):
        tokens.psso_login(_login(world, someone, grant_type="refresh_token"), client_id=CLIENT_ID)
    with pytest.raises(DeviceAuthenticationFailed, match="a user key login request needs grant_type"):
        tokens.psso_key_login(_login(world, someone), client_id=CLIENT_ID)
    with pytest.raises(DeviceAuthenticationFailed, match=r"the login request needs iat and exp \(seconds"):
        tokens.psso_login(_login(world, someone, iat="now"), client_id=CLIENT_ID)


def test_a_refresh_token_entra_never_issued_is_revoked() -> None:
    tokens = World(seed=133).entra.tokens
    with pytest.raises(GrantRevoked, match=r"the refresh token is unknown \(not a token Entra issued\)"):
        tokens.refresh("opaque-string", client_id=CLIENT_ID, resource=DRS_RESOURCE)


def test_a_disabled_account_cannot_sign_in_by_phone() -> None:
    world = World(seed=134)
    user = world.entra.directory.update_user(world.add_user(), account_enabled=False)
    with pytest.raises(UserDisabled, match=f"The user account '{user.user_principal_name}' is disabled"):
        world.entra.tokens.phone_sign_in(user.user_principal_name, client_id=CLIENT_ID, resource=DRS_RESOURCE)


def test_a_new_platform_credential_replaces_the_old_and_revokes_the_prt_bound_to_it() -> None:
    world = World(seed=135)
    world.target_platform_sso(method="UserSecureEnclaveKey")
    someone = registered_person(world)
    psso, credentials = someone.mac.platform_sso, world.entra.tokens.platform_credentials
    assert psso.registration is not None and psso.user_state is UserState.NORMAL
    (old,) = credentials.of(someone.user)
    key = es256.derive_key(random.Random(5))
    new = credentials.register(someone.user, psso.registration.device_id, es256.public_pem(key),
                               es256.sign({"device_id": psso.registration.device_id}, key))
    assert credentials.of(someone.user) == [new] and old.key_id not in credentials.credentials
    world.advance(PRT_REFRESH_INTERVAL)  # the Mac's refresh of the PRT issued for the old key
    assert psso.user_state is UserState.LOGIN_NEEDED
    assert psso.last_error == f"AADSTS50173: platform credential '{old.key_id}' of this token was deleted"
    assert someone.mac.notifications.active(SIGN_IN_REQUIRED)
