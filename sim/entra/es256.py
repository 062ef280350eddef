"""ES256 (ECDSA P-256 with SHA-256) compact JWS: what a Secure Enclave key or a smart card signs with.

Unlike :mod:`psso_sim.entra.jwt` (a shared secret, HMAC), the signer keeps the private key and the
verifier holds only the public half: Entra checks a Secure Enclave assertion with the public key the
Mac registered, and a smart card's with the key in its certificate. Keys are real P-256 keys
(``cryptography``), derived from the World's seeds so that a run is reproducible.
"""

from __future__ import annotations

import base64
import json
import random
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

__all__ = ["derive_key", "is_public_key_pem", "public_key_hash", "public_pem", "sign", "verify"]

_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def derive_key(rng: random.Random) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key from a seeded stream (the real Secure Enclave draws it from its own RNG)."""
    return ec.derive_private_key(rng.randrange(1, _P256_ORDER), ec.SECP256R1())


def public_pem(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> str:
    """The public half as SubjectPublicKeyInfo PEM: all that ever leaves the signer."""
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def is_public_key_pem(text: str) -> bool:
    """Whether ``text`` is a P-256 public key, and nothing more (a private key is refused)."""
    try:
        key = serialization.load_pem_public_key(text.encode())
    except ValueError:
        return False
    return isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)


def public_key_hash(key: ec.EllipticCurvePublicKey) -> str:
    """SHA-1 of the public key's point, uppercase hex: the hash ``sc_auth`` pairs by."""
    point = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    digest = hashes.Hash(hashes.SHA1())
    digest.update(point)
    return digest.finalize().hex().upper()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(claims: dict[str, Any], key: ec.EllipticCurvePrivateKey, header: dict[str, Any] | None = None) -> str:
    head = {"alg": "ES256", "typ": "JWT", **(header or {})}
    encoded = (_b64(json.dumps(part, sort_keys=True).encode()) for part in (head, claims))
    signing_input = ".".join(encoded)
    # RFC 6979 deterministic signatures: the same seed gives the same requests, byte for byte.
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    return f"{signing_input}.{_b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def verify(token: str, public_key: str | ec.EllipticCurvePublicKey) -> bool:
    """Whether ``token`` is an ES256 JWS signed by the private half of ``public_key`` (PEM or key)."""
    try:
        key = serialization.load_pem_public_key(public_key.encode()) if isinstance(public_key, str) else public_key
        signing_input, _, signature = token.rpartition(".")
        raw = _unb64(signature)
        header = json.loads(_unb64(signing_input.split(".")[0]))
    except ValueError:
        return False
    if not isinstance(key, ec.EllipticCurvePublicKey) or header.get("alg") != "ES256" or len(raw) != 64:
        return False
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        key.verify(der, signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
