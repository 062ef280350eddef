"""The Mac's Secure Enclave and Touch ID.

The Secure Enclave method ("Platform Credential for macOS") generates a per-user P-256 key inside the
Secure Enclave. Its private half never leaves it: this model has no way to read it, only to give the
public half and to sign with it. Keys are real (``cryptography``), drawn from the World's seeds, one
stream per Mac and key, so that the same seed gives the same keys.

Touch ID answers whatever on screen asks for it (an unlock prompt, the lock screen): a prompt that
accepts it sets ``TouchId.waiting``; touching the sensor calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.entra import device_certificates, es256, psso_wire
from psso_sim.errors import SimError

if TYPE_CHECKING:
    from psso_sim.macos.mac import Mac

__all__ = ["NoSuchKey", "SecureEnclave", "TouchId"]


class NoSuchKey(SimError):
    subsystem = "macos"


class SecureEnclave:
    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.__keys: dict[str, ec.EllipticCurvePrivateKey] = {}  # private halves: nothing reads them out
        self._generations: dict[str, int] = {}
        self._device_keys: set[str] = set()  # tags of keys bound to the device, not to a user's password

    @property
    def tags(self) -> list[str]:
        """The users' keys (Platform Credentials, passkeys); the Mac's own device keys are ``device_tags``."""
        return sorted(tag for tag in self.__keys if tag not in self._device_keys)

    @property
    def device_tags(self) -> list[str]:
        return sorted(tag for tag in self.__keys if tag in self._device_keys)

    def has(self, tag: str) -> bool:
        return tag in self.__keys

    def ever_created(self, tag: str) -> bool:
        """Whether a key was ever made under ``tag`` (a reset empties the enclave, not this record)."""
        return tag in self._generations

    def create_key(self, tag: str, *, device_key: bool = False) -> str:
        """A new key under ``tag`` (replacing any older one); returns its public half (PEM). A ``device_key``
        (Platform SSO's device signing and encryption keys) belongs to the Mac, not to a user: a reset of the
        user's keys leaves it."""
        generation = self._generations.get(tag, 0) + 1
        self._generations[tag] = generation
        rng = self._mac.runtime.seeds.stream(f"secure-enclave:{self._mac.udid}:{tag}:{generation}")
        self.__keys[tag] = es256.derive_key(rng)
        if device_key:
            self._device_keys.add(tag)
        self._mac.runtime.trace.record(self._mac.name, f"Secure Enclave key '{tag}' created")
        return es256.public_pem(self.__keys[tag])

    def public_key(self, tag: str) -> str:
        return es256.public_pem(self._key(tag))

    def sign(self, tag: str, claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
        """An ES256 JWS over ``claims``, signed inside the enclave."""
        return es256.sign(claims, self._key(tag), header)

    def certificate_request(self, tag: str, common_name: str) -> str:
        """A PKCS#10 request for the key under ``tag``, signed inside the enclave (base64 DER)."""
        return device_certificates.certificate_request(self._key(tag), common_name)

    def open_login_response(self, tag: str, token: str, apv: bytes) -> dict[str, Any]:
        """Decrypt a Platform SSO login response JWE with the key under ``tag`` (the key agreement happens inside
        the enclave); ValueError if it is not for this key and request."""
        return psso_wire.decrypt_login_response(token, self._key(tag), apv)

    def delete(self, tag: str) -> bool:
        self._device_keys.discard(tag)
        return self.__keys.pop(tag, None) is not None

    def reset(self) -> None:
        """A password reset without the local password (FileVault or MDM recovery) resets the enclave: the
        users' keys go (they were protected by the password nobody gave); the device keys stay."""
        for tag in [tag for tag in self.__keys if tag not in self._device_keys]:
            del self.__keys[tag]
        self._mac.runtime.trace.record(self._mac.name, "Secure Enclave reset: its keys are gone")

    def _key(self, tag: str) -> ec.EllipticCurvePrivateKey:
        if tag not in self.__keys:
            raise NoSuchKey(f"no Secure Enclave key '{tag}' on {self._mac.name}",
                            hint=f"keys: {', '.join(self.tags + self.device_tags) or 'none'}")
        return self.__keys[tag]


class TouchId:
    """The Touch ID sensor, with the user's fingerprint enrolled."""

    def __init__(self, mac: Mac) -> None:
        self._mac = mac
        self.enrolled = True
        self.waiting: Callable[[], None] | None = None  # set by the prompt that accepts Touch ID now

    def touch(self) -> None:
        if not self.enrolled:
            raise SimError(f"no fingerprint is enrolled for Touch ID on {self._mac.name}", subsystem="macos")
        if self.waiting is None:
            raise SimError(f"nothing on {self._mac.name}'s screen asks for Touch ID", subsystem="macos",
                           hint=f"on screen:\n{self._mac.desktop.describe()}")
        accept, self.waiting = self.waiting, None
        accept()
