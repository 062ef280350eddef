"""Platform SSO's device keys: a signing key and an encryption key, made in the Secure Enclave.

Registration creates both and sends Entra only their public halves: a certificate signing request signed
by the device signing key, and the device encryption key as the transport key. Afterwards the SSO
extension signs login requests and proofs with the signing key and decrypts login responses with the
encryption key, through this handle; the private halves never leave the enclave.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.company_portal.sso_extension import DeviceKeyLost
from psso_sim.entra import device_certificates, es256
from psso_sim.macos.secure_enclave import SecureEnclave

__all__ = ["EnclaveDeviceKeys"]


class EnclaveDeviceKeys:
    """One registration's device signing and encryption keys (tags ``<prefix>:<n>:signing|encryption``)."""

    def __init__(self, enclave: SecureEnclave, prefix: str = "platform-sso-device") -> None:
        self._enclave = enclave
        number = 1
        # Never a tag used before: a repair keeps the previous keys until it unregisters, and keys lost to a
        # reset must stay lost for the registration that had them.
        while enclave.ever_created(f"{prefix}:{number}:signing"):
            number += 1
        self.signing_tag, self.encryption_tag = f"{prefix}:{number}:signing", f"{prefix}:{number}:encryption"
        enclave.create_key(self.signing_tag, device_key=True)
        enclave.create_key(self.encryption_tag, device_key=True)

    def _check(self) -> None:
        for tag in (self.signing_tag, self.encryption_tag):
            if not self._enclave.has(tag):
                raise DeviceKeyLost(f"the device key '{tag}' is gone from the Secure Enclave (was it reset?)")

    def certificate_request(self, common_name: str) -> str:
        self._check()
        return self._enclave.certificate_request(self.signing_tag, common_name)

    def transport_key(self) -> str:
        return device_certificates.transport_key(self.encryption_key())

    def encryption_key(self) -> ec.EllipticCurvePublicKey:
        self._check()
        return es256.load_public_key(self._enclave.public_key(self.encryption_tag))

    def signing_public_key(self) -> str:
        """The signing key's public half (PEM): what Apple's ``kid`` of a login request is the hash of."""
        self._check()
        return self._enclave.public_key(self.signing_tag)

    def sign(self, claims: dict[str, Any], header: dict[str, Any]) -> str:
        self._check()
        return self._enclave.sign(self.signing_tag, claims, header)

    def open_login_response(self, token: str, apv: bytes) -> dict[str, Any]:
        self._check()
        return self._enclave.open_login_response(self.encryption_tag, token, apv)

    def delete(self) -> None:
        self._enclave.delete(self.signing_tag)
        self._enclave.delete(self.encryption_tag)
