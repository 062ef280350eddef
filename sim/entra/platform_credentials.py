"""Platform credentials: the public halves of Secure Enclave keys that Macs registered for their users.

The Secure Enclave method ("Platform Credential for macOS") registers, after the device, a per-user key
generated in the Mac's Secure Enclave. Entra keeps only its public half, checks that the Mac holds the
private half (a proof signed with it), and later verifies the Mac's Platform SSO logins with it. Microsoft
Graph lists them as the user's platformCredentialAuthenticationMethod; deleting one (or the device)
makes the PRTs bound to it worthless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psso_sim.clock import SimClock
from psso_sim.entra import es256
from psso_sim.entra.errors import InvalidPlatformCredential
from psso_sim.entra.models import User
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

__all__ = ["PlatformCredential", "PlatformCredentials"]


@dataclass(frozen=True)
class PlatformCredential:
    key_id: str
    user_id: str
    device_id: str
    public_key: str  # SubjectPublicKeyInfo PEM: never the private half
    created: datetime


class PlatformCredentials:
    def __init__(self, seeds: Seeds, clock: SimClock, trace: Trace) -> None:
        self._seeds = seeds
        self._clock = clock
        self._trace = trace
        self.credentials: dict[str, PlatformCredential] = {}

    def register(self, user: User, device_id: str, public_key: str, proof: str) -> PlatformCredential:
        """Keep ``public_key`` for ``user`` on ``device_id``; ``proof`` must be signed by its private half."""
        if not es256.is_public_key_pem(public_key):
            raise InvalidPlatformCredential(
                "PublicKey: expected a P-256 public key (SubjectPublicKeyInfo PEM)",
                hint="only the public half of the Secure Enclave key is registered",
            )
        if not es256.verify(proof, public_key):
            raise InvalidPlatformCredential("Proof: not signed by the private half of PublicKey")
        for old in [c for c in self.credentials.values() if (c.user_id, c.device_id) == (user.object_id, device_id)]:
            del self.credentials[old.key_id]
        credential = PlatformCredential(self._seeds.uuid(), user.object_id, device_id, public_key, self._clock.now())
        self.credentials[credential.key_id] = credential
        self._trace.record("entra", f"platform credential {credential.key_id} registered for "
                                    f"{user.user_principal_name} on device {device_id}")
        return credential

    def of(self, user: User) -> list[PlatformCredential]:
        return [c for c in self.credentials.values() if c.user_id == user.object_id]

    def remove_device(self, device_id: str) -> None:
        """A device object is deleted: its users' platform credentials go with it."""
        for key_id in [k for k, c in self.credentials.items() if c.device_id == device_id]:
            del self.credentials[key_id]
