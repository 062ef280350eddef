"""The device's identity at registration: its signing request, its transport key, and the certificate
Entra issues from them (issuer ``MS-Organization-Access``, subject the device ID).

The Mac sends a PKCS#10 certificate signing request signed by its device signing key (so the request
proves possession of the key it certifies) and the public half of its device encryption key (the
"transport key", to which Entra encrypts its login responses). Only public keys leave the Mac. Both travel
base64 (standard alphabet): the request as DER, the transport key as SubjectPublicKeyInfo DER.

The certificate authority's key is derived from the World's seed and the tenant, and signs with RFC 6979
deterministic ECDSA, so one seed gives one certificate, byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from psso_sim.entra import es256
from psso_sim.entra.errors import EntraError
from psso_sim.seeding import Seeds

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

# cryptography is imported in the functions that use it: a World loads it with its first device registration.

__all__ = [
    "CERTIFICATE_ISSUER",
    "DEVICE_CERTIFICATE_LIFETIME",
    "DeviceCertificateAuthority",
    "InvalidDeviceKey",
    "certificate_request",
    "read_transport_key",
    "thumbprint",
    "transport_key",
]

CERTIFICATE_ISSUER = "MS-Organization-Access"
DEVICE_CERTIFICATE_LIFETIME = timedelta(days=3650)  # Entra's device certificates last ten years


class InvalidDeviceKey(EntraError):
    """The registration's CertificateRequest or TransportKey is not what the service takes (DRS error shape)."""

    code = 80180026  # the service's code for a malformed request is not public: a DRS-shaped stand-in

    def body(self) -> dict[str, object]:
        return {"ErrorType": "InvalidRequest", "Message": self.message, "ErrorCode": self.code}


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidDeviceKey(f"{what} is not base64 (standard alphabet, padded)") from None


def certificate_request(key: ec.EllipticCurvePrivateKey, common_name: str) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    """The Mac's PKCS#10 request for its device certificate, base64 DER (signed by ``key``, deterministically)."""
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    )
    return base64.b64encode(csr.public_bytes(serialization.Encoding.DER)).decode()


def transport_key(key: ec.EllipticCurvePublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    """The device encryption key's public half, base64 SubjectPublicKeyInfo DER."""
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def read_transport_key(text: str) -> ec.EllipticCurvePublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        key = serialization.load_der_public_key(_b64decode(text, "TransportKey"))
    except ValueError:
        raise InvalidDeviceKey("TransportKey is not a SubjectPublicKeyInfo public key") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise InvalidDeviceKey("TransportKey must be an EC P-256 public key (the device encryption key)")
    return key


def thumbprint(certificate: x509.Certificate) -> str:
    """SHA-1 of the certificate's DER, uppercase hex: what Entra and the keychain show."""
    from cryptography.hazmat.primitives import serialization

    return hashlib.sha1(certificate.public_bytes(serialization.Encoding.DER)).hexdigest().upper()


class DeviceCertificateAuthority:
    """The tenant's ``MS-Organization-Access`` issuer of device certificates."""

    def __init__(self, seeds: Seeds, tenant_id: str) -> None:
        self._seeds = seeds
        self._tenant_id = tenant_id

    @cached_property
    def _key(self) -> ec.EllipticCurvePrivateKey:
        """Made at the first registration: a World that registers no device never derives it."""
        return es256.derive_key(self._seeds.stream(f"ms-organization-access:{self._tenant_id}"))

    @cached_property
    def name(self) -> x509.Name:
        from cryptography import x509
        from cryptography.x509.oid import NameOID

        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CERTIFICATE_ISSUER)])

    @property
    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self._key.public_key()

    def signing_key_of(self, request: str) -> ec.EllipticCurvePublicKey:
        """The P-256 key a signing request certifies, once its signature proves the requester holds it."""
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            csr = x509.load_der_x509_csr(_b64decode(request, "CertificateRequest.Data"))
        except ValueError:
            raise InvalidDeviceKey("CertificateRequest.Data is not a DER PKCS#10 certificate signing request") from None
        key = csr.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
            raise InvalidDeviceKey("the certificate signing request must be for an EC P-256 key")
        if not csr.is_signature_valid:
            raise InvalidDeviceKey("the certificate signing request is not signed by the key it certifies")
        return key

    def issue(self, request: str, device_id: str, now: datetime) -> x509.Certificate:
        """The device certificate: subject CN=<device ID>, issuer CN=MS-Organization-Access."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.x509.oid import NameOID

        key = self.signing_key_of(request)
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, device_id)]))
            .issuer_name(self.name).public_key(key)
            .serial_number(self._seeds.stream("ms-organization-access:serials").getrandbits(63) + 1)
            .not_valid_before(now).not_valid_after(now + DEVICE_CERTIFICATE_LIFETIME)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .sign(self._key, hashes.SHA256(), ecdsa_deterministic=True)
        )
