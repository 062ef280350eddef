"""The MDM device identity: Intune's device CA, and the check-in authentication it makes possible.

Apple's MDM protocol authenticates every check-in by the device identity the enrollment issued: the Mac
gets an identity certificate by SCEP (the Management Profile's SCEP payload, with its challenge), sends
``Authenticate`` signed with that identity, and from then on signs each request body (``Mdm-Signature``)
or presents the certificate in TLS. The server binds the certificate to the UDID at ``Authenticate`` and
refuses a check-in for that UDID signed by any other key: a Mac cannot speak for another Mac.

Wire form here: ``Mdm-Signature`` is the base64 ECDSA P-256/SHA-256 signature (DER) over the exact body
bytes, and ``Mdm-Certificate`` the base64 DER identity certificate. (Apple's ``Mdm-Signature`` is a CMS
SignedData carrying both; ``cryptography`` builds CMS but cannot verify it, so the two travel apart.)
Keys come from the World's seed and signatures are RFC 6979 deterministic: one seed, one run.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from psso_sim.intune.errors import IntuneError

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

# cryptography is imported in the functions that use it: a World loads it with its first enrollment.

__all__ = [
    "CERTIFICATE_HEADER",
    "IDENTITY_CA_NAME",
    "SIGNATURE_HEADER",
    "DeviceIdentityInvalid",
    "MdmDeviceCA",
    "certificate_request",
    "derive_identity_key",
    "sign_body",
]

SIGNATURE_HEADER = "Mdm-Signature"
CERTIFICATE_HEADER = "Mdm-Certificate"
IDENTITY_CA_NAME = "Microsoft Intune MDM Device CA"
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_VALIDITY = timedelta(days=365)


class DeviceIdentityInvalid(IntuneError):
    """The check-in does not prove the device identity the enrollment issued: no signature, a certificate
    Intune did not issue, or a signature by another key than the one bound to that UDID."""

    status = 401

    def body(self) -> dict[str, str]:
        return {"error": "Unauthorized", "error_description": f"MDM device authentication failed: {self.message}"}


def derive_identity_key(rng: random.Random) -> ec.EllipticCurvePrivateKey:
    """A P-256 key from a seeded stream (the real Mac draws it in its keychain)."""
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.derive_private_key(rng.randrange(1, _P256_ORDER), ec.SECP256R1())


def certificate_request(key: ec.EllipticCurvePrivateKey, common_name: str) -> str:
    """The SCEP certificate signing request, base64 DER."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
           .sign(key, hashes.SHA256(), ecdsa_deterministic=True))
    return base64.b64encode(csr.public_bytes(serialization.Encoding.DER)).decode()


def _signing() -> ec.ECDSA:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.ECDSA(hashes.SHA256(), deterministic_signing=True)


def sign_body(key: ec.EllipticCurvePrivateKey, body: bytes) -> str:
    return base64.b64encode(key.sign(body, _signing())).decode()


@dataclass(frozen=True)
class IssuedIdentity:
    thumbprint: str  # SHA-1 of the DER certificate, upper-case hex, as Intune shows it
    certificate: x509.Certificate
    udid: str | None = None  # bound at Authenticate


class MdmDeviceCA:
    """Issues identity certificates to enrolling Macs and authenticates their check-ins."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._key: ec.EllipticCurvePrivateKey | None = None  # made at the first enrollment: Worlds stay cheap
        self.issued: dict[str, IssuedIdentity] = {}  # thumbprint -> identity
        self.by_udid: dict[str, str] = {}  # udid -> thumbprint of its bound identity

    def issue(self, csr_b64: str, *, now: datetime) -> str:
        """SCEP: a certificate for the CSR's key (the caller has checked the enrollment challenge)."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        try:
            csr = x509.load_der_x509_csr(base64.b64decode(csr_b64, validate=True))
            valid = csr.is_signature_valid
        except (ValueError, binascii.Error):
            raise DeviceIdentityInvalid("the certificate request is not a base64 DER PKCS#10 request") from None
        if not valid or not isinstance(csr.public_key(), ec.EllipticCurvePublicKey):
            raise DeviceIdentityInvalid("the certificate request is not signed by its own P-256 key")
        key = self._ca_key()
        issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, IDENTITY_CA_NAME)])
        certificate = (x509.CertificateBuilder().subject_name(csr.subject).issuer_name(issuer)
                       .public_key(csr.public_key()).serial_number(self._rng.getrandbits(120) + 1)
                       .not_valid_before(now).not_valid_after(now + _VALIDITY)
                       .sign(key, hashes.SHA256(), ecdsa_deterministic=True))
        der = certificate.public_bytes(serialization.Encoding.DER)
        thumbprint = hashlib.sha1(der).hexdigest().upper()
        self.issued[thumbprint] = IssuedIdentity(thumbprint, certificate)
        return base64.b64encode(der).decode()

    def bind(self, udid: str, body: bytes, certificate_b64: str | None, signature: str | None) -> str:
        """``Authenticate``: the body is signed by an identity Intune issued and no other UDID holds."""
        identity = self._identity(certificate_b64)
        _verify(identity.certificate, body, signature)
        if identity.udid is not None and identity.udid != udid:
            raise DeviceIdentityInvalid(f"the identity certificate {identity.thumbprint} belongs to another device")
        self.issued[identity.thumbprint] = IssuedIdentity(identity.thumbprint, identity.certificate, udid)
        self.by_udid[udid] = identity.thumbprint
        return identity.thumbprint

    def authenticate(self, udid: str, body: bytes, signature: str | None) -> None:
        """A check-in for ``udid``: signed by the identity bound to that UDID at enrollment."""
        thumbprint = self.by_udid.get(udid)
        if thumbprint is None:
            raise DeviceIdentityInvalid(f"no enrolled device identity for UDID '{udid}'")
        _verify(self.issued[thumbprint].certificate, body, signature)

    def forget(self, udid: str) -> None:
        """A retired device: its identity no longer checks in."""
        thumbprint = self.by_udid.pop(udid, None)
        if thumbprint is not None:
            self.issued.pop(thumbprint, None)

    def _identity(self, certificate_b64: str | None) -> IssuedIdentity:
        if not certificate_b64:
            raise DeviceIdentityInvalid(f"no identity certificate ({CERTIFICATE_HEADER} header)")
        try:
            der = base64.b64decode(certificate_b64, validate=True)
        except (ValueError, binascii.Error):
            raise DeviceIdentityInvalid(f"the {CERTIFICATE_HEADER} header is not base64") from None
        identity = self.issued.get(hashlib.sha1(der).hexdigest().upper())
        if identity is None:
            raise DeviceIdentityInvalid(f"the identity certificate was not issued by {IDENTITY_CA_NAME}")
        return identity

    def _ca_key(self) -> ec.EllipticCurvePrivateKey:
        if self._key is None:
            self._key = derive_identity_key(self._rng)
        return self._key


def _verify(certificate: x509.Certificate, body: bytes, signature: str | None) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ec

    if not signature:
        raise DeviceIdentityInvalid(f"the request is not signed ({SIGNATURE_HEADER} header)")
    public_key = certificate.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)  # issue() takes P-256 keys only
    try:
        public_key.verify(base64.b64decode(signature, validate=True), body, _signing())
    except (InvalidSignature, ValueError, binascii.Error):
        raise DeviceIdentityInvalid("the Mdm-Signature does not verify with the device's identity certificate") \
            from None
