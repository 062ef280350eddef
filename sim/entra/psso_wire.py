"""Apple's Platform SSO wire protocol: the login request (ES256 JWT) and the login response (JWE).

Everything about the wire format is here, so that it can be corrected in one place. Sources: Apple's
AuthenticationServices documentation, "Creating and validating a login request", "Creating a JSON Web
Encryption (JWE) login response", "Processing the JSON Web Encryption (JWE) login response" and
"Performing encryption verification" (whose sample keys and tokens tests/entra/test_psso_protocol.py
checks this module against).

Login request (device -> IdP token endpoint, form ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``,
``assertion=<JWT>``, ``platform_sso_version=1.0``): a JWS signed ES256 with the device signing key::

    header  {"alg": "ES256", "kid": base64(SHA-256(<device signing key's X9.63 point>)),
             "typ": "platformsso-login-request+jwt"}
            (macOS 13 sends "typ": "JWT")
    claims  {"iss"/"client_id": <clientID>, "aud": <token endpoint>, "iat", "exp",
             "nonce": <client nonce, echoed in the id_token>, "request_nonce": <server nonce, srv_challenge>,
             "scope": "openid offline_access urn:apple:platformsso", "grant_type": "password",
             "username", "password",
             "jwe_crypto": {"alg": "ECDH-ES", "enc": "A256GCM", "apv": base64url(PartyVInfo)}}

The user's key methods (UserSecureEnclaveKey, SmartCard) send the same device-signed request with
``"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer"`` and, in place of the password, an
``"assertion"``: the embedded assertion ("Creating an embedded assertion", RFC 7523), a JWS signed by the
user's key::

    header  {"alg": "ES256", "typ": "platformsso-login-assertion+jwt" (macOS 13: "JWT"),
             "kid": base64(SHA-256(<the signing key's X9.63 point>)),
             "x5c": <the smart card's certificate, base64 DER> (a smart card only)}
    claims  {"iss": <user name>, "sub": <user name>, "aud", "iat", "exp", "scope",
             "nonce": <the login request's nonce>, "request_nonce": <the login request's request_nonce>}

Login response (HTTP 200, ``Content-Type: application/platformsso-login-response+jwt``): a compact JWE
(RFC 7516 5.1), direct key agreement ECDH-ES (RFC 7518 4.6) with an ephemeral P-256 key against the
device encryption key, content encryption A256GCM, empty encrypted key. Its protected header::

    {"enc": "A256GCM", "alg": "ECDH-ES", "typ": "platformsso-login-response+jwt" (or "JWT"),
     "epk": <ephemeral public JWK>, "apu": base64url(PartyUInfo), "apv": base64url(PartyVInfo) (optional),
     "kid": <optional>}

Concat KDF (RFC 7518 4.6.2, NIST SP 800-56A 5.8.1), one SHA-256 round; ``len`` is 4 bytes big-endian::

    SHA-256( 00000001 || Z || len("A256GCM") "A256GCM" || len(PartyUInfo) PartyUInfo
             || len(PartyVInfo) PartyVInfo || 00000100 )
    PartyUInfo = 00000005 "APPLE" || 00000041 <ephemeral public key, X9.62 uncompressed point>
    PartyVInfo = 00000005 "Apple" || 00000041 <device encryption public key, X9.62 point>
                 || len(nonce) <the request's "nonce" claim, ASCII>

(``"APPLE"`` in PartyUInfo, ``"Apple"`` in PartyVInfo: Apple's samples spell them so.) The device
decrypts with PartyVInfo from its own request, not from the response, and checks that PartyUInfo names
the response's ephemeral key.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING, Any

from psso_sim.entra import es256

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

# cryptography and joserfc are imported in the functions that use them: a World loads them with its first key.

__all__ = [
    "JWE_ALG",
    "JWE_ENC",
    "JWT_BEARER",
    "LOGIN_ASSERTION_TYPE",
    "LOGIN_REQUEST_TYPE",
    "LOGIN_RESPONSE_CONTENT_TYPE",
    "LOGIN_RESPONSE_TYPE",
    "SCOPE",
    "b64url",
    "concat_kdf",
    "decrypt_login_response",
    "embedded_assertion_claims",
    "embedded_assertion_header",
    "encrypt_login_response",
    "kdf_other_info",
    "key_id",
    "length_prefixed",
    "login_request_claims",
    "login_request_header",
    "open_jwe",
    "party_u_info",
    "party_v_info",
    "read_embedded_assertion",
    "read_login_request",
    "read_party_v_info",
    "seal",
    "unb64url",
]

LOGIN_REQUEST_TYPE = "platformsso-login-request+jwt"
LOGIN_ASSERTION_TYPE = "platformsso-login-assertion+jwt"
LOGIN_RESPONSE_TYPE = "platformsso-login-response+jwt"
LOGIN_RESPONSE_CONTENT_TYPE = "application/platformsso-login-response+jwt"
_MACOS_13_TYPE = "JWT"  # what macOS 13 sends and expects in place of the types above
SCOPE = "openid offline_access urn:apple:platformsso"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
JWE_ALG, JWE_ENC = "ECDH-ES", "A256GCM"
_KEY_BITS = 256
_U_LABEL, _V_LABEL = b"APPLE", b"Apple"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    """base64url without padding; ValueError for anything else."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise ValueError(f"not base64url: {error}") from None


