"""Intune's backend refusing what it does not have, and judging a Mac by a compliance policy's minimum macOS
(psso_sim.intune.backend)."""

from __future__ import annotations

import pytest

from psso_sim.actors import PROFILE_WAIT, Person
from psso_sim.intune.errors import UnknownManagedDevice, UnknownProfile
from psso_sim.intune.models import CompliancePolicy, ComplianceState
from psso_sim.intune.profiles import ConfigurationProfile
from psso_sim.world import World


def enrolled(seed: int) -> Person:
    world = World(seed=seed)
    user = world.add_user()
    someone = Person(world, user, world.add_mac(macos=14, owner=user))
    someone.enroll_before_platform_sso()
    return someone


def test_a_mac_below_the_policys_minimum_macos_is_noncompliant_at_once() -> None:
    someone = enrolled(141)
    world = someone.world
    world.require_compliance(CompliancePolicy("macOS 15 only", minimum_os_version=15,
                                              require_platform_sso_registration=False))
    device = world.intune.device_by_udid(someone.mac.udid)
    assert device.compliance_state is ComplianceState.NONCOMPLIANT
    assert device.noncompliance_reasons == (f"macOS 15 only: macOS {device.os_version} is below 15",)


def test_an_unknown_device_or_profile_is_refused_by_name() -> None:
    world = World(seed=142)
    with pytest.raises(UnknownManagedDevice, match="unknown managed device 'nope'"):
        world.intune.device("nope")
    world.target_platform_sso()
    stray = ConfigurationProfile(PayloadIdentifier="com.contoso.stray", PayloadUUID="S", PayloadDisplayName="Stray",
                                 PayloadContent=[])
    with pytest.raises(UnknownProfile, match=r"no assigned profile with identifier 'com\.contoso\.stray'") as raised:
        world.intune.update_profile(stray)
    assert raised.value.hint is not None and raised.value.hint.startswith("assigned: 'com.contoso.psso.")


def test_a_profile_for_other_users_is_not_pushed_to_this_mac() -> None:
    someone = enrolled(143)
    world, mac = someone.world, someone.mac
    profile = ConfigurationProfile(PayloadIdentifier="com.contoso.other", PayloadUUID="O", PayloadDisplayName="Other",
                                   PayloadContent=[])
    check_ins = mac.mdm.check_ins
    world.intune.assign_profile(profile, frozenset({"someone.else@contoso.com"}))
    world.intune.update_profile(profile.model_copy(update={"payload_display_name": "Other v2"}))
    world.advance(PROFILE_WAIT)
    assert mac.mdm.check_ins == check_ins  # no push woke the Mac
    assert "com.contoso.other" not in mac.profiles
