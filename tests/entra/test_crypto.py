"""Real keys and tokens: the tenant's RS256 key and what it publishes, the Mac's device keys (public halves
only, in Entra), and the device certificate Entra issues from the Mac's signing request."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from joserfc import jwt
from joserfc.jwk import KeySet

from psso_sim.actors import Person
from psso_sim.entra import es256
from psso_sim.entra.device_certificates import InvalidDeviceKey, certificate_request, transport_key
from psso_sim.entra.errors import InvalidAccessToken, MfaRequired
from psso_sim.entra.keys import TenantKeys
from psso_sim.entra.registration import WORKPLACE, CertificateRequest, DeviceRegistrationRequest
from psso_sim.entra.tokens import DRS_RESOURCE
from psso_sim.macos.platform_sso import RegistrationStatus
from psso_sim.seeding import Seeds
from psso_sim.world import World

RESOURCE = "https://enrollment.manage.microsoft.com"
LOGIN = "https://login.microsoftonline.com"


def _registered(seed: int = 23) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso(method="Password")
    person = Person(world, user, world.add_mac(owner=user))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    assert person.mac.platform_sso.status is RegistrationStatus.REGISTERED
    return person


def test_the_tenant_publishes_its_rs256_key_in_discovery_and_jwks_and_signs_with_it() -> None:
    world = World(seed=3)
    user = world.add_user(password="pw")
    client = world.network.client("test")
    discovery = client.get(f"{LOGIN}/{world.entra.tenant.domain}/v2.0/.well-known/openid-configuration").json()
    assert discovery["id_token_signing_alg_values_supported"] == ["RS256"]
    jwks = client.get(discovery["jwks_uri"]).json()
    [key] = jwks["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig") and len(base64.urlsafe_b64decode(
        key["n"] + "==")) == 256  # RSA-2048
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key), "the JWKS publishes a private parameter"
    tokens = world.entra.tokens.password_grant(user.user_principal_name, "pw", client_id="c", resource=RESOURCE)
    for token in (tokens.id_token, tokens.access_token, tokens.refresh_token or ""):
        decoded = jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["RS256"])
        assert decoded.header["kid"] == key["kid"] and decoded.claims["iss"] == discovery["issuer"]
    assert jwt.decode(tokens.access_token, KeySet.import_key_set(jwks)).claims["aud"] == RESOURCE


def test_a_token_with_one_changed_claim_no_longer_verifies() -> None:
    world = World(seed=3)
    user = world.add_user(password="pw")
    token = world.entra.tokens.password_grant(user.user_principal_name, "pw", client_id="c",
                                              resource=RESOURCE).access_token
    header, claims, signature = token.split(".")
    forged_claims = base64.urlsafe_b64encode(base64.urlsafe_b64decode(claims + "==").replace(
        RESOURCE.encode(), b"https://graph.microsoft.com")).rstrip(b"=").decode()
    with pytest.raises(InvalidAccessToken, match="not signed by this tenant"):
        world.entra.tokens.validate(f"{header}.{forged_claims}.{signature}", "https://graph.microsoft.com")
    assert world.entra.tokens.validate(token, RESOURCE).user_id == user.object_id


def test_one_seed_gives_one_key_and_the_same_tokens() -> None:
    first, again, other = World(seed=8), World(seed=8), World(seed=9)
    assert first.entra.tokens.keys.jwks() == again.entra.tokens.keys.jwks() != other.entra.tokens.keys.jwks()
    answers = []
    for world in (first, again):
        user = world.add_user(password="pw")
        answers.append(world.entra.tokens.password_grant(user.user_principal_name, "pw", client_id="c",
                                                         resource=RESOURCE))
    assert answers[0] == answers[1]


def test_a_tenant_key_is_made_in_milliseconds_for_any_seed() -> None:
    started = time.perf_counter()  # real elapsed time: the cost of a World per scenario
    kids = {TenantKeys(seed, f"tenant-{seed}", "contoso.example", "https://issuer").kid for seed in range(200)}
    assert (time.perf_counter() - started) / 200 < 0.005
    assert len(kids) > 150  # 2,016 keys in the pool: a few seeds share one, most do not


def test_entra_holds_only_the_public_device_keys_and_issues_the_device_certificate() -> None:
    person = _registered()
    mac, world = person.mac, person.world
    registration = mac.platform_sso.registration
    assert registration is not None
    device = world.entra.directory.devices[registration.device_id]
    enclave = mac.secure_enclave
    signing, encryption = enclave.device_tags[1], enclave.device_tags[0]
    assert device.signing_key == enclave.public_key(signing) and es256.is_public_key_pem(device.signing_key)
    assert device.encryption_key == transport_key(es256.load_public_key(enclave.public_key(encryption)))
    assert "PRIVATE" not in repr(device)
    certificate = x509.load_der_x509_certificate(base64.b64decode(registration.certificate))
    assert certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "MS-Organization-Access"
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == device.device_id
    assert es256.public_pem(certificate.public_key()) == device.signing_key  # type: ignore[arg-type]
    ca_key = world.entra.registration.certificate_authority.public_key
    ca_key.verify(certificate.signature, certificate.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256()))
    thumbprint = hashes.Hash(hashes.SHA1())
    thumbprint.update(certificate.public_bytes(serialization.Encoding.DER))
    assert device.certificate_thumbprint == registration.certificate_thumbprint == thumbprint.finalize().hex().upper()


def _request(data: str, transport: str) -> DeviceRegistrationRequest:
    return DeviceRegistrationRequest(
        DeviceDisplayName="Mac", DeviceType="MacOS", OSVersion="14.1.1", JoinType=WORKPLACE,
        TargetDomain="contoso.example", TransportKey=transport,
        CertificateRequest=CertificateRequest(Type="pkcs10", Data=data),
    )


def test_registration_takes_only_a_signing_request_its_key_signed_and_a_p256_transport_key() -> None:
    world = World(seed=4)
    access = _registration_token_without_mfa(world)
    signing, encryption = (es256.derive_key(Seeds(4).stream(p)) for p in ("s", "e"))
    good_csr, good_transport = certificate_request(signing, "Mac"), transport_key(encryption.public_key())
    registration = world.entra.registration
    # A request whose signature does not match its key: someone else's public key, no proof of possession.
    der = bytearray(base64.b64decode(good_csr))
    der[-5] ^= 0x01
    with pytest.raises(InvalidDeviceKey, match="not signed by the key it certifies"):
        registration.register_device(access, _request(base64.b64encode(bytes(der)).decode(), good_transport))
    with pytest.raises(InvalidDeviceKey, match="not a DER PKCS#10"):
        registration.register_device(access, _request(base64.b64encode(b"not a csr").decode(), good_transport))
    p384 = ec.derive_private_key(5, ec.SECP384R1()).public_key()
    with pytest.raises(InvalidDeviceKey) as refused:
        registration.register_device(access, _request(good_csr, transport_key(p384)))  # type: ignore[arg-type]
    assert refused.value.message == "TransportKey must be an EC P-256 public key (the device encryption key)"
    with pytest.raises(InvalidDeviceKey, match="base64"):
        registration.register_device(access, _request(good_csr, "not base64!"))
    device = registration.register_device(access, _request(good_csr, good_transport))
    assert device.signing_key == es256.public_pem(signing)


def _registration_token_without_mfa(world: World) -> str:
    """An access token for the registration service, with MFA if the tenant asks for it."""
    user = world.add_user(password="pw")
    try:
        return world.entra.tokens.password_grant(user.user_principal_name, "pw", client_id="c",
                                                 resource=DRS_RESOURCE).access_token
    except MfaRequired as asked:
        world.entra.tokens.approve_mfa(user)
        return world.entra.tokens.password_grant(user.user_principal_name, "pw", client_id="c",
                                                 resource=DRS_RESOURCE, mfa_context=asked.mfa_context).access_token


def test_one_seed_gives_one_trace_through_registration_login_and_prt_refreshes() -> None:
    """Signatures (RS256, RFC 6979 ES256), the device certificate and the login response JWE (its ephemeral
    key and IV) all come from the seed: the redacted trace, fingerprints included, is the same twice."""
    def trace() -> list[str]:
        person = _registered(seed=31)
        person.world.advance(timedelta(hours=9))  # two PRT refreshes, each with a proof of the device key
        return [repr(entry.as_dict()) for entry in person.world.runtime.trace.entries]

    first = trace()
    assert first == trace()
    assert any("platform_sso_version=1.0" in entry and "'status': 200" in entry for entry in first)
    assert sum("&request=<redacted" in entry for entry in first) >= 2


def test_the_mac_refuses_an_id_token_the_tenant_did_not_sign_or_for_another_login() -> None:
    person = _registered(seed=32)
    extension, world = person.mac.platform_sso.extension, person.world
    user = world.entra.directory.users[person.user.object_id]
    issued = world.entra.tokens._issue(user, "29d9ed98-a469-4536-ade2-f981bc1d605e", "urn:aad:prt", ("pwd",),
                                       refresh=None, nonce="N-1")
    extension._check_id_token(issued.id_token, "N-1")
    with pytest.raises(ValueError, match="aud, nonce"):
        extension._check_id_token(issued.id_token, "N-2")
    other = World(seed=32, organisation="Fabrikam")
    foreign = other.entra.tokens._issue(other.add_user(), "29d9ed98-a469-4536-ade2-f981bc1d605e", "urn:aad:prt",
                                        ("pwd",), refresh=None, nonce="N-1")
    with pytest.raises(ValueError, match="does not verify against the tenant's JWKS"):
        extension._check_id_token(foreign.id_token, "N-1")
