"""Entra rules added for the workflows: passwordless phone sign-in, a PRT bound to its device
object, a workplace registration without Intune's token; Intune's device status for Company Portal."""

from __future__ import annotations

import random

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from psso_sim.entra import es256
from psso_sim.entra.device_certificates import certificate_request, transport_key
from psso_sim.entra.device_proofs import refresh_proof_claims
from psso_sim.entra.errors import DeviceNotFound, InvalidAccessToken, MfaRegistrationRequired, MfaRequired
from psso_sim.entra.models import DeviceObject, TokenKind, User
from psso_sim.entra.registration import WORKPLACE, CertificateRequest, DeviceRegistrationRequest
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.intune.backend import INTUNE_RESOURCE
from psso_sim.intune.errors import UnknownManagedDevice
from psso_sim.world import World


@pytest.fixture
def world() -> World:
    return World(seed=61)


def test_phone_sign_in_needs_the_approval_and_no_password(world: World) -> None:
    user = world.add_user()
    tokens = world.entra.tokens
    with pytest.raises(MfaRequired) as asked:
        tokens.phone_sign_in(user.user_principal_name, client_id="c", resource=DRS_RESOURCE)
    tokens.approve_mfa(user)
    answer = tokens.phone_sign_in(user.user_principal_name, client_id="c", resource=DRS_RESOURCE,
                                  mfa_context=asked.value.mfa_context)
    assert "mfa" in tokens.grants[answer.access_token].amr and answer.kind is TokenKind.REFRESH


def test_phone_sign_in_needs_microsoft_authenticator(world: World) -> None:
    user = world.add_user(mfa_methods=())
    with pytest.raises(MfaRegistrationRequired):
        world.entra.tokens.phone_sign_in(user.user_principal_name, client_id="c", resource=DRS_RESOURCE)


def _key(world: World, purpose: str) -> ec.EllipticCurvePrivateKey:
    """The test device's key for ``purpose``: the same key at every call."""
    return es256.derive_key(random.Random(f"{world.seed}:test-device-key:{purpose}"))


def _workplace_device(world: World, user: User) -> DeviceObject:
    """The Enterprise SSO plug-in's registration: MFA, then JoinType 4 with no Intune token."""
    tokens = world.entra.tokens
    with pytest.raises(MfaRequired) as asked:
        tokens.password_grant(user.user_principal_name, user.password, client_id="c", resource=DRS_RESOURCE)
    tokens.approve_mfa(user)
    answer = tokens.password_grant(user.user_principal_name, user.password, client_id="c",
                                   resource=DRS_RESOURCE, mfa_context=asked.value.mfa_context)
    request = DeviceRegistrationRequest(
        DeviceDisplayName="Mac", DeviceType="MacOS", OSVersion="14.1.1", JoinType=WORKPLACE,
        TargetDomain=world.entra.tenant.domain, TransportKey=transport_key(_key(world, "encryption").public_key()),
        CertificateRequest=CertificateRequest(Type="pkcs10", Data=certificate_request(_key(world, "signing"), "Mac")),
    )
    return world.entra.registration.register_device(answer.access_token, request)


def test_a_workplace_registration_needs_no_registration_token(world: World) -> None:
    device = _workplace_device(world, world.add_user())
    assert device.trust_type == "Workplace" and device.managed_device_id is None and not device.is_managed


def test_a_prt_of_a_deleted_device_object_no_longer_refreshes(world: World) -> None:
    user = world.add_user()
    device = _workplace_device(world, user)
    tokens = world.entra.tokens
    prt = tokens._issue(user, "c", "urn:aad:prt", ("pwd",), refresh=TokenKind.PRT, device_id=device.device_id)
    assert prt.refresh_token is not None
    token = prt.refresh_token

    def proof() -> str:  # the PRT's device proves its key over a fresh nonce
        claims = refresh_proof_claims(token, "c", world.now(), tokens.srv_challenge())
        return es256.sign(claims, _key(world, "signing"), {"kid": device.device_id})

    tokens.refresh(token, client_id="c", resource="urn:aad:prt", request=proof())
    world.entra.directory.delete_device(device.device_id)
    with pytest.raises(DeviceNotFound, match=device.device_id):
        tokens.refresh(token, client_id="c", resource="urn:aad:prt", request=proof())


def test_intune_device_status_needs_the_users_token_and_their_device(world: World) -> None:
    with pytest.raises(InvalidAccessToken):
        world.intune.device_status("at.not-a-token", "UDID")
    user = world.add_user()
    token = world.entra.tokens.password_grant(
        user.user_principal_name, user.password, client_id="c", resource=INTUNE_RESOURCE).access_token
    with pytest.raises(UnknownManagedDevice, match="UDID"):
        world.intune.device_status(token, "UDID")
