"""The device registration service (enterpriseregistration.windows.net).

Joining a Mac needs: a registration-service access token obtained with MFA (when the
tenant requires it), a user allowed to join devices, and a registration token that
Intune issued for that managed Mac. The Mac sends only public keys: a certificate signing request signed
by its device signing key, and its device encryption key (the transport key). The answer is a device
certificate issued by MS-Organization-Access whose subject is the new Entra device ID
(:mod:`.device_certificates`). Unregistering takes a proof of the device key for that and nothing else
(:mod:`.device_proofs`).

With the Secure Enclave method the Mac then registers the user's key (``register_platform_credential``):
only its public half, with a proof signed by the private half, and only after an MFA sign-in ("MFA
mandatory for setup"). Deleting the device deletes those credentials too.

An outage is a fault (:mod:`psso_sim.faults`) on the registration endpoint: ``start_outage`` injects one
that answers 503 for a stretch of simulated time, as a real outage does; the Mac's retry rules are what a
scenario then exercises.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from psso_sim.clock import SimClock
from psso_sim.entra import es256, jwt, psso_wire
from psso_sim.entra.device_certificates import (
    CERTIFICATE_ISSUER,
    DeviceCertificateAuthority,
    read_transport_key,
    thumbprint,
)
from psso_sim.entra.device_proofs import check_unregister_proof
from psso_sim.entra.directory import Directory
from psso_sim.entra.errors import (
    DeviceAuthenticationFailed,
    DeviceRegistrationNotAuthorized,
    InvalidPlatformCredential,
    InvalidRegistrationToken,
    MfaRequired,
)
from psso_sim.entra.models import DeviceObject
from psso_sim.entra.platform_credentials import PlatformCredential
from psso_sim.entra.tokens import DRS_RESOURCE, TokenService
from psso_sim.errors import SimError
from psso_sim.faults import FaultPlan, registration_outage
from psso_sim.seeding import Seeds
from psso_sim.trace import Trace

if TYPE_CHECKING:
    from cryptography import x509

__all__ = ["CERTIFICATE_ISSUER", "CertificateRequest", "DeviceRegistrationRequest", "DeviceRegistrationService",
           "PlatformCredentialRequest"]

JOIN = 0  # JoinType 0: Microsoft Entra join
WORKPLACE = 4  # JoinType 4: a workplace registration (what the Enterprise SSO plug-in left on Macs)


class CertificateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    Type: str = Field(pattern="^pkcs10$")
    Data: str = Field(min_length=8)


class DeviceRegistrationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    DeviceDisplayName: str = Field(min_length=1)
    DeviceType: str = Field(pattern="^MacOS$")
    OSVersion: str
    JoinType: int = Field(ge=0, le=4)
    TargetDomain: str
    CertificateRequest: CertificateRequest
    TransportKey: str = Field(min_length=8)
    RegistrationToken: str | None = Field(default=None, min_length=1)  # Intune's; a join needs it


class PlatformCredentialRequest(BaseModel):
    """The user's Secure Enclave key, registered for a joined device (user registration)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    KeyType: str = Field(pattern="^UserSecureEnclaveKey$")
    PublicKey: str = Field(min_length=1)
    Proof: str = Field(min_length=1)  # ES256 over {device_id, user}, signed by the key's private half


