"""Entra's side of Platform SSO's login: read Apple's login request, answer with the JWE.

The wire format is :mod:`psso_sim.entra.psso_wire`'s; here are the rules Entra holds the request to, for
every method (the user key methods' embedded assertion is :mod:`.psso_key_login`'s): the device whose
signing key ``kid`` names (Apple: base64 SHA-256 of the key's point) is registered and enabled
(AADSTS135011 if disabled) and signed the request with that key; the request is addressed to this
tenant's token endpoint, is current (``iat``/``exp``), and asks for the response encrypted to the device
encryption key the device registered (``jwe_crypto.apv`` names that key). The server nonce
(``request_nonce``) is the caller's to redeem.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from psso_sim.entra import es256, jwt, psso_wire
from psso_sim.entra.device_certificates import read_transport_key
from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import DeviceAuthenticationFailed
from psso_sim.entra.lockout import check_enabled
from psso_sim.entra.models import DeviceObject

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

__all__ = ["CLOCK_SKEW", "LoginRequest", "check_current", "encrypt_response", "read_request"]

CLOCK_SKEW = timedelta(minutes=5)  # how far a device's clock may be off (Entra allows five minutes)
_LOGIN_HOST = "login.microsoftonline.com"
_TOKEN_PATH = "/oauth2/v2.0/token"


@dataclass(frozen=True)
class LoginRequest:
    device: DeviceObject
    claims: dict[str, Any]
    apv: bytes  # PartyVInfo, for the response

    @property
    def nonce(self) -> str:
        return str(self.claims.get("nonce", ""))


def read_request(assertion: str, directory: Directory, tenant_names: frozenset[str], now: datetime) -> LoginRequest:
    """The verified login request; DeviceAuthenticationFailed (AADSTS50155) naming what is wrong."""
    try:
        header = jwt.decode_unverified(assertion)[0]
    except ValueError as error:
        raise DeviceAuthenticationFailed(f"the assertion is malformed: {error}") from None
    device = _device_signing_with(str(header.get("kid", "")), directory)
    check_enabled(None, device)  # AADSTS135011
    try:
        claims = psso_wire.read_login_request(assertion, device.signing_key)
        apv = psso_wire.unb64url(str(claims["jwe_crypto"]["apv"]))
        point, nonce = psso_wire.read_party_v_info(apv)
    except ValueError as error:
        raise DeviceAuthenticationFailed(f"device '{device.device_id}' failed to authenticate: {error}") from None
    audience = urlsplit(str(claims.get("aud", "")))
    tenant, _, path = audience.path.lstrip("/").partition("/")
    if audience.hostname != _LOGIN_HOST or f"/{path}" != _TOKEN_PATH or tenant not in tenant_names:
        raise DeviceAuthenticationFailed(f"the login request is addressed to {claims.get('aud')!r}, "
                                         "not to this tenant's token endpoint")
    check_current(claims, now, "the login request")
    if point != es256.public_point(_encryption_key(device)) or nonce != str(claims.get("nonce", "")):
        raise DeviceAuthenticationFailed("jwe_crypto.apv must name the device's registered encryption key and "
                                         "the request's nonce")
    return LoginRequest(device, claims, apv)


def check_current(claims: dict[str, Any], now: datetime, what: str) -> None:
    """``iat`` and ``exp`` (seconds since the epoch) say ``now``, give or take CLOCK_SKEW (AADSTS50155)."""
    issued, expires = claims.get("iat"), claims.get("exp")
    if not isinstance(issued, int) or not isinstance(expires, int):
        raise DeviceAuthenticationFailed(f"{what} needs iat and exp (seconds since the epoch)")
    if not issued - CLOCK_SKEW.total_seconds() <= now.timestamp() <= expires + CLOCK_SKEW.total_seconds():
        raise DeviceAuthenticationFailed(f"{what} is not current (iat {issued}, exp {expires})")


def _encryption_key(device: DeviceObject) -> ec.EllipticCurvePublicKey:
    return read_transport_key(device.encryption_key)


def encrypt_response(body: dict[str, Any], request: LoginRequest, rng: random.Random) -> str:
    """The token response as Apple's login response JWE, to the device encryption key. The ephemeral key
    and IV come from the World's seed (``rng``): fresh per response, and one seed gives one trace."""
    ephemeral = es256.derive_key(rng)
    iv = rng.getrandbits(96).to_bytes(12, "big")
    return psso_wire.encrypt_login_response(body, _encryption_key(request.device), request.apv,
                                            ephemeral_key=ephemeral, iv=iv)


def _device_signing_with(kid: str, directory: Directory) -> DeviceObject:
    """The registered device whose signing key Apple's ``kid`` names (base64 SHA-256 of its point)."""
    device = directory.device_signing_with(kid)
    if device is None:
        raise DeviceAuthenticationFailed(f"no registered device has the signing key '{kid}'")
    return device
