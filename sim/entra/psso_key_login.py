"""Entra's side of Platform SSO's user key methods (UserSecureEnclaveKey, SmartCard): the embedded assertion.

The login request is the password method's (:mod:`.psso_login` reads it and checks the device's signature),
with ``grant_type`` ``urn:ietf:params:oauth:grant-type:jwt-bearer`` and, in place of the password, an
``assertion`` the user's key signed (:mod:`.psso_wire`, "Creating an embedded assertion"). Entra holds it to:

- the key is the user's: a platform credential registered on this very device, named by ``kid`` (the hash of
  its public key), or a smart card whose certificate travels in ``x5c`` and passes certificate-based
  authentication (trusted issuer, validity, the UPN binding; :mod:`.certificate_auth`);
- that key signed it, with the embedded assertion's ``typ``;
- it belongs to this login request: the same audience, ``nonce`` and ``request_nonce``, and it is current;
- its ``sub`` names the key's user.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from psso_sim.entra import es256, jwt, psso_wire
from psso_sim.entra.certificate_auth import CertificateBasedAuthentication
from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import CertificateBindingFailed, DeviceAuthenticationFailed, UserNotFound
from psso_sim.entra.models import User
from psso_sim.entra.platform_credentials import PlatformCredential, PlatformCredentials
from psso_sim.entra.psso_login import LoginRequest, check_current

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

# cryptography is imported in the functions that use it (a World loads it with its first key).

__all__ = ["UserKeyLogin", "check_device", "check_subject", "read_user_assertion"]

_SAME_AS_REQUEST = ("aud", "nonce", "request_nonce")


@dataclass(frozen=True)
class UserKeyLogin:
    user: User
    amr: tuple[str, ...]
    key_id: str | None  # the platform credential the PRT is bound to (Secure Enclave); None for a card


def read_user_assertion(
    request: LoginRequest, directory: Directory, credentials: PlatformCredentials,
    certificate_auth: CertificateBasedAuthentication, now: datetime,
) -> UserKeyLogin:
    """Who the embedded assertion of ``request`` signs in; DeviceAuthenticationFailed (AADSTS50155), or the
    certificate-based authentication error, naming what is wrong."""
    assertion = request.claims.get("assertion")
    if request.claims.get("grant_type") != psso_wire.JWT_BEARER or not isinstance(assertion, str):
        raise DeviceAuthenticationFailed(f"a user key login request needs grant_type {psso_wire.JWT_BEARER!r} "
                                         "and the embedded assertion the user's key signed ('assertion')")
    try:
        header = jwt.decode_unverified(assertion)[0]
    except ValueError as error:
        raise DeviceAuthenticationFailed(f"the embedded assertion is malformed: {error}") from None
    if "x5c" in header:
        login, public_key = _smart_card(assertion, header, certificate_auth)
    else:
        login, public_key = _secure_enclave(request, str(header.get("kid", "")), directory, credentials)
    try:
        claims = psso_wire.read_embedded_assertion(assertion, public_key)
    except ValueError as error:
        raise DeviceAuthenticationFailed(f"the embedded assertion does not verify: {error}") from None
    different = [name for name in _SAME_AS_REQUEST if claims.get(name) != request.claims.get(name)]
    if different:
        raise DeviceAuthenticationFailed(f"the embedded assertion is not for this login request: "
                                         f"{', '.join(different)} differ")
    check_current(claims, now, "the embedded assertion")
    check_subject(claims, login.user)
    return login


def check_subject(claims: dict[str, object], user: User) -> None:
    """The assertion's ``sub`` names the user whose key signed it: one user's key does not sign in another."""
    if str(claims.get("sub", "")).lower() != user.user_principal_name:
        raise DeviceAuthenticationFailed(f"the embedded assertion's sub {claims.get('sub')!r} is not the user of "
                                         "its key")


def check_device(credential: PlatformCredential, request: LoginRequest) -> None:
    """A platform credential signs in only from the device it was registered on (its key is in that Secure
    Enclave): a request from another device naming it is refused."""
    if credential.device_id != request.device.device_id:
        raise DeviceAuthenticationFailed(f"platform credential {credential.key_id} is not of device "
                                         f"'{request.device.device_id}'")


def _secure_enclave(
    request: LoginRequest, kid: str, directory: Directory, credentials: PlatformCredentials,
) -> tuple[UserKeyLogin, ec.EllipticCurvePublicKey]:
    for credential in credentials.credentials.values():
        public_key = es256.load_public_key(credential.public_key)
        if psso_wire.key_id(public_key) == kid:
            break
    else:
        raise DeviceAuthenticationFailed(f"the embedded assertion's key {kid!r} is no registered platform credential")
    check_device(credential, request)
    user = directory.users.get(credential.user_id)
    if user is None:
        raise UserNotFound(f"the user of platform credential {credential.key_id} no longer exists in the tenant")
    return UserKeyLogin(user, ("swk", "rsa", "mfa"), credential.key_id), public_key


def _smart_card(
    assertion: str, header: dict[str, object], certificate_auth: CertificateBasedAuthentication,
) -> tuple[UserKeyLogin, ec.EllipticCurvePublicKey]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    certificate = _certificate(header["x5c"])
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    user = certificate_auth.authenticate(pem, assertion)  # enabled, trusted issuer, valid, UPN binding, signature
    public_key = certificate.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or header.get("kid") != psso_wire.key_id(public_key):
        raise DeviceAuthenticationFailed("the embedded assertion's kid does not name the key of its certificate")
    return UserKeyLogin(user, ("x509", "rsa", "mfa"), None), public_key


def _certificate(x5c: object) -> x509.Certificate:
    """The signing certificate in ``x5c``: one base64 DER string (Apple's form) or RFC 7517's list, leaf first."""
    from cryptography import x509

    leaf = x5c[0] if isinstance(x5c, list) and x5c else x5c
    try:
        return x509.load_der_x509_certificate(base64.b64decode(str(leaf), validate=True))
    except (ValueError, binascii.Error):
        raise CertificateBindingFailed("Unable To Acquire Value Specified In Binding From Certificate.",
                                       hint="x5c must be the card's certificate, base64 DER") from None
