"""What a security probe needs: a World with an enrolled, registered Mac, and MDM messages signed (or not)."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.mdm_identity import (
    CERTIFICATE_HEADER,
    SIGNATURE_HEADER,
    certificate_request,
    derive_identity_key,
    sign_body,
)

__all__ = ["MdmIdentity", "enroll_identity", "put_json"]

MdmIdentity = tuple[ec.EllipticCurvePrivateKey, str]


def enroll_identity(http: httpx.Client, challenge: str, udid: str, seed: int = 0) -> MdmIdentity:
    """SCEP with the Management Profile's challenge: a key of our own and Intune's certificate for it."""
    key = derive_identity_key(random.Random(f"probe:{seed}"))
    answer = http.post(f"{INTUNE_RESOURCE}/mdm/scep", json={"Challenge": challenge,
                                                             "CSR": certificate_request(key, udid)})
    assert answer.status_code == 200, answer.text
    return key, str(answer.json()["Certificate"])


def put_json(http: httpx.Client, url: str, message: dict[str, Any],
             identity: MdmIdentity | None = None) -> httpx.Response:
    """A check-in as the Mac sends it: signed with ``identity``, or unsigned when it is None."""
    body = json.dumps(message).encode()
    headers = {"content-type": "application/json"}
    if identity is not None:
        headers |= {SIGNATURE_HEADER: sign_body(identity[0], body), CERTIFICATE_HEADER: identity[1]}
    return http.put(url, content=body, headers=headers)
