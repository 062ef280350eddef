"""The Platform SSO device configuration and the macOS 15.0-15.2 race that corrupts it
(psso_sim.macos.device_configuration, read at each PRT refresh by psso_sim.macos.prt_refresh)."""

from __future__ import annotations

import json

import pytest

from psso_sim.actors import Person
from psso_sim.macos.device_configuration import DAEMON, ReadError, device_configuration
from psso_sim.macos.platform_sso import REGISTRATION_REQUIRED, RegistrationStatus
from psso_sim.macos.prt_refresh import PRT_REFRESH_INTERVAL
from psso_sim.macos.software_update import install
from psso_sim.world import World

SIGNATURE = 'Error Domain=com.apple.PlatformSSO Code=-1001 "Error deserializing device config."'


def registered(version: str, seed: int = 11) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    world.target_platform_sso()
    person = Person(world, user, world.add_mac(macos=int(version.split(".")[0]), owner=user, os_version=version))
    person.enroll_with_company_portal()
    person.register_with_company_portal()
    assert person.mac.platform_sso.status is RegistrationStatus.REGISTERED
    return person


@pytest.mark.parametrize(("version", "races"), [("15.0", True), ("15.0.1", True), ("15.1", True), ("15.2", True),
                                                ("15.3", False), ("14.2.1", False), ("13.6.1", False)])
def test_only_the_builds_of_the_macos_row_race(version: str, races: bool) -> None:
    person = registered(version)
    assert device_configuration(person.mac).writes_race is races


def test_the_registration_login_writes_a_whole_configuration() -> None:
    mac = registered("15.1").mac
    document = device_configuration(mac).read()
    assert isinstance(document, dict)
    assert document["deviceConfiguration"]["registrationCompleted"] is True
    assert document["ssoTokens"]["received"].endswith("Z")


def test_on_an_affected_build_the_refresh_after_next_finds_garbage_and_asks_to_register_again() -> None:
    person = registered("15.1")
    world, mac = person.world, person.mac
    configuration = device_configuration(mac)
    world.advance(PRT_REFRESH_INTERVAL)  # the first refresh: both processes write at once
    assert configuration.corruptions == 1
    error = configuration.read()
    assert isinstance(error, ReadError) and error.reason == "Garbage at end"
    assert configuration.text is not None and error.position < len(configuration.text)
    with pytest.raises(json.JSONDecodeError, match="Extra data"):
        json.loads(configuration.text)
    assert mac.platform_sso.status is RegistrationStatus.REGISTERED  # nobody has read it yet
    world.advance(PRT_REFRESH_INTERVAL)  # the next refresh reads it first
    assert mac.platform_sso.status is RegistrationStatus.REQUIRED
    assert mac.notifications.active(REGISTRATION_REQUIRED)
    assert configuration.read() is None and mac.prt_refresh.next_refresh is None
    (logged,) = mac.logging.error_entries
    assert logged.process == DAEMON and logged.message == error.describe()
    assert logged.message.startswith(SIGNATURE)
    assert "NSCocoaErrorDomain Code=3840 \"Garbage at end around line" in logged.message
    assert f"NSJSONSerializationErrorIndex={error.position}}}}}}}" in logged.message


def test_the_error_has_apples_shape() -> None:
    error = ReadError("Garbage at end", 3052, 27, 1, 0x9480343F0)
    assert error.describe() == (
        'Error Domain=com.apple.PlatformSSO Code=-1001 "Error deserializing device config." '
        "UserInfo={NSLocalizedDescription=Error deserializing device config., NSUnderlyingError=0x9480343f0 "
        '{Error Domain=NSCocoaErrorDomain Code=3840 "Garbage at end around line 27, column 1." '
        "UserInfo={NSDebugDescription=Garbage at end around line 27, column 1., NSJSONSerializationErrorIndex=3052}}}"
    )


def test_registering_again_on_an_affected_build_brings_the_prompt_back() -> None:
    person = registered("15.2")
    world, mac = person.world, person.mac
    world.advance(2 * PRT_REFRESH_INTERVAL)
    assert mac.platform_sso.status is RegistrationStatus.REQUIRED
    person.register_with_company_portal()  # from the Registration Required notification
    assert mac.platform_sso.status is RegistrationStatus.REGISTERED
    assert isinstance(device_configuration(mac).read(), dict)  # the new registration wrote it whole
    world.advance(2 * PRT_REFRESH_INTERVAL)
    assert mac.platform_sso.status is RegistrationStatus.REQUIRED  # and the race corrupts it again
    assert len(mac.logging.error_entries) == 2


def test_a_fixed_build_keeps_the_configuration_whole_for_days() -> None:
    person = registered("15.3")
    world, mac = person.world, person.mac
    world.advance(12 * PRT_REFRESH_INTERVAL)
    configuration = device_configuration(mac)
    assert configuration.corruptions == 0 and isinstance(configuration.read(), dict)
    assert mac.platform_sso.status is RegistrationStatus.REGISTERED
    assert not mac.logging.error_entries


def test_updating_to_15_3_before_the_race_stops_it() -> None:
    person = registered("15.1")
    world, mac = person.world, person.mac
    install(mac, "15.3")
    assert not mac.account.signed_in and mac.os_version == "15.3"
    mac.sign_in(person.entra_password)  # the Platform SSO login writes the configuration again
    world.advance(12 * PRT_REFRESH_INTERVAL)
    assert device_configuration(mac).corruptions == 0
    assert mac.platform_sso.status is RegistrationStatus.REGISTERED


def test_each_mac_has_its_own_configuration() -> None:
    first, second = registered("15.1", seed=1).mac, registered("15.3", seed=2).mac
    assert device_configuration(first) is device_configuration(first)
    assert device_configuration(first) is not device_configuration(second)
