"""Microsoft Entra certificate-based authentication (CBA), and the organisation's PKI that issues the cards.

The join articles' smart card prerequisite: "certificate based authentication configured and enabled",
and "a smart card loaded with a certificate for authentication with Microsoft Entra". Entra checks at
sign-in (the rules, each with the error the CBA troubleshooting guide gives):

- CBA is enabled for the user (else AADSTS130501, "Sign in was blocked due to User Credential Policy");
- a trusted certificate authority issued the certificate, and it is valid now (else AADSTS1001000,
  "Unable to acquire certificate policy from tenant");
- the username binding, SAN PrincipalName to userPrincipalName, names the user (else AADSTS1001003,
  "Unable To Acquire Value Specified In Binding From Certificate");
- the sign-in is signed by the certificate's private key, which only the card holds.

CBA is single-factor unless the admin binds it as multifactor; Entra then asks for MFA as for a password.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from psso_sim.clock import SimClock
from psso_sim.entra import es256
from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import (
    CertificateBindingFailed,
    CertificatePolicyUnavailable,
    CredentialPolicyBlocked,
    UserNotFound,
)
from psso_sim.entra.models import User
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

# cryptography is imported in the functions that use it: a World loads it with its first certificate.

__all__ = ["UPN_OID", "CertificateAuthority", "CertificateBasedAuthentication", "certificate_upn"]

UPN_OID = "1.3.6.1.4.1.311.20.2.3"  # SAN otherName: Microsoft's User Principal Name (dotted)
CERTIFICATE_LIFETIME = timedelta(days=365)


def _der_utf8(text: str) -> bytes:
    data = text.encode()
    if len(data) > 127:  # the short form of a DER length: enough for a UPN
        raise ValueError(f"UPN too long for this simulation: {text!r}")
    return b"\x0c" + bytes([len(data)]) + data


def certificate_upn(certificate: x509.Certificate) -> str | None:
    from cryptography import x509

    """The UPN in the certificate's SAN PrincipalName, if any."""
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    for name in names.get_values_for_type(x509.OtherName):
        if name.type_id.dotted_string == UPN_OID and name.value[:1] == b"\x0c":
            return name.value[2:].decode()
    return None


class CertificateAuthority:
    """The organisation's certificate authority (Entra issues no user certificates; it trusts this one)."""

    def __init__(self, organisation: str, seeds: Seeds, clock: SimClock) -> None:
        self._seeds = seeds
        self._clock = clock
        self._organisation = organisation
        self._created = clock.now()  # the root is made on first use, dated as if made with the World

    @cached_property
    def _key(self) -> ec.EllipticCurvePrivateKey:
        return es256.derive_key(self._seeds.stream("pki:root"))

    @cached_property
    def certificate(self) -> x509.Certificate:
        """The root certificate (made on first use: most Worlds never sign in with a smart card)."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.x509.oid import NameOID

        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{self._organisation} Root CA")])
        now = self._created
        return (
            x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(self._key.public_key()).serial_number(self._serial())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + 10 * CERTIFICATE_LIFETIME)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(self._key, hashes.SHA256(), ecdsa_deterministic=True)
        )

    @property
    def pem(self) -> str:
        from cryptography.hazmat.primitives import serialization

        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    def _serial(self) -> int:
        return self._seeds.stream("pki:serials").getrandbits(63) + 1

    def issue(self, user_principal_name: str, display_name: str, public_key: ec.EllipticCurvePublicKey) -> str:
        """A user certificate for authentication: SAN PrincipalName is the UPN (Entra's default binding)."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.x509.oid import NameOID, ObjectIdentifier

        now = self._clock.now()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, display_name)]))
            .issuer_name(self.certificate.subject).public_key(public_key).serial_number(self._serial())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + CERTIFICATE_LIFETIME)
            .add_extension(x509.SubjectAlternativeName([x509.OtherName(ObjectIdentifier(UPN_OID),
                                                                      _der_utf8(user_principal_name))]),
                           critical=False)
            .sign(self._key, hashes.SHA256(), ecdsa_deterministic=True)
        )
        return certificate.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class CertificateBasedAuthentication:
    """The tenant's CBA settings (Authentication methods > Certificate-based authentication) and its check."""

    directory: Directory
    clock: SimClock
    trace: Trace
    enabled: bool = False
    multifactor: bool = False  # the authentication binding's protection level: single-factor by default
    authorities: dict[str, x509.Certificate] = field(default_factory=dict)

    def trust(self, authority_pem: str) -> None:
        """Security > Certificate authorities: upload the organisation's root certificate."""
        from cryptography import x509

        authority = x509.load_pem_x509_certificate(authority_pem.encode())
        self.authorities[authority.subject.rfc4514_string()] = authority
        self.trace.record("entra", f"trusted certificate authority {authority.subject.rfc4514_string()}")

    def enable(self, *, multifactor: bool = False) -> None:
        """Authentication methods > Certificate-based authentication: Enable, targeting all users."""
        self.enabled, self.multifactor = True, multifactor
        level = "multifactor" if multifactor else "single-factor"
        self.trace.record("entra", f"certificate-based authentication enabled ({level})")

    def disable(self) -> None:
        self.enabled = False
        self.trace.record("entra", "certificate-based authentication disabled")

    def authenticate(self, certificate_pem: str, assertion: str) -> User:
        """The user a certificate signs in, if every rule holds; the certificate's key signed ``assertion``."""
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric import ec

        if not self.enabled:
            raise CredentialPolicyBlocked("Sign in was blocked due to User Credential Policy.",
                                          hint="enable certificate-based authentication for the user")
        try:
            certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
        except ValueError:
            raise CertificatePolicyUnavailable("Unable to acquire certificate policy from tenant.",
                                               hint="the certificate is not a PEM X.509 certificate") from None
        self._check_chain(certificate)
        public_key = certificate.public_key()
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or not es256.verify(assertion, public_key):
            raise CertificateBindingFailed("Unable To Acquire Value Specified In Binding From Certificate.",
                                           hint="the sign-in was not signed by the certificate's key")
        upn = certificate_upn(certificate)
        try:
            return self.directory.user_by_upn(upn or "")
        except UserNotFound:
            raise CertificateBindingFailed("Unable To Acquire Value Specified In Binding From Certificate.",
                                           hint=f"SAN PrincipalName {upn!r} is no user of the tenant") from None

    def _check_chain(self, certificate: x509.Certificate) -> None:
        from cryptography.exceptions import InvalidSignature

        authority = self.authorities.get(certificate.issuer.rfc4514_string())
        now: datetime = self.clock.now()
        unavailable = CertificatePolicyUnavailable(
            "Unable to acquire certificate policy from tenant.",
            hint=f"trusted authorities: {', '.join(self.authorities) or 'none'}",
        )
        if authority is None:
            raise unavailable
        try:
            certificate.verify_directly_issued_by(authority)
        except (ValueError, TypeError, InvalidSignature):
            raise unavailable from None
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            raise unavailable
