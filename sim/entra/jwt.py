"""Compact JWS tokens (header.claims.signature), HMAC-SHA256 signed.

Real Entra signs with RS256 and devices with ES256; the simulation keeps the shape
and the rule that matters, that a token verifies only with the right key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

__all__ = ["decode_unverified", "encode", "verify"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(claims: dict[str, Any], key: str, kid: str = "sim") -> str:
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    signing_input = (
        f"{_b64(json.dumps(header, sort_keys=True).encode())}.{_b64(json.dumps(claims, sort_keys=True).encode())}"
    )
    signature = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def decode_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims), or ValueError for anything not shaped like a JWS."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("not a compact JWS (expected header.claims.signature)")
    try:
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"undecodable JWS: {error}") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise ValueError("JWS header and claims must be JSON objects")
    return header, claims


def verify(token: str, key: str) -> bool:
    signing_input, _, signature = token.rpartition(".")
    expected = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    try:
        return hmac.compare_digest(expected, _unb64(signature))
    except ValueError:
        return False
