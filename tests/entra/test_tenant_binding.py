"""Tokens bound to what they are for: a tenant's tokens to that tenant and issuer, a PRT to its device's
key, an unregistering to a proof made for it, a login request to its device, tenant, time and nonce.

Each test is a probe an attacker would try, answered with the error the real service gives; the tests in
test_crypto_rules_can_fail.py take each rule away and watch these probes turn red.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.entra import es256, psso_wire
from psso_sim.entra.device_certificates import certificate_request, transport_key
from psso_sim.entra.device_proofs import refresh_proof_claims, unregister_proof_claims
from psso_sim.entra.errors import DeviceAuthenticationFailed, InvalidAccessToken, InvalidNonce, MfaRequired
from psso_sim.entra.keys import GrantOfAnotherTenant
from psso_sim.entra.models import DeviceObject
from psso_sim.entra.registration import WORKPLACE, CertificateRequest, DeviceRegistrationRequest
from psso_sim.entra.tokens import DRS_RESOURCE, TokenSet
from psso_sim.world import World

CLIENT = "29d9ed98-a469-4536-ade2-f981bc1d605e"
RESOURCE = "https://enrollment.manage.microsoft.com"


@dataclass
class Device:
    """A registered device whose keys the test holds, speaking Apple's protocol by hand."""

    world: World
    object: DeviceObject
    signing: ec.EllipticCurvePrivateKey
    encryption: ec.EllipticCurvePrivateKey
    username: str
    password: str

    @property
    def endpoint(self) -> str:
        return f"https://login.microsoftonline.com/{self.world.entra.tenant.tenant_id}/oauth2/v2.0/token"

    def login_request(self, *, nonce: str = "N-1", key: ec.EllipticCurvePrivateKey | None = None,
                      encryption: ec.EllipticCurvePublicKey | None = None, **changes: Any) -> tuple[str, bytes]:
        apv = psso_wire.party_v_info(encryption or self.encryption.public_key(), nonce)
        claims = psso_wire.login_request_claims(
            client_id=CLIENT, audience=self.endpoint, username=self.username, password=self.password,
            request_nonce=self.world.entra.tokens.srv_challenge(), nonce=nonce, apv=apv,
            issued_at=int(self.world.now().timestamp()))
        claims.update(changes)
        header = psso_wire.login_request_header(psso_wire.key_id(self.signing.public_key()))
        return es256.sign(claims, key or self.signing, header), apv

    def login(self) -> TokenSet:
        return self.world.entra.tokens.psso_password_login(self.login_request()[0], client_id=CLIENT)

    def proof(self, claims: dict[str, Any], key: ec.EllipticCurvePrivateKey | None = None) -> str:
        return es256.sign(claims, key or self.signing, {"kid": self.object.device_id})

    def refresh_proof(self, prt: str, nonce: str | None = None) -> str:
        tokens = self.world.entra.tokens
        return self.proof(refresh_proof_claims(prt, CLIENT, self.world.now(), nonce or tokens.srv_challenge()))

    def unregister_proof(self) -> str:
        nonce = self.world.entra.tokens.srv_challenge()
        return self.proof(unregister_proof_claims(self.object.device_id, self.world.now(), nonce))


def _key(seed: int, purpose: str) -> ec.EllipticCurvePrivateKey:
    return es256.derive_key(random.Random(f"{seed}:{purpose}"))


def registered_device(world: World, seed: int = 1) -> Device:
    user = world.add_user(password="Pw-1")
    tokens = world.entra.tokens
    try:
        access = tokens.password_grant(user.user_principal_name, "Pw-1", client_id=CLIENT, resource=DRS_RESOURCE)
    except MfaRequired as asked:
        tokens.approve_mfa(user)
        access = tokens.password_grant(user.user_principal_name, "Pw-1", client_id=CLIENT, resource=DRS_RESOURCE,
                                       mfa_context=asked.mfa_context)
    signing, encryption = _key(seed, "signing"), _key(seed, "encryption")
    request = DeviceRegistrationRequest(
        DeviceDisplayName="Mac", DeviceType="MacOS", OSVersion="14.1.1", JoinType=WORKPLACE,
        TargetDomain=world.entra.tenant.domain, TransportKey=transport_key(encryption.public_key()),
        CertificateRequest=CertificateRequest(Type="pkcs10", Data=certificate_request(signing, "Mac")),
    )
    device = world.entra.registration.register_device(access.access_token, request)
    return Device(world, device, signing, encryption, user.user_principal_name, "Pw-1")