class DeviceRegistrationService:
    def __init__(
        self,
        directory: Directory,
        tokens: TokenService,
        clock: SimClock,
        seeds: Seeds,
        trace: Trace,
    ) -> None:
        self._directory = directory
        self._tokens = tokens
        self._clock = clock
        self._seeds = seeds
        self._trace = trace
        # Set by the World: Intune redeems its registration tokens (managed device id or None).
        self.redeem_registration_token: Callable[[str, str], str | None] = lambda token, user: None
        self.faults: FaultPlan | None = None  # set by the World: an outage is one of its faults
        self.certificate_authority = DeviceCertificateAuthority(seeds, directory.tenant.tenant_id)
        self.certificates: dict[str, x509.Certificate] = {}  # device ID -> the device certificate issued

    def start_outage(self, duration: timedelta) -> None:
        """The service answers 503 to device registrations from now until ``duration`` has passed."""
        if self.faults is None:
            raise SimError("this registration service has no fault plan: build it in a World", subsystem="entra")
        self.faults.inject(registration_outage(503, duration))

    def register_device(self, access_token: str, request: DeviceRegistrationRequest) -> DeviceObject:
        grant = self._tokens.validate(access_token, DRS_RESOURCE)
        user = self._directory.users[grant.user_id]
        # Only public keys arrive: the request proves the signing key, the transport key must be P-256.
        self.certificate_authority.signing_key_of(request.CertificateRequest.Data)
        read_transport_key(request.TransportKey)
        policy = self._directory.device_registration_policy
        if policy.require_mfa and "mfa" not in grant.amr:
            raise MfaRequired("device registration requires multifactor authentication", mfa_context="")
        if request.JoinType == WORKPLACE:
            return self._add_device(request, user.object_id, trust_type="Workplace", managed_device_id=None)
        if not policy.may_join(user):
            self._trace.record("entra", f"{user.user_principal_name} may not join devices ({policy.join.value})")
            raise DeviceRegistrationNotAuthorized(
                f"User '{user.user_principal_name}' is not authorized to join devices to Microsoft Entra ID.",
                hint="an administrator sets who may join devices to All (the release's path: "
                     "psso_sim.product.PRODUCTS[...].join_setting)",
            )
        token = request.RegistrationToken or ""
        managed_device_id = self.redeem_registration_token(token, user.user_principal_name)
        if managed_device_id is None:  # bound to its managed device and that device's user
            raise InvalidRegistrationToken(
                "the registration token is not one Intune issued for an enrolled managed device of this user "
                f"(got {token[:24]!r})",
                hint="the SSO payload's RegistrationToken must be {{DEVICEREGISTRATION}}, substituted by Intune",
            )
        return self._add_device(request, user.object_id, trust_type="AzureAd",
                                managed_device_id=managed_device_id)

    def _add_device(
        self,
        request: DeviceRegistrationRequest,
        owner: str,
        *,
        trust_type: str,
        managed_device_id: str | None,
    ) -> DeviceObject:
        device_id = self._seeds.uuid()
        certificate = self.certificate_authority.issue(request.CertificateRequest.Data, device_id, self._clock.now())
        self.certificates[device_id] = certificate
        signing_key = self.certificate_authority.signing_key_of(request.CertificateRequest.Data)
        device = DeviceObject(
            device_id=device_id,
            object_id=self._seeds.uuid(),
            display_name=request.DeviceDisplayName,
            operating_system="MacMDM",
            operating_system_version=request.OSVersion,
            trust_type=trust_type,
            registered_owner=owner,
            registration_time=self._clock.now(),
            certificate_thumbprint=thumbprint(certificate),
            certificate_issuer=CERTIFICATE_ISSUER,
            signing_key=es256.public_pem(signing_key),
            signing_key_id=psso_wire.key_id(signing_key),
            encryption_key=request.TransportKey,
            managed_device_id=managed_device_id,
            is_managed=managed_device_id is not None,
        )
        self._directory.add_device(device)
        return device

    def register_platform_credential(
        self, access_token: str, device_id: str, request: PlatformCredentialRequest
    ) -> PlatformCredential:
        """The user's Secure Enclave key for a device they joined, after an MFA sign-in."""
        grant = self._tokens.validate(access_token, DRS_RESOURCE)
        user = self._directory.users[grant.user_id]
        device = self._directory.device(device_id)
        if device.registered_owner != user.object_id:
            raise DeviceAuthenticationFailed(f"device '{device_id}' is not registered to {user.user_principal_name}")
        if "mfa" not in grant.amr:
            raise MfaRequired("registering a platform credential requires multifactor authentication", mfa_context="")
        claims = jwt.decode_unverified(request.Proof)[1] if request.Proof.count(".") == 2 else {}
        if (claims.get("device_id"), claims.get("oid")) != (device_id, user.object_id):
            raise InvalidPlatformCredential("Proof: expected claims device_id and oid of this device and user")
        return self._tokens.platform_credentials.register(user, device_id, request.PublicKey, request.Proof)

    def unregister_device(self, device_id: str, proof: str) -> DeviceObject:
        """The device proves possession of its key, for this (:mod:`.device_proofs`: action, time, nonce);
        its object, its PRTs and its platform credentials go."""
        device = self._directory.device(device_id)
        check_unregister_proof(proof, device, self._clock.now(), self._tokens.redeem_nonce)
        self._tokens.revoke_device(device_id)
        self._tokens.platform_credentials.remove_device(device_id)
        return self._directory.delete_device(device_id)
