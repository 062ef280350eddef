"""ES256 (ECDSA P-256 with SHA-256) compact JWS: what a Secure Enclave key or a smart card signs with.

The signer keeps the private key and the verifier holds only the public half: Entra checks a login
request with the device signing key the Mac registered, a Secure Enclave assertion with the user's
registered key, and a smart card's with the key in its certificate. Keys are real P-256 keys
(``cryptography``), derived from the World's seeds so that a run is reproducible.

Verification is joserfc's (RFC 7515/7518). Signing is done here with ``cryptography``'s RFC 6979
deterministic ECDSA, because joserfc's ES256 signatures are randomized and one seed must give one trace.
"""

from __future__ import annotations

import base64
import json
import random
from functools import cache
from typing import TYPE_CHECKING, Any

from psso_sim.entra import jwt

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec
    from joserfc import jws

# cryptography and joserfc are imported in the functions that use them: a World loads them with its first key.

__all__ = ["derive_key", "is_public_key_pem", "load_public_key", "public_key_hash", "public_pem", "public_point",
           "sign", "verified", "verify"]


@cache
def _registry() -> jws.JWSRegistry:
    return jwt.registry(["ES256"])

_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def derive_key(rng: random.Random) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key from a seeded stream (the real Secure Enclave draws it from its own RNG)."""
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.derive_private_key(rng.randrange(1, _P256_ORDER), ec.SECP256R1())


def public_pem(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> str:
    """The public half as SubjectPublicKeyInfo PEM: all that ever leaves the signer."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def is_public_key_pem(text: str) -> bool:
    """Whether ``text`` is a P-256 public key, and nothing more (a private key is refused)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        key = serialization.load_pem_public_key(text.encode())
    except ValueError:
        return False
    return isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)


def public_key_hash(key: ec.EllipticCurvePublicKey) -> str:
    """SHA-1 of the public key's point, uppercase hex: the hash ``sc_auth`` pairs by."""
    from cryptography.hazmat.primitives import hashes, serialization

    point = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    digest = hashes.Hash(hashes.SHA1())
    digest.update(point)
    return digest.finalize().hex().upper()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(claims: dict[str, Any], key: ec.EllipticCurvePrivateKey, header: dict[str, Any] | None = None) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    head = {"alg": "ES256", "typ": "JWT", **(header or {})}
    encoded = (_b64(json.dumps(part, sort_keys=True).encode()) for part in (head, claims))
    signing_input = ".".join(encoded)
    # RFC 6979 deterministic signatures: the same seed gives the same requests, byte for byte.
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    return f"{signing_input}.{_b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def load_public_key(text: str) -> ec.EllipticCurvePublicKey:
    """A P-256 public key from PEM (SubjectPublicKeyInfo); ValueError for anything else."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = serialization.load_pem_public_key(text.encode())
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("not a P-256 public key")
    return key


def public_point(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> bytes:
    """The public key as an X9.62 uncompressed point (0x04 || X || Y, 65 bytes): what Apple's KDF inputs carry."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    return public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def verified(token: str, public_key: str | ec.EllipticCurvePublicKey) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims) of an ES256 JWS signed by the private half of ``public_key``; ValueError otherwise."""
    from joserfc import jws
    from joserfc.errors import JoseError
    from joserfc.jwk import ECKey

    try:
        key = load_public_key(public_key) if isinstance(public_key, str) else public_key
        compact = jws.deserialize_compact(token, ECKey.import_key(key), algorithms=["ES256"], registry=_registry())
        claims = json.loads(compact.payload)
    except (JoseError, ValueError, TypeError, UnicodeDecodeError) as error:
        raise ValueError(f"not an ES256 JWS of this key: {error}") from None
    if not isinstance(claims, dict):
        raise ValueError("JWS claims must be a JSON object")
    return dict(compact.protected), claims


def verify(token: str, public_key: str | ec.EllipticCurvePublicKey) -> bool:
    """Whether ``token`` is an ES256 JWS signed by the private half of ``public_key`` (PEM or key)."""
    try:
        verified(token, public_key)
    except ValueError:
        return False
    return True