# tenant and issuer
def test_two_tenants_of_one_seed_issue_different_prts_and_neither_redeems_the_others() -> None:
    contoso, fabrikam = World(seed=12), World(seed=12, organisation="Fabrikam")
    prts = [registered_device(world).login().refresh_token for world in (contoso, fabrikam)]
    assert prts[0] and prts[1] and prts[0] != prts[1]
    assert contoso.entra.tokens.keys.kid != fabrikam.entra.tokens.keys.kid
    with pytest.raises(GrantOfAnotherTenant, match="other tenant") as refused:
        fabrikam.entra.tokens.refresh(prts[0] or "", client_id=CLIENT, resource=RESOURCE)
    assert refused.value.code == 700005


def test_an_access_token_of_another_tenant_is_not_valid_here() -> None:
    contoso, fabrikam = World(seed=12), World(seed=12, organisation="Fabrikam")
    user = contoso.add_user(password="pw")
    token = contoso.entra.tokens.password_grant(user.user_principal_name, "pw", client_id=CLIENT, resource=RESOURCE)
    fabrikam.entra.tokens.grants[token.access_token] = contoso.entra.tokens.grants[token.access_token]
    with pytest.raises(InvalidAccessToken, match="not signed by this tenant"):
        fabrikam.entra.tokens.validate(token.access_token, RESOURCE)


# the PRT: proof of the device key
def test_a_prt_is_redeemed_only_with_a_fresh_proof_of_its_devices_key() -> None:
    device = registered_device(World(seed=13))
    tokens = device.world.entra.tokens
    prt = device.login().refresh_token or ""
    with pytest.raises(DeviceAuthenticationFailed, match="only with proof of the device key") as bare:
        tokens.refresh(prt, client_id=CLIENT, resource=RESOURCE)
    assert bare.value.code == 50155
    stolen_key = _key(99, "signing")
    with pytest.raises(DeviceAuthenticationFailed, match="failed to prove its key"):
        tokens.refresh(prt, client_id=CLIENT, resource=RESOURCE, request=device.proof(
            refresh_proof_claims(prt, CLIENT, device.world.now(), tokens.srv_challenge()), stolen_key))
    with pytest.raises(DeviceAuthenticationFailed, match="not for this PRT and client"):
        tokens.refresh(prt, client_id="another-client", resource=RESOURCE, request=device.refresh_proof(prt))
    with pytest.raises(InvalidNonce):
        tokens.refresh(prt, client_id=CLIENT, resource=RESOURCE, request=device.refresh_proof(prt, nonce="made-up"))
    good = device.refresh_proof(prt)
    assert tokens.refresh(prt, client_id=CLIENT, resource=RESOURCE, request=good).access_token
    with pytest.raises(InvalidNonce):  # replayed
        tokens.refresh(prt, client_id=CLIENT, resource=RESOURCE, request=good)


# unregistering: action, time, nonce
def test_a_captured_login_request_does_not_unregister_the_device() -> None:
    device = registered_device(World(seed=14))
    captured, _ = device.login_request()  # Apple's kid: the signing key's hash, not the device
    with pytest.raises(DeviceAuthenticationFailed, match="names device") as refused:
        device.world.entra.registration.unregister_device(device.object.device_id, captured)
    assert refused.value.code == 50155 and device.object.device_id in device.world.entra.directory.devices
    # a captured refresh proof names the device and is signed by its key, but asks for a token, not this
    proof = device.refresh_proof(device.login().refresh_token or "")
    with pytest.raises(DeviceAuthenticationFailed, match="does not ask to unregister") as refused:
        device.world.entra.registration.unregister_device(device.object.device_id, proof)
    assert refused.value.code == 50155 and device.object.device_id in device.world.entra.directory.devices


