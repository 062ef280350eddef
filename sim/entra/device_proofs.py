"""Proofs that the device holds its signing key, each bound to the one thing it authorises.

A signature by the device key is not enough: a login request the device signed, captured on the way,
must not unregister the device, and a PRT must not be redeemed by whoever copied it. So each proof is an
ES256 JWS by the device signing key (header ``kid``: the device ID) that names its purpose, is fresh, and
carries a server nonce (``grant_type=srv_challenge``) that is spent when the proof is accepted::

    unregister   {"action": "unregister", "device_id": <device ID>, "iat": <now>, "request_nonce": <nonce>}
    PRT refresh  {"grant_type": "refresh_token", "refresh_token": <the PRT>, "client_id": <client>,
                  "iat": <now>, "request_nonce": <nonce>}       (form field ``request``, beside the PRT)

(Microsoft's PRT protocol signs such a ``request`` with a session key derived from the PRT; the simulation
signs with the device key directly, which proves the same possession.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from psso_sim.entra import es256
from psso_sim.entra.errors import DeviceAuthenticationFailed
from psso_sim.entra.models import DeviceObject

__all__ = ["PROOF_LIFETIME", "UNREGISTER", "check_refresh_proof", "check_unregister_proof", "refresh_proof_claims",
           "unregister_proof_claims"]

PROOF_LIFETIME = timedelta(minutes=5)
UNREGISTER = "unregister"


def unregister_proof_claims(device_id: str, now: datetime, request_nonce: str) -> dict[str, Any]:
    return {"action": UNREGISTER, "device_id": device_id, "iat": int(now.timestamp()), "request_nonce": request_nonce}


def refresh_proof_claims(prt: str, client_id: str, now: datetime, request_nonce: str) -> dict[str, Any]:
    return {"grant_type": "refresh_token", "refresh_token": prt, "client_id": client_id,
            "iat": int(now.timestamp()), "request_nonce": request_nonce}


def _verified(proof: str, device: DeviceObject, what: str, now: datetime) -> dict[str, Any]:
    try:
        header, claims = es256.verified(proof, device.signing_key)
    except ValueError as error:
        raise DeviceAuthenticationFailed(f"device '{device.device_id}' failed to prove its key for {what}: "
                                         f"{error}") from None
    if header.get("kid") != device.device_id:
        raise DeviceAuthenticationFailed(f"the {what} proof names device {header.get('kid')!r}, "
                                         f"not '{device.device_id}'")
    issued = claims.get("iat")
    if not isinstance(issued, int) or abs(now.timestamp() - issued) > PROOF_LIFETIME.total_seconds():
        raise DeviceAuthenticationFailed(f"the {what} proof is not fresh (iat {issued!r}; it is good for "
                                         f"{int(PROOF_LIFETIME.total_seconds() // 60)} minutes)")
    return claims


def check_unregister_proof(proof: str, device: DeviceObject, now: datetime, take_nonce: Callable[[str], None]) -> None:
    """Accept an unregister proof of ``device`` (spending its nonce), or raise AADSTS50155 saying why not."""
    claims = _verified(proof, device, "unregistering", now)
    if claims.get("action") != UNREGISTER or claims.get("device_id") != device.device_id:
        raise DeviceAuthenticationFailed(
            f"the proof does not ask to unregister device '{device.device_id}' (action "
            f"{claims.get('action')!r}, device_id {claims.get('device_id')!r}): a signature for anything else "
            "does not unregister a device")
    take_nonce(str(claims.get("request_nonce", "")))


def check_refresh_proof(
    request: str | None, prt: str, client_id: str, device: DeviceObject, now: datetime,
    take_nonce: Callable[[str], None],
) -> None:
    """Accept the proof that the PRT's own device redeems it (spending its nonce), or raise AADSTS50155."""
    if not request:
        raise DeviceAuthenticationFailed(
            "a Primary Refresh Token is redeemed only with proof of the device key (the signed 'request')")
    claims = _verified(request, device, "the PRT", now)
    if (claims.get("grant_type"), claims.get("refresh_token"), claims.get("client_id")) != (
            "refresh_token", prt, client_id):
        raise DeviceAuthenticationFailed("the signed request is not for this PRT and client")
    take_nonce(str(claims.get("request_nonce", "")))
