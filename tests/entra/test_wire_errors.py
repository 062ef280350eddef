"""The refusals of the token and wire readers: each malformed input is a ValueError that says what is wrong
(psso_sim.entra.jwt, .es256, .keys, .psso_wire)."""

from __future__ import annotations

import json
import random

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey

from psso_sim.entra import es256, jwt, psso_wire
from psso_sim.entra.keys import ALGORITHM, TenantKeys, TokenNotFromThisTenant


def _key(seed: int) -> ec.EllipticCurvePrivateKey:
    return es256.derive_key(random.Random(seed))


def _unsigned(header: dict[str, object], claims: object) -> str:
    encode = psso_wire.b64url
    return f"{encode(json.dumps(header).encode())}.{encode(json.dumps(claims).encode())}.c2ln"


def test_decode_unverified_refuses_what_is_not_a_compact_jws() -> None:
    with pytest.raises(ValueError, match=r"not a compact JWS \(expected header.claims.signature\)"):
        jwt.decode_unverified("only.two")


def test_decode_unverified_refuses_claims_that_are_not_an_object() -> None:
    with pytest.raises(ValueError, match="JWS claims must be a JSON object"):
        jwt.decode_unverified(_unsigned({"alg": "ES256"}, [1, 2]))


def test_an_x5c_header_of_numbers_is_refused() -> None:
    key = _key(1)
    token = es256.sign({"sub": "x"}, key, {"alg": "ES256", "x5c": [1]})
    with pytest.raises(ValueError, match="'x5c' in header must be a str or a list"):
        es256.verified(token, key.public_key())


def test_es256_refuses_a_key_that_is_not_p256_and_claims_that_are_not_an_object() -> None:
    p384 = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(ValueError, match="not a P-256 public key"):
        es256.load_public_key(es256.public_pem(p384))
    key = _key(1)
    header = es256.sign({"a": 1}, key).split(".")[0]
    body = psso_wire.b64url(b"[1]")
    r, s = decode_dss_signature(key.sign(f"{header}.{body}".encode(), ec.ECDSA(hashes.SHA256())))
    forged = f"{header}.{body}.{psso_wire.b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"
    with pytest.raises(ValueError, match="JWS claims must be a JSON object"):
        es256.verified(forged, key.public_key())


def test_a_token_of_this_key_under_another_kid_or_issuer_is_not_this_tenants() -> None:
    keys = TenantKeys(3, "tenant-a", "contoso.onmicrosoft.com", "https://login.microsoftonline.com/tenant-a/v2.0")
    good = {"iss": keys.issuer, "tid": keys.tenant_id}
    assert keys.verify(keys.sign(good)) == good
    other_kid = jose_jwt.encode({"alg": ALGORITHM, "kid": "not-the-kid"}, good, keys._key, algorithms=[ALGORITHM])
    with pytest.raises(TokenNotFromThisTenant, match="signed under another key id 'not-the-kid'"):
        keys.verify(other_kid)
    with pytest.raises(TokenNotFromThisTenant, match="issued by 'https://evil' for tenant 'tenant-a'"):
        keys.verify(keys.sign({"iss": "https://evil", "tid": "tenant-a"}))


def test_party_v_info_must_be_whole_and_shaped_as_apples() -> None:
    device = _key(2).public_key()
    apv = psso_wire.party_v_info(device, "nonce-1")
    assert psso_wire.read_party_v_info(apv) == (es256.public_point(device), "nonce-1")
    with pytest.raises(ValueError, match="PartyVInfo ends inside a field"):
        psso_wire.read_party_v_info(apv[:-2])
    with pytest.raises(ValueError, match="and nothing more"):
        psso_wire.read_party_v_info(apv + psso_wire.length_prefixed(b"extra"))
    with pytest.raises(ValueError, match="not base64url"):
        psso_wire.unb64url("a")


def _request(claims_update: dict[str, object], key: ec.EllipticCurvePrivateKey) -> str:
    claims = psso_wire.login_request_claims(
        client_id="c", audience="a", username="u", request_nonce="rn", nonce="n",
        apv=psso_wire.party_v_info(key.public_key(), "n"), issued_at=1, password="pw")
    claims.update(claims_update)
    return es256.sign(claims, key, psso_wire.login_request_header(psso_wire.key_id(key.public_key())))


def test_a_login_request_without_apv_is_refused() -> None:
    key = _key(4)
    assert psso_wire.read_login_request(_request({}, key), key.public_key())["username"] == "u"
    with pytest.raises(ValueError, match=r"jwe_crypto\.apv is missing"):
        psso_wire.read_login_request(_request({"jwe_crypto": {"alg": "ECDH-ES", "enc": "A256GCM"}}, key),
                                     key.public_key())


def _response(header_update: dict[str, object], body: object, device: ec.EllipticCurvePrivateKey,
              apv: bytes) -> str:
    """A login response JWE as Entra seals it, with its header changed."""
    ephemeral = _key(9)
    apu = psso_wire.party_u_info(ephemeral.public_key())
    header = {"enc": "A256GCM", "epk": ECKey.import_key(ephemeral.public_key()).as_dict(private=False),
              "apu": psso_wire.b64url(apu), "apv": psso_wire.b64url(apv), "typ": psso_wire.LOGIN_RESPONSE_TYPE,
              "alg": "ECDH-ES", **header_update}
    z = ephemeral.exchange(ec.ECDH(), device.public_key())
    protected = psso_wire.b64url(json.dumps(header).encode())
    return psso_wire.seal(protected, json.dumps(body).encode(), psso_wire.concat_kdf(z, apu, apv), bytes(12))


def test_login_responses_that_are_not_apples_shape_are_refused() -> None:
    device = _key(5)
    apv = psso_wire.party_v_info(device.public_key(), "n")
    assert psso_wire.decrypt_login_response(_response({}, {"id_token": "x"}, device, apv), device, apv) == {
        "id_token": "x"}
    with pytest.raises(ValueError, match="the response must be alg ECDH-ES, enc A256GCM"):
        psso_wire.open_jwe(_response({"enc": "A128GCM"}, {}, device, apv), device, apv)
    no_epk = psso_wire.b64url(json.dumps({"alg": "ECDH-ES", "enc": "A256GCM"}).encode())
    with pytest.raises(ValueError, match="unreadable JWE header: 'epk'"):
        psso_wire.open_jwe(f"{no_epk}..aXY.Y3Q.dGFn", device, apv)
    with pytest.raises(ValueError, match="typ must be 'platformsso-login-response\\+jwt' \\(got 'other'\\)"):
        psso_wire.decrypt_login_response(_response({"typ": "other"}, {}, device, apv), device, apv)
    with pytest.raises(ValueError, match="the login response must be a JSON object"):
        psso_wire.decrypt_login_response(_response({}, ["not", "an", "object"], device, apv), device, apv)