def test_an_unregister_proof_must_be_fresh_carry_a_live_nonce_and_name_the_device() -> None:
    world = World(seed=15)
    device, other = registered_device(world, seed=1), registered_device(world, seed=2)
    registration = world.entra.registration
    stale = device.unregister_proof()
    world.advance(timedelta(minutes=6))
    with pytest.raises(DeviceAuthenticationFailed, match="not fresh"):
        registration.unregister_device(device.object.device_id, stale)
    with pytest.raises(InvalidNonce):
        registration.unregister_device(device.object.device_id, device.proof(
            unregister_proof_claims(device.object.device_id, world.now(), "never-issued")))
    for_the_other = device.proof(unregister_proof_claims(other.object.device_id, world.now(),
                                                         world.entra.tokens.srv_challenge()))
    with pytest.raises(DeviceAuthenticationFailed) as refused:
        registration.unregister_device(device.object.device_id, for_the_other)
    assert refused.value.message == (
        f"the proof does not ask to unregister device '{device.object.device_id}' (action 'unregister', device_id "
        f"'{other.object.device_id}'): a signature for anything else does not unregister a device")
    with pytest.raises(DeviceAuthenticationFailed, match="failed to prove its key"):
        registration.unregister_device(other.object.device_id, device.unregister_proof())
    registration.unregister_device(device.object.device_id, device.unregister_proof())
    assert device.object.device_id not in world.entra.directory.devices


# the login request
def test_a_login_request_is_refused_unless_its_device_signed_it_for_this_tenant_now() -> None:
    device = registered_device(World(seed=16))
    tokens = device.world.entra.tokens

    def login(request: tuple[str, bytes]) -> TokenSet:
        return tokens.psso_password_login(request[0], client_id=CLIENT)

    with pytest.raises(DeviceAuthenticationFailed) as refused:
        login(device.login_request(key=_key(99, "signing")))
    assert re.fullmatch(rf"device '{device.object.device_id}' failed to authenticate: .+", refused.value.message)
    with pytest.raises(DeviceAuthenticationFailed) as refused:
        login(device.login_request(encryption=_key(99, "encryption").public_key()))
    assert refused.value.message == ("jwe_crypto.apv must name the device's registered encryption key and the "
                                     "request's nonce")
    with pytest.raises(DeviceAuthenticationFailed, match="not to this tenant"):
        login(device.login_request(aud="https://login.microsoftonline.com/other-tenant/oauth2/v2.0/token"))
    with pytest.raises(DeviceAuthenticationFailed, match="not current"):
        login(device.login_request(iat=int(device.world.now().timestamp()) - 3600,
                                   exp=int(device.world.now().timestamp()) - 3000))
    request = device.login_request()
    answer = login(request)
    assert answer.login_response is not None
    body = psso_wire.decrypt_login_response(answer.login_response, device.encryption, request[1])
    assert body["refresh_token"] == answer.refresh_token
    with pytest.raises(InvalidNonce):  # replayed
        login(request)


def test_two_tenants_of_one_seed_have_their_own_tenant_ids_and_the_same_tenant_the_same() -> None:
    contoso, fabrikam = World(seed=7), World(seed=7, organisation="Fabrikam")
    assert contoso.entra.tenant.tenant_id != fabrikam.entra.tenant.tenant_id
    assert World(seed=7).entra.tenant.tenant_id == contoso.entra.tenant.tenant_id


def test_a_login_request_finds_its_device_by_the_signing_keys_hash_until_the_device_is_deleted() -> None:
    device = registered_device(World(seed=15))
    directory = device.world.entra.directory
    kid = psso_wire.key_id(device.signing.public_key())
    assert directory.device_signing_with(kid) == device.object
    directory.delete_device(device.object.device_id)
    assert directory.device_signing_with(kid) is None
    with pytest.raises(DeviceAuthenticationFailed, match="no registered device has the signing key"):
        device.login()
