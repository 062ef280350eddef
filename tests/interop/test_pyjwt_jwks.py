"""PyJWT verifies the tokens the simulated Entra ID issues, as a relying party does: against the JWKS.

The relying party reads the tenant's OpenID Connect discovery for the issuer and ``jwks_uri``, fetches the
JWKS with PyJWT's ``PyJWKClient`` (through the World's network: :class:`.support.SeamJWKClient`), picks the
key by the token's ``kid`` and checks the RS256 signature, issuer, audience and lifetime. The tokens come
from MSAL's sign-in, so what a real app would hold is what is verified.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import jwt
import msal
import pytest

from psso_sim.entra.models import User
from psso_sim.world import World

from .support import MSAL_CLIENT_ID, MsalHttpClient, SeamJWKClient, discovery

pytestmark = pytest.mark.filterwarnings("ignore:This API has been deprecated for public client flows")  # ROPC

GRAPH = "https://graph.microsoft.com"
PASSWORD = "Ver1fy-Me-Please!"


@pytest.fixture
def world() -> Iterator[World]:
    world = World(seed=1302)
    with world.frozen_time():
        yield world
    world.close()


def sign_in(world: World, user: User) -> dict[str, Any]:
    app = msal.PublicClientApplication(
        MSAL_CLIENT_ID, authority=f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}",
        http_client=MsalHttpClient(world.network.client("MSAL Python")), instance_discovery=False)
    result = app.acquire_token_by_username_password(user.user_principal_name, PASSWORD, scopes=[f"{GRAPH}/.default"])
    assert "id_token" in result and "access_token" in result, result
    return result


def jwks_client(world: World) -> tuple[SeamJWKClient, dict[str, Any]]:
    http = world.network.client("PyJWT")
    document = discovery(world, http)
    return SeamJWKClient(document["jwks_uri"], http), document


def test_the_published_jwks_holds_the_tenants_rsa_signing_key(world: World) -> None:
    client, document = jwks_client(world)
    assert "RS256" in document["id_token_signing_alg_values_supported"]
    assert document["jwks_uri"] == (
        f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}/discovery/v2.0/keys")
    [key] = client.get_signing_keys()  # keys with use "sig" and a kid
    assert key.key_type == "RSA" and key.algorithm_name == "RS256" and key.public_key_use == "sig"
    [published] = client.fetch_data()["keys"]
    assert published["kid"] == key.key_id and {"n", "e"} <= set(published)
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(published), "the JWKS publishes the private key"


def test_pyjwt_verifies_the_id_token_signature_issuer_audience_and_lifetime(world: World) -> None:
    user = world.add_user(password=PASSWORD)
    id_token = sign_in(world, user)["id_token"]
    client, document = jwks_client(world)
    key = client.get_signing_key_from_jwt(id_token)
    assert jwt.get_unverified_header(id_token)["alg"] == "RS256"
    claims = jwt.decode(id_token, key, algorithms=["RS256"], audience=MSAL_CLIENT_ID, issuer=document["issuer"],
                        options={"require": ["iss", "sub", "aud", "exp", "iat"]})  # OpenID Connect Core 2
    assert claims["oid"] == user.object_id and claims["tid"] == world.entra.tenant.tenant_id
    assert claims["preferred_username"] == user.user_principal_name
    assert claims["iss"] == f"https://login.microsoftonline.com/{world.entra.tenant.tenant_id}/v2.0"
    with pytest.raises(jwt.InvalidAudienceError):
        jwt.decode(id_token, key, algorithms=["RS256"], audience="another-app", issuer=document["issuer"])
    world.advance(timedelta(hours=1, minutes=1))  # PyJWT reads the (frozen, simulated) clock
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(id_token, key, algorithms=["RS256"], audience=MSAL_CLIENT_ID, issuer=document["issuer"])


def test_pyjwt_verifies_the_access_token_with_the_same_keys(world: World) -> None:
    user = world.add_user(password=PASSWORD)
    access_token = sign_in(world, user)["access_token"]
    client, document = jwks_client(world)
    key = client.get_signing_key_from_jwt(access_token)
    claims = jwt.decode(access_token, key, algorithms=["RS256"], issuer=document["issuer"],
                        options={"verify_aud": False, "require": ["iss", "aud", "exp", "iat"]})
    assert claims["oid"] == user.object_id and claims["tid"] == world.entra.tenant.tenant_id
    assert GRAPH in (claims["aud"], f"{GRAPH}/"), f"an access token for Graph has aud {claims['aud']!r}"


def test_a_forged_or_foreign_token_fails_pyjwt(world: World) -> None:
    user = world.add_user(password=PASSWORD)
    id_token = sign_in(world, user)["id_token"]
    client, _document = jwks_client(world)
    key = client.get_signing_key_from_jwt(id_token)
    header, payload, signature = id_token.split(".")
    forged_claims = jwt.utils.base64url_encode(jwt.utils.base64url_decode(payload).replace(
        user.object_id.encode(), b"00000000-0000-0000-0000-000000000000")).decode()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header}.{forged_claims}.{signature}", key, algorithms=["RS256"], audience=MSAL_CLIENT_ID)
    # Another tenant (another seed): its key is not in this tenant's JWKS.
    other = World(seed=1303)
    try:
        with other.frozen_time():
            foreign = sign_in(other, other.add_user(password=PASSWORD))["id_token"]
    finally:
        other.close()
    with pytest.raises(jwt.PyJWKClientError, match="Unable to find a signing key"):
        client.get_signing_key_from_jwt(foreign)
