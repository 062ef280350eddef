"""Reading a compact JWS before its key is known, on joserfc.

Which key verifies a token is often named inside it (a login request's ``kid`` names the device, an
embedded assertion's ``kid`` or ``x5c`` the user's key): this reads header and claims without trusting them, so that the
caller can find the key and then verify with :mod:`psso_sim.entra.keys` (RS256, the tenant's tokens) or
:mod:`psso_sim.entra.es256` (ES256, the Mac's keys). Nothing read here may be acted on unverified.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from joserfc import jws

# joserfc is imported in the functions that use it: ~20 ms a World pays only once it reads a token.

__all__ = ["decode_unverified", "registry"]


def _string_or_strings(value: object) -> None:
    from joserfc.errors import InvalidHeaderValueError

    if not isinstance(value, str) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise InvalidHeaderValueError("'x5c' in header must be a str or a list[str]")


def registry(algorithms: Collection[str] | None = None) -> jws.JWSRegistry:
    """joserfc's JWS rules, with two allowances: ``x5c`` as one base64 string (Apple's sample login request
    and the smart card's assertion carry it so; RFC 7515 says a list), and headers up to 16 KiB (a certificate
    outgrows joserfc's 512-byte default; 16 KiB still bounds what an attacker can make us parse)."""
    from joserfc import jws
    from joserfc.registry import HeaderParameter

    rules = jws.JWSRegistry(
        header_registry={"x5c": HeaderParameter("certificate chain, a string or a list", _string_or_strings)},
        algorithms=algorithms, strict_check_header=False,
    )
    rules.max_header_length = 16 * 1024
    return rules


@cache
def _reader() -> jws.JWSRegistry:
    return registry()


def decode_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims), or ValueError for anything not shaped like a compact JWS with a JSON object payload."""
    from joserfc import jws
    from joserfc.errors import JoseError

    if not isinstance(token, str) or token.count(".") != 2:
        raise ValueError("not a compact JWS (expected header.claims.signature)")
    try:
        compact = jws.extract_compact(token.encode(), registry=_reader())
        claims = json.loads(compact.payload)
    except (JoseError, ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"undecodable JWS: {error}") from None
    header = dict(compact.protected)
    if not isinstance(claims, dict):
        raise ValueError("JWS claims must be a JSON object")
    return header, claims
