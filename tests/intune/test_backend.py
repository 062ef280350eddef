"""Intune's rules: enrollment challenge, profile delivery with the registration token,
error 10001 for a misconfigured SSO payload, compliance written to Entra."""

from datetime import timedelta
from pathlib import Path

import pytest

from psso_sim.actors import Person
from psso_sim.intune.errors import EnrollmentChallengeInvalid, UnknownManagedDevice
from psso_sim.intune.models import ComplianceState, ProfileStatus
from psso_sim.intune.profiles import SsoExtensionPayload, load_mobileconfig
from psso_sim.macos.mac import Mac
from psso_sim.world import World

PROFILES = Path(__file__).resolve().parent.parent / "data" / "profiles"


def enroll(world: World, mac: Mac, person: Person) -> None:
    person.install_management_profile()
    world.advance(timedelta(minutes=2))


@pytest.fixture
def world() -> World:
    return World(seed=11)


def test_a_profile_from_a_real_mobileconfig_is_delivered_with_a_registration_token(world: World) -> None:
    user = world.add_user()
    mac = world.add_mac(macos=14, owner=user)
    profile = load_mobileconfig(PROFILES / "psso-password.mobileconfig")
    world.intune.assign_profile(profile)
    enroll(world, mac, Person(world, user, mac))
    installed = mac.profiles[profile.payload_identifier]
    payload = installed.payloads(SsoExtensionPayload)[0]
    assert payload.registration_token and "{{" not in payload.registration_token
    assert world.intune.redeem_registration_token(payload.registration_token, user.user_principal_name) is not None
    assert mac.platform_sso.registration_required


def test_a_misconfigured_sso_payload_is_not_delivered_error_10001(world: World) -> None:
    user = world.add_user()
    mac = world.add_mac(macos=14, owner=user)
    good = load_mobileconfig(PROFILES / "psso-password.mobileconfig")
    sso = good.payloads(SsoExtensionPayload)[0]
    broken_payload = sso.model_copy(update={"team_identifier": "WRONGTEAM1"})
    broken = good.model_copy(update={"payload_content": [broken_payload]})
    world.intune.assign_profile(broken)
    enroll(world, mac, Person(world, user, mac))
    device = world.intune.device_by_udid(mac.udid)
    status, detail = world.intune.profile_status[(device.id, broken.payload_identifier)]
    assert (status, detail) == (ProfileStatus.ERROR, "10001: misconfiguration in the SSOe payload.")
    assert "TeamIdentifier" in str(world.intune.sso_errors[(device.id, broken.payload_identifier)])
    assert broken.payload_identifier not in mac.profiles
    assert not mac.platform_sso.registration_required
    error = world.intune.sso_errors[(device.id, broken.payload_identifier)]
    said = f"'{broken.payload_display_name}' not delivered: {error.message}"
    assert [line for line in world.trace.lines("intune") if line.endswith(f"[intune] {said}")]


def test_an_unknown_udid_is_refused_with_the_devices_intune_knows(world: World) -> None:
    with pytest.raises(UnknownManagedDevice) as unknown:
        world.intune.device_by_udid("NOT-A-MAC")
    assert (unknown.value.message, unknown.value.hint) == ("no managed device with UDID 'NOT-A-MAC'", "enrolled: none")
    user = world.add_user()
    mac = world.add_mac(macos=14, owner=user)
    enroll(world, mac, Person(world, user, mac))
    with pytest.raises(UnknownManagedDevice) as unknown:
        world.intune.device_by_udid("NOT-A-MAC")
    assert unknown.value.hint == f"enrolled: {mac.udid}"


def test_an_enrollment_challenge_works_once(world: World) -> None:
    user = world.add_user(password="pw")
    result = world.entra.tokens.password_grant(
        user.user_principal_name, "pw", client_id="c", resource="https://enrollment.manage.microsoft.com"
    )
    profile = load_mobileconfig(world.intune.management_profile(result.access_token))
    challenge = next(
        p.raw["PayloadContent"]["Challenge"]
        for p in profile.payload_content
        if p.payload_type == "com.apple.security.scep"
    )
    kwargs = {"udid": "U1", "serial_number": "S1", "os_version": "14.1.1", "device_name": "Mac", "push_token": "t"}
    device = world.intune.authenticate(challenge, **kwargs)
    assert device.is_supervised and device.managed_by == "Contoso Labs"
    with pytest.raises(EnrollmentChallengeInvalid):
        world.intune.authenticate(challenge, **kwargs)


def test_targeting_psso_makes_an_unregistered_mac_noncompliant_until_registered(world: World) -> None:
    user = world.add_user()
    mac = world.add_mac(macos=13, owner=user)
    world.require_compliance()
    enroll(world, mac, Person(world, user, mac))
    assert world.intune.device_by_udid(mac.udid).compliance_state is ComplianceState.COMPLIANT
    world.target_platform_sso()
    world.advance(timedelta(minutes=1))  # the push, the check-in, the profile download
    device = world.intune.device_by_udid(mac.udid)
    assert device.compliance_state is ComplianceState.NONCOMPLIANT
    assert "Platform SSO registration is required" in device.noncompliance_reasons[0]