def length_prefixed(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _take(data: bytes, at: int) -> tuple[bytes, int]:
    if at + 4 > len(data):
        raise ValueError("PartyVInfo ends inside a length prefix")
    size = int.from_bytes(data[at:at + 4], "big")
    if at + 4 + size > len(data):
        raise ValueError("PartyVInfo ends inside a field")
    return data[at + 4:at + 4 + size], at + 4 + size


def party_u_info(ephemeral_public: ec.EllipticCurvePublicKey) -> bytes:
    """00000005 "APPLE" || 00000041 <ephemeral public point>."""
    return length_prefixed(_U_LABEL) + length_prefixed(es256.public_point(ephemeral_public))


def party_v_info(device_encryption_public: ec.EllipticCurvePublicKey, nonce: str) -> bytes:
    """00000005 "Apple" || 00000041 <device encryption public point> || len(nonce) <nonce>."""
    return (length_prefixed(_V_LABEL) + length_prefixed(es256.public_point(device_encryption_public))
            + length_prefixed(nonce.encode()))


def read_party_v_info(apv: bytes) -> tuple[bytes, str]:
    """(device encryption public point, nonce) from a PartyVInfo; ValueError if it is not shaped so."""
    label, at = _take(apv, 0)
    point, at = _take(apv, at)
    nonce, at = _take(apv, at)
    if label != _V_LABEL or at != len(apv) or len(point) != 65 or point[0] != 4:
        raise ValueError('PartyVInfo must be len "Apple" || len <P-256 point> || len <nonce>, and nothing more')
    return point, nonce.decode("ascii", "replace")


def kdf_other_info(apu: bytes, apv: bytes, enc: str = JWE_ENC, bits: int = _KEY_BITS) -> bytes:
    """AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo, each but the last length-prefixed."""
    return length_prefixed(enc.encode()) + length_prefixed(apu) + length_prefixed(apv) + bits.to_bytes(4, "big")


def concat_kdf(z: bytes, apu: bytes, apv: bytes, enc: str = JWE_ENC, bits: int = _KEY_BITS) -> bytes:
    """The content encryption key: Concat KDF with SHA-256 over the shared secret ``z`` (RFC 7518 4.6.2)."""
    output, counter = b"", 1
    while len(output) * 8 < bits:
        digest = hashlib.sha256(counter.to_bytes(4, "big") + z + kdf_other_info(apu, apv, enc, bits))
        output, counter = output + digest.digest(), counter + 1
    return output[: bits // 8]


# the login request
def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    """Apple's ``kid``: base64 of the SHA-256 of the key's ANSI X9.63 (uncompressed) point."""
    return base64.b64encode(hashlib.sha256(es256.public_point(public_key)).digest()).decode()


def login_request_header(key_id: str) -> dict[str, Any]:
    return {"alg": "ES256", "kid": key_id, "typ": LOGIN_REQUEST_TYPE}


def login_request_claims(
    *, client_id: str, audience: str, username: str, request_nonce: str, nonce: str, apv: bytes, issued_at: int,
    password: str | None = None, assertion: str | None = None, lifetime: int = 300,
) -> dict[str, Any]:
    """The password method's claims (``password``), or a user key method's (``assertion``, the embedded one)."""
    if (password is None) == (assertion is None):
        raise ValueError("a login request carries either the password or an embedded assertion")
    credential = {"grant_type": "password", "password": password} if assertion is None else {
        "grant_type": JWT_BEARER, "assertion": assertion}
    return {
        "iss": client_id, "client_id": client_id, "aud": audience, "iat": issued_at, "exp": issued_at + lifetime,
        "nonce": nonce, "request_nonce": request_nonce, "scope": SCOPE, "username": username, **credential,
        "jwe_crypto": {"alg": JWE_ALG, "enc": JWE_ENC, "apv": b64url(apv)},
    }


def read_login_request(token: str, signing_key: str | ec.EllipticCurvePublicKey) -> dict[str, Any]:
    """The claims of a login request the device signing key signed; ValueError naming what is wrong."""
    header, claims = es256.verified(token, signing_key)
    if header.get("typ") not in (LOGIN_REQUEST_TYPE, _MACOS_13_TYPE):
        raise ValueError(f"typ must be {LOGIN_REQUEST_TYPE!r} (got {header.get('typ')!r})")
    crypto = claims.get("jwe_crypto")
    if not isinstance(crypto, dict) or (crypto.get("alg"), crypto.get("enc")) != (JWE_ALG, JWE_ENC):
        raise ValueError(f'jwe_crypto must be {{"alg": "{JWE_ALG}", "enc": "{JWE_ENC}", "apv": ...}}')
    if not isinstance(crypto.get("apv"), str):
        raise ValueError("jwe_crypto.apv is missing")
    return claims


# the embedded assertion (user key methods)
def embedded_assertion_header(
    public_key: ec.EllipticCurvePublicKey, certificate: bytes | None = None,
) -> dict[str, Any]:
    """What macOS puts in the header of the assertion the user's key signs; ``certificate`` (DER): a card's."""
    header = {"alg": "ES256", "kid": key_id(public_key), "typ": LOGIN_ASSERTION_TYPE}
    if certificate is not None:
        header["x5c"] = base64.b64encode(certificate).decode()
    return header


def embedded_assertion_claims(
    *, username: str, audience: str, request_nonce: str, nonce: str, issued_at: int, lifetime: int = 300,
) -> dict[str, Any]:
    return {"iss": username, "sub": username, "aud": audience, "iat": issued_at, "exp": issued_at + lifetime,
            "nonce": nonce, "request_nonce": request_nonce, "scope": SCOPE}


def read_embedded_assertion(token: str, public_key: ec.EllipticCurvePublicKey) -> dict[str, Any]:
    """The claims of an embedded assertion the private half of ``public_key`` signed; ValueError otherwise."""
    header, claims = es256.verified(token, public_key)
    if header.get("typ") not in (LOGIN_ASSERTION_TYPE, _MACOS_13_TYPE):
        raise ValueError(f"typ must be {LOGIN_ASSERTION_TYPE!r} (got {header.get('typ')!r})")
    return claims


# the login response
def seal(protected: str, plaintext: bytes, key: bytes, iv: bytes) -> str:
    """Compact JWE with direct key agreement: header..iv.ciphertext.tag, the header (ASCII) as AAD."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = AESGCM(key).encrypt(iv, plaintext, protected.encode("ascii"))
    return f"{protected}..{b64url(iv)}.{b64url(sealed[:-16])}.{b64url(sealed[-16:])}"


def encrypt_login_response(
    body: dict[str, Any], device_encryption_key: ec.EllipticCurvePublicKey, apv: bytes, *,
    ephemeral_key: ec.EllipticCurvePrivateKey, iv: bytes,
) -> str:
    """The login response JWE to the device encryption key. The caller supplies the ephemeral key and the
    96-bit IV (fresh per response; drawn from the World's seed, so that one seed gives one trace)."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from joserfc.jwk import ECKey

    apu = party_u_info(ephemeral_key.public_key())
    epk = ECKey.import_key(ephemeral_key.public_key()).as_dict(private=False)
    header = {"enc": JWE_ENC, "epk": epk, "apu": b64url(apu), "apv": b64url(apv), "typ": LOGIN_RESPONSE_TYPE,
              "alg": JWE_ALG}
    z = ephemeral_key.exchange(ec.ECDH(), device_encryption_key)
    protected = b64url(json.dumps(header, separators=(",", ":")).encode())
    return seal(protected, json.dumps(body, separators=(",", ":")).encode(), concat_kdf(z, apu, apv), iv)


def open_jwe(token: str, device_encryption_key: ec.EllipticCurvePrivateKey, apv: bytes) -> tuple[dict[str, Any], bytes]:
    """(header, plaintext) of a login response JWE, decrypted with PartyVInfo ``apv`` from the request."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from joserfc.jwk import ECKey

    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 5 or parts[1]:
        raise ValueError("not a compact JWE with direct key agreement (header..iv.ciphertext.tag)")
    try:
        header = json.loads(unb64url(parts[0]))
        epk = ECKey.import_key(header["epk"]).public_key
        apu = unb64url(header["apu"])
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"unreadable JWE header: {error}") from None
    if (header.get("alg"), header.get("enc")) != (JWE_ALG, JWE_ENC):
        raise ValueError(f"the response must be alg {JWE_ALG}, enc {JWE_ENC}")
    if not isinstance(epk, ec.EllipticCurvePublicKey) or apu != party_u_info(epk):
        raise ValueError('apu must be len "APPLE" || len <the epk point>: it does not name this ephemeral key')
    if "apv" in header and unb64url(header["apv"]) != apv:
        raise ValueError("apv is not the jwe_crypto.apv of the login request")
    key = concat_kdf(device_encryption_key.exchange(ec.ECDH(), epk), apu, apv)
    try:
        plaintext = AESGCM(key).decrypt(unb64url(parts[2]), unb64url(parts[3]) + unb64url(parts[4]),
                                        parts[0].encode("ascii"))
    except InvalidTag:
        raise ValueError("the JWE does not decrypt with this device encryption key") from None
    return header, plaintext


def decrypt_login_response(token: str, device_encryption_key: ec.EllipticCurvePrivateKey, apv: bytes) -> dict[str, Any]:
    """The token response inside a login response JWE (``id_token``, ``refresh_token``, ...)."""
    header, plaintext = open_jwe(token, device_encryption_key, apv)
    if header.get("typ") not in (LOGIN_RESPONSE_TYPE, _MACOS_13_TYPE):
        raise ValueError(f"typ must be {LOGIN_RESPONSE_TYPE!r} (got {header.get('typ')!r})")
    body = json.loads(plaintext)
    if not isinstance(body, dict):
        raise ValueError("the login response must be a JSON object")
    return body
